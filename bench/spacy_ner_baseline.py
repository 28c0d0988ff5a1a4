"""spaCy's own trainable `ner` as the comparison baseline for kg's recogniser (issue 11).

    nice -n 10 python bench/spacy_ner_baseline.py [--minutes 20] [--output DIR] [--json FILE]

Trains spaCy's `ner` (bench/spacy_ner.cfg: blank zh, one token a character, tok2vec
HashEmbedCNN, no pretrained vectors, a fixed seed) on MSRA NER train from
../shared/ner-train (never copied into the project), holding out 2% of it as the
training-time dev set. People's Daily dev (../shared/eval) is used only for the final
score, never for training or for choosing a checkpoint.

The budget (--minutes, default 20) covers a short timing probe and the training run:
the probe measures a training step and a dev evaluation on this machine, and max_steps
and eval_frequency are set from it so the run ends in time; a deadline callback stops
the run if the machine gets slower meanwhile (the best checkpoint is kept either way).

Then it prints, for the trained pipeline alone (no gazetteer, no rules): precision,
recall and F1 on People's Daily dev (exact character spans, overall and per label, as
`kg eval --conll` counts them), tagging speed in characters per second on one core
(nlp.pipe over the dev sentences and over real 新闻联播 items) and the model's size on disk.
"""

from __future__ import annotations

import os

# One core: the speed figures are per core, and the machine is shared.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's kg, not an installed one

import spacy  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402
from spacy.training import Corpus  # noqa: E402
from spacy.training.initialize import init_nlp  # noqa: E402
from spacy.training.loop import train as spacy_train  # noqa: E402
from spacy.util import filter_spans, load_config, registry  # noqa: E402

from kg.evaluation.scoring import Evaluation, read_conll  # noqa: E402

SHARED = ROOT.parent / "shared"
TRAIN = SHARED / "ner-train" / "msra-train.bioes"
PD_DEV = SHARED / "eval" / "peoples-daily-dev" / "example.dev"
CORPUS = SHARED / "corpus" / "xwlb" / "xwlb_2021_2024.jsonl"
CONFIG = ROOT / "bench" / "spacy_ner.cfg"

DEV_FRACTION = 0.02
EVALUATIONS = 10  # dev evaluations over the run (plus the one at step 0)
PROBE_STEPS = 30


class TimeBudgetExceeded(Exception):
    """Raised by the deadline callback; spaCy keeps model-best and saves model-last."""


# What the training run did, filled by the callbacks below (spaCy calls them in-process).
RUN_LOG: dict = {"last_step": -1, "last_epoch": 0, "evaluations": []}


@registry.callbacks("kg_bench.deadline.v1")
def make_deadline(deadline: float):
    def before_update(nlp, info):
        RUN_LOG["last_step"], RUN_LOG["last_epoch"] = info["step"], info["epoch"]
        if time.time() > deadline:
            raise TimeBudgetExceeded(f"time budget reached at step {info['step']}")

    return before_update


@registry.loggers("kg_bench.recording_console_logger.v1")
def make_recording_logger(progress_bar: bool = False):
    console = registry.get("loggers", "spacy.ConsoleLogger.v1")(progress_bar=progress_bar)

    def setup(nlp, stdout=sys.stdout, stderr=sys.stderr):
        log_step, finalize = console(nlp, stdout, stderr)

        def record(info):
            if info is not None:
                RUN_LOG["evaluations"].append({"step": info["step"], "epoch": info["epoch"], "dev_f1": info["score"],
                                               "seconds": info["seconds"]})
                stdout.flush()
            log_step(info)

        return record, finalize

    return setup


# --- data ---------------------------------------------------------------------------------


def split_train_dev(sentences: list, seed: int) -> tuple[list, list]:
    """A fixed random 2% of MSRA train as the training-time dev set."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    held = set(order[: max(1, round(len(sentences) * DEV_FRACTION))])
    return [s for i, s in enumerate(sentences) if i not in held], [s for i, s in enumerate(sentences) if i in held]


def write_docbin(nlp, sentences: list, path: Path) -> int:
    """Sentences (text, spans) as a DocBin of char-token docs; returns spans dropped.

    read_conll already repairs ill-formed BIOES (an E or I without its B opens a span
    there), so no sentence is lost; a span that does not fall on token boundaries (none
    with one token a character) or overlaps another is dropped and counted.
    """
    docs = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dropped = 0
    for text, spans in sentences:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(start, end, label=label) for start, end, label in sorted(spans)]
        kept = filter_spans([ent for ent in ents if ent is not None])
        dropped += len(spans) - len(kept)
        doc.ents = kept
        docs.add(doc)
    docs.to_disk(path)
    return dropped


def corpus_texts(items: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    from extract_speed import load_texts

    return load_texts(items)


# --- training -----------------------------------------------------------------------------


def training_config(train_path: Path, dev_path: Path, args: argparse.Namespace):
    overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    if args.width:
        overrides["components.tok2vec.model.width"] = args.width
    if args.embed_rows:
        overrides["components.tok2vec.model.embed_size"] = args.embed_rows
    config = load_config(CONFIG, overrides=overrides, interpolate=False)
    config["training"]["logger"] = {"@loggers": "kg_bench.recording_console_logger.v1", "progress_bar": False}
    return config


def probe(config) -> dict[str, float]:
    """Seconds for initialisation, one training step and one dev evaluation, measured."""
    started = time.perf_counter()
    nlp = init_nlp(config)
    initialise = time.perf_counter() - started
    resolved = registry.resolve({"batcher": config["training"]["batcher"]})
    train_examples = list(Corpus(config["paths"]["train"])(nlp))
    random.Random(0).shuffle(train_examples)
    dev_examples = list(Corpus(config["paths"]["dev"])(nlp))
    optimizer = nlp.resume_training()
    batches = iter(resolved["batcher"](train_examples))
    nlp.update(next(batches), sgd=optimizer)  # warm-up
    started = time.perf_counter()
    for _ in range(PROBE_STEPS):
        nlp.update(next(batches), drop=0.1, sgd=optimizer)
    step = (time.perf_counter() - started) / PROBE_STEPS
    started = time.perf_counter()
    nlp.evaluate(dev_examples)
    evaluate = time.perf_counter() - started
    return {"initialise": initialise, "step": step, "evaluate": evaluate}


def plan_steps(seconds_left: float, costs: dict[str, float]) -> tuple[int, int]:
    """max_steps and eval_frequency that fit the time left, with a 10% margin."""
    checkpoint = costs["evaluate"] + 1.0  # an evaluation and a save
    usable = 0.9 * seconds_left - costs["initialise"] - (EVALUATIONS + 1) * checkpoint
    max_steps = max(EVALUATIONS, int(usable / costs["step"]))
    eval_frequency = max(1, max_steps // EVALUATIONS)
    return eval_frequency * EVALUATIONS, eval_frequency


# --- measuring ----------------------------------------------------------------------------


def score_on(nlp, path: Path) -> tuple[Evaluation, list[str]]:
    sentences = list(read_conll(path))
    evaluation = Evaluation()
    for index, ((_text, gold), doc) in enumerate(zip(sentences, nlp.pipe(text for text, _ in sentences), strict=True)):
        predicted = {(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents}
        evaluation.add_document(gold, predicted, where=f"{path.name}#{index + 1}")
    return evaluation, [text for text, _ in sentences]


def tagging_speed(nlp, texts: list[str]) -> dict[str, float]:
    list(nlp.pipe(texts[:20]))  # warm-up
    chars = sum(len(text) for text in texts)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts):
        pass
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"texts": len(texts), "chars": chars, "seconds": round(wall, 2), "chars_per_second": round(chars / wall),
            "chars_per_cpu_second": round(chars / cpu)}


def disk_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0, help="budget for the probe and the training run")
    parser.add_argument("--output", type=Path, help="where the pipelines go (default: a new temporary directory)")
    parser.add_argument("--width", type=int, help="tok2vec width (the config's: 96)")
    parser.add_argument("--embed-rows", type=int, help="HashEmbed rows (the config's: 5000)")
    parser.add_argument("--limit", type=int, help="train on the first N sentences only (a smoke run)")
    parser.add_argument("--items", type=int, default=300, help="real 新闻联播 items timed")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    for needed in (TRAIN, PD_DEV, CORPUS):
        if not needed.exists():
            print(f"{needed}: not found (the shared data is read from ../shared)", file=sys.stderr)
            return 2
    if os.nice(0) < 10:
        os.nice(10 - os.nice(0))
    started = time.time()
    deadline = started + args.minutes * 60
    output = args.output or Path(tempfile.mkdtemp(prefix="kg-spacy-ner-"))
    output.mkdir(parents=True, exist_ok=True)
    figures: dict = {"config": str(CONFIG.relative_to(ROOT)), "budget_minutes": args.minutes}

    with tempfile.TemporaryDirectory(prefix="kg-spacy-ner-data-") as data:
        sentences = list(read_conll(TRAIN))
        if args.limit:
            sentences = sentences[: args.limit]
        config = training_config(Path(data) / "train.spacy", Path(data) / "dev.spacy", args)
        seed = config["training"]["seed"] if isinstance(config["training"]["seed"], int) else config["system"]["seed"]
        train_part, dev_part = split_train_dev(sentences, seed)
        blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
        dropped = write_docbin(blank, train_part, Path(data) / "train.spacy")
        dropped += write_docbin(blank, dev_part, Path(data) / "dev.spacy")
        figures["data"] = {"train_sentences": len(train_part), "dev_sentences": len(dev_part),
                           "train_chars": sum(len(t) for t, _ in train_part), "spans_dropped": dropped}
        print(f"MSRA train: {len(train_part):,} sentences to train on, {len(dev_part):,} held out as dev; "
              f"{dropped} spans dropped", flush=True)

        costs = probe(config)
        max_steps, eval_frequency = plan_steps(deadline - time.time(), costs)
        print(f"probe: init {costs['initialise']:.1f} s, {costs['step']:.3f} s a step "
              f"(batches of {config['training']['batcher']['size']} chars), dev evaluation {costs['evaluate']:.1f} s "
              f"-> max_steps {max_steps}, eval_frequency {eval_frequency}", flush=True)
        config["training"]["max_steps"] = max_steps
        config["training"]["eval_frequency"] = eval_frequency
        # The deadline is a safety net (10% over the budget) should the shared machine slow down.
        config["training"]["before_update"] = {"@callbacks": "kg_bench.deadline.v1",
                                               "deadline": deadline + 0.1 * args.minutes * 60}
        training_started = time.time()
        nlp = init_nlp(config)
        stopped_by = "max_steps"
        try:
            spacy_train(nlp, output, stdout=sys.stdout, stderr=sys.stderr)
        except TimeBudgetExceeded as stop:
            stopped_by = str(stop)
        training_seconds = time.time() - training_started
    best = max(RUN_LOG["evaluations"], key=lambda e: (e["dev_f1"], -e["step"]))
    figures["training"] = {"seconds": round(training_seconds), "probe_seconds": round(training_started - started),
                           "steps": RUN_LOG["last_step"] + 1, "epochs": RUN_LOG["last_epoch"],
                           "max_steps": max_steps, "eval_frequency": eval_frequency, "stopped_by": stopped_by,
                           "best_step": best["step"], "best_msra_dev_f1": round(best["dev_f1"], 4),
                           "seconds_per_step": round(costs["step"], 4)}
    print(f"trained {training_seconds / 60:.1f} min, {RUN_LOG['last_step'] + 1} steps ({stopped_by}); "
          f"best MSRA-dev F1 {best['dev_f1']:.4f} at step {best['step']}", flush=True)

    model = output / "model-best"
    nlp = spacy.load(model)
    evaluation, dev_texts = score_on(nlp, PD_DEV)
    figures["peoples_daily_dev"] = evaluation.summary()
    figures["peoples_daily_dev"].pop("documents")
    figures["speed"] = {"peoples_daily_dev": tagging_speed(nlp, dev_texts),
                        "xwlb_items": tagging_speed(nlp, corpus_texts(args.items))}
    figures["model"] = {"path": str(model), "bytes": disk_size(model),
                        "components": {name: disk_size(model / name) for name in nlp.pipe_names}}

    overall = figures["peoples_daily_dev"]["overall"]
    print(f"\nPeople's Daily dev, model alone: P {overall['precision']:.3f} / R {overall['recall']:.3f} / "
          f"F1 {overall['f1']:.3f} ({overall['gold']} gold spans)")
    for label, scores in figures["peoples_daily_dev"]["by_label"].items():
        print(f"  {label}: P {scores['precision']:.3f} / R {scores['recall']:.3f} / F1 {scores['f1']:.3f} "
              f"({scores['gold']} gold)")
    for name, speed in figures["speed"].items():
        print(f"speed on {name} ({speed['texts']} texts, {speed['chars']:,} chars): {speed['chars_per_second']:,} "
              f"chars/s wall, {speed['chars_per_cpu_second']:,} chars/s of CPU")
    print(f"model on disk: {figures['model']['bytes'] / 1e6:.1f} MB ({model})")
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.json:
        temporary = args.json.with_name(args.json.name + ".tmp")
        temporary.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        temporary.replace(args.json)
    if args.output is None:
        print(f"(the pipelines stay in {output}; remove it when done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
