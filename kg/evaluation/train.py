"""``kg train``: fit the statistical recogniser (``kg/recognize/ner.py``) on kg's corpus and public NER data.

The training sets are read where the project keeps them (``../shared/ner-train/``
by default), never shipped: MSRA's news sentences tagged PER/LOC/ORG in BIOES,
and CLUENER2020's finer types mapped to those three (``kg/data/ner/train.yaml``
says how, and which of its types stay unlabelled), a sample of them; and the train
split of kg's own annotated corpus (``tests/gold/corpus/corpus.jsonl``), the only
set that tags events, laws and products, weighted by repetition; its dev split is
the held-out set. Every sentence gets the features it will have at run time: jieba's
words and tags, the gazetteer's names and the rules' candidates, from the same
pipeline components the recogniser runs. CRFsuite fits a
linear-chain CRF (L-BFGS with L1 and L2 penalties, so that most features weigh
nothing and the tables stay small); its weights are then written as numpy
tables with their vocabularies, which is all ``kg.recognize.ner`` loads.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import ConfigError, KgError
from kg.evaluation.scoring import Evaluation, read_conll
from kg.recognize import ner
from kg.resources import data_path, load_jsonl, load_yaml

try:
    import pycrfsuite
except ImportError as missing:  # the [train] extra
    raise ImportError("kg train needs python-crfsuite: pip install 'kg[train]'") from missing


Sentence = tuple[str, list[tuple[int, int, str]]]


@dataclass(frozen=True)
class TrainingConfig:
    msra: str
    cluener: str | None
    cluener_labels: dict[str, str]
    dev_every: int
    algorithm: str
    params: dict[str, Any]
    prune: float
    seed: int
    corpus: str | None = None
    corpus_labels: dict[str, str] | None = None
    corpus_repeat: int = 1
    public_sentences: int | None = None
    public_skip: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path) -> TrainingConfig:
        raw = load_yaml(path)
        try:
            return cls(
                msra=raw["data"]["msra"],
                cluener=raw["data"].get("cluener"),
                cluener_labels=dict(raw.get("cluener_labels", {})),
                dev_every=int(raw["dev_every"]),
                algorithm=str(raw["crf"]["algorithm"]),
                params=dict(raw["crf"]["params"]),
                prune=float(raw["crf"].get("prune", 0.0)),
                seed=int(raw["seed"]),
                corpus=raw["data"].get("corpus"),
                corpus_labels=dict(raw.get("corpus_labels", {})),
                corpus_repeat=int(raw.get("corpus_repeat", 1)),
                public_sentences=int(raw["public_sentences"]) if raw.get("public_sentences") else None,
                public_skip=tuple(str(mark) for mark in raw.get("public_skip", ())),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"{path}: not a training configuration: {error!r}") from error


# --- the training sets -----------------------------------------------------------------------


def read_bioes(path: Path) -> Iterator[Sentence]:
    """Sentences of a character-per-line BIOES (or BIO) file: text and (start, end, label) spans."""
    for text, spans in read_conll(path):
        yield text, sorted(spans)


def read_cluener(path: Path, labels: dict[str, str], skip_types: frozenset[str] = frozenset()) -> Iterator[Sentence]:
    """CLUENER2020 lines with its types mapped to PER/LOC/ORG; unmapped types stay untagged.
    A line with a type of ``skip_types`` (books, games, films: works and products kg's
    model tags, which CLUENER's mapping would leave as O) is left out."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error.strerror}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if skip_types & record.get("label", {}).keys():
                continue
            spans = [
                (start, end + 1, labels[kind])
                for kind, surfaces in record.get("label", {}).items()
                if kind in labels
                for places in surfaces.values()
                for start, end in places
            ]
            yield record["text"], sorted(set(spans))
        except (ValueError, KeyError, TypeError) as error:
            raise KgError(f"{path}:{number}: not a CLUENER record: {error!r}") from error


def tag_sequence(length: int, spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * length
    for start, end, label in spans:
        if any(tag != "O" for tag in tags[start:end]):
            continue  # overlapping spans (CLUENER has a few): the first one stands
        if end - start == 1:
            tags[start] = "S-" + label
        else:
            tags[start] = "B-" + label
            tags[start + 1:end - 1] = ["I-" + label] * (end - start - 2)
            tags[end - 1] = "E-" + label
    return tags


# Where a corpus article's sentences end: the model is trained on sentences, as on MSRA.
SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")


def corpus_path() -> Path:
    """The project's folder: the annotated corpus lives in its tests/gold/corpus/."""
    return Path(__file__).resolve().parents[2]


def read_corpus(path: Path, labels: dict[str, str], split: str) -> Iterator[Sentence]:
    """The sentences of one split of kg's annotated corpus, every label of ``labels`` tagged
    (kg's labels as the model's: GPE and LOC are one LOC, told apart after tagging)."""
    from kg.evaluation.scoring import read_gold_source

    for record in load_jsonl(path, error=KgError):
        if record.get("split") != split:
            continue
        source = record["path"]
        file_part = source.rpartition(":")[0] or source
        # the corpus names its texts from the project's folder (../shared/corpus) or its own
        base = path.parent if (path.parent / file_part).exists() else corpus_path()
        if not (base / file_part).exists() and not Path(file_part).exists():
            raise KgError(f"{path}: cannot find the text of {source}")
        text = read_gold_source(source, base).text
        entities = sorted({(e["start"], e["end"], labels[e["label"]]) for e in record["entities"] if e["label"] in labels})
        start = 0
        for piece in SENTENCE_END.split(text):
            end = start + len(piece)
            if piece.strip():
                yield piece, [(s - start, e - start, label) for s, e, label in entities if start <= s and e <= end]
            start = end


def read_public(config: TrainingConfig, data_dir: Path) -> list[Sentence]:
    """MSRA and CLUENER, subsampled to ``public_sentences``; a sentence with a mark of
    ``public_skip`` (《, where a law's or a product's title stands that these sets leave
    untagged) is left out, so that they do not teach the model that such names are O."""
    skip_types = frozenset(kind for kind in ("book", "game", "movie") if kind not in config.cluener_labels) if config.public_skip else frozenset()
    sentences = list(read_bioes(data_dir / config.msra))
    if config.cluener:
        sentences.extend(read_cluener(data_dir / config.cluener, config.cluener_labels, skip_types))
    sentences = [s for s in sentences if not any(mark in s[0] for mark in config.public_skip)]
    random.Random(config.seed).shuffle(sentences)
    return sentences[: config.public_sentences] if config.public_sentences else sentences


def load_sentences(config: TrainingConfig, data_dir: Path, limit: int | None) -> tuple[list[Sentence], list[Sentence]]:
    """Training and dev sentences. With a corpus: the public sets and the corpus's train
    split (repeated ``corpus_repeat`` times, as a weight: it alone carries every label),
    dev its dev split. Without: the public sets, one sentence in ``dev_every`` held out."""
    public = read_public(config, data_dir)
    if limit:
        public = public[:limit]
    if not config.corpus:
        dev = public[:: config.dev_every]
        return [s for index, s in enumerate(public) if index % config.dev_every], dev
    corpus = corpus_path() / config.corpus
    labels = config.corpus_labels or {}
    train_part = list(read_corpus(corpus, labels, "train"))
    dev = list(read_corpus(corpus, labels, "dev"))
    if limit:
        train_part, dev = train_part[: limit // 4], dev[: max(limit // 20, 1)]
    sentences = public + train_part * config.corpus_repeat
    random.Random(config.seed).shuffle(sentences)
    return sentences, dev


# --- features as the recogniser will see them --------------------------------------------------


class FeatureSource:
    """jieba's words and the gazetteer's names of a text, from the recogniser's own components."""

    def __init__(self) -> None:
        from kg.recognize.candidates import CANDIDATE_PREFIX
        from kg.recognize.recognizer import build_pipeline
        from kg.recognize.settings import RecognizerSettings
        from kg.text import to_simplified

        nlp = build_pipeline(RecognizerSettings(model=False), statistical=False)
        self.vocab = nlp.vocab
        self.before_model = [component for name, component in nlp.pipeline if name != "kg_resolve"]
        self.key = CANDIDATE_PREFIX + "gazetteer"
        self.to_simplified = to_simplified

    def inputs(self, text: str) -> tuple[str, list[tuple[int, int, str, str]], list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """What ``CharCRF.tag`` reads: the simplified text, its words, its gazetteer names and
        the rule finders' candidates, from the components that run before the model."""
        from spacy.tokens import Doc

        simplified = self.to_simplified(text)
        doc = Doc(self.vocab, words=list(simplified), spaces=[False] * len(simplified))
        doc.user_data["kg_text"] = simplified
        for component in self.before_model:
            doc = component(doc)
        gazetteer = [(span.start, span.end, span.label_) for span in doc.spans[self.key]]
        return simplified, doc.user_data["kg_words"], gazetteer, ner.rule_spans(doc)

    def __call__(self, text: str) -> dict[str, list[str]]:
        return ner.sequences(*self.inputs(text))


# --- fitting and writing the model ----------------------------------------------------------------


def train(
    data_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    config_path: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    max_iterations: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Fit the model on the sets in ``data_dir`` and write it to ``out_dir`` (the shipped place by default)."""
    config = TrainingConfig.load(Path(config_path) if config_path else data_path("ner/train.yaml"))
    data_dir = Path(data_dir)
    out = Path(out_dir) if out_dir else ner.model_directory()
    if not (data_dir / config.msra).is_file():
        raise KgError(f"{data_dir / config.msra}: no such training file (give the folder of ../shared/ner-train with --data)")
    started = time.perf_counter()
    train_set, dev = load_sentences(config, data_dir, limit)
    log(f"kg train: {len(train_set):,} training and {len(dev):,} dev sentences from {data_dir}")

    features = FeatureSource()
    trainer = ProgressTrainer(algorithm=config.algorithm, verbose=True)
    trainer.log = log
    for number, (text, spans) in enumerate(train_set, 1):
        trainer.append(ner.attributes(features(text)), tag_sequence(len(text), spans), 0)
        if number % 5000 == 0:
            log(f"  features: {number:,} of {len(train_set):,} sentences")
    for text, spans in dev:
        trainer.append(ner.attributes(features(text)), tag_sequence(len(text), spans), 1)
    params = config.params | ({"max_iterations": max_iterations} if max_iterations else {})
    try:
        trainer.set_params(params | {"feature.possible_transitions": True})
    except ValueError as error:
        raise ConfigError(f"CRFsuite's {config.algorithm} does not take these settings: {error}") from error
    with tempfile.TemporaryDirectory(prefix="kg-train-") as scratch:
        crfsuite_model = Path(scratch) / "model.crfsuite"
        seed_c_random(config.seed)
        trainer.train(str(crfsuite_model), holdout=1)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(crfsuite_model))
        info = tagger.info()
        arrays, vocabularies = tables_from(info.state_features, info.transitions, config.prune)
        tagger.close()

    training = {
        "data": [config.msra, *([config.cluener] if config.cluener else []), *([config.corpus] if config.corpus else [])],
        "sentences": len(train_set),
        "dev_sentences": len(dev),
        "algorithm": config.algorithm,
        "params": params,
        "prune": config.prune,
        "iterations": trainer.iterations,
        "seed": config.seed,
    }
    write_model(out, arrays, vocabularies, training)
    model = ner.CharCRF(out)
    score = evaluate_model(model, dev, features).summary()["overall"]
    log(f"kg train: dev P {score['precision']:.3f} R {score['recall']:.3f} F1 {score['f1']:.3f} (exact spans); "
        f"{time.perf_counter() - started:.0f} s; model {model.version} in {out}")
    return {"version": model.version, "dev": score, **training}


def seed_c_random(seed: int) -> None:
    """CRFsuite's SGD shuffles with the C library's ``rand()``: seed it, so that the same
    data and settings give the same model, also twice in one process."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.srand(ctypes.c_uint(seed))


class ProgressTrainer(pycrfsuite.Trainer):
    """CRFsuite's trainer, printing each iteration's loss and its dev (holdout) tag scores."""

    log: Callable[[str], None] = print
    iterations = 0

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        self.iterations = info["num"]
        dev = f"; dev tag F1 {info['avg_f1']:.3f} (macro over tags)" if "avg_f1" in info else ""
        self.log(f"  iteration {info['num']}: loss {info.get('loss', float('nan')):.1f}{dev}")

    # CRFsuite's own log, which the base class prints as it comes, is left out.
    def on_start(self, log: str) -> None: ...
    def on_featgen_progress(self, log: str, percent: float) -> None: ...
    def on_featgen_end(self, log: str) -> None: ...
    def on_prepared(self, log: str) -> None: ...
    def on_optimization_end(self, log: str) -> None: ...
    def on_end(self, log: str) -> None: ...


def tables_from(state_features: dict[tuple[str, str], float], transitions: dict[tuple[str, str], float],
                prune: float = 0.0) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
    """CRFsuite's weights as ``kg.recognize.ner`` tables: per template, sorted value keys and a weight row each.
    A value whose weights all stay within ``prune`` of zero is left out: it hardly moves a score."""
    tag_index = {tag: index for index, tag in enumerate(ner.TAGS)}
    templates = {name: (sequence, offsets) for name, sequence, offsets in ner.TEMPLATES}
    rows: dict[str, dict[tuple[str, ...], np.ndarray]] = {name: {} for name in templates}
    bias = np.zeros(len(ner.TAGS), dtype=np.float32)
    for (attribute, tag), weight in state_features.items():
        if attribute == "bias":
            bias[tag_index[tag]] = weight
            continue
        name, _, value = attribute.partition("=")
        sequence, offsets = templates[name]
        parts = tuple(value) if sequence == ner.CHAR else tuple(value.split("|"))
        if len(parts) != len(offsets):
            continue  # a character value that is not one character (never written by attributes)
        rows[name].setdefault(parts, np.zeros(len(ner.TAGS), dtype=np.float32))[tag_index[tag]] = weight
    for name in rows:
        rows[name] = {parts: row for parts, row in rows[name].items() if np.abs(row).max() > prune}
    values: dict[str, set[str]] = {sequence: set() for _name, sequence, _offsets in ner.TEMPLATES}
    for name, (sequence, _offsets) in templates.items():
        for parts in rows[name]:
            values[sequence].update(parts)
    vocabularies = {sequence: [ner.PAD, "<unknown>", *sorted(found - {ner.PAD})] for sequence, found in values.items()}
    codes = {sequence: {value: code for code, value in enumerate(vocabulary)} for sequence, vocabulary in vocabularies.items()}
    arrays: dict[str, np.ndarray] = {"bias": bias}
    for name, (sequence, _offsets) in templates.items():
        size = len(vocabularies[sequence])
        keyed = []
        for parts, row in rows[name].items():
            key = 0
            for part in parts:
                key = key * size + codes[sequence][part]
            keyed.append((key, row))
        keyed.sort(key=lambda item: item[0])
        arrays[f"{name}.keys"] = np.array([key for key, _row in keyed], dtype=np.int64)
        arrays[f"{name}.weights"] = np.array([row for _key, row in keyed], dtype=np.float32).reshape(-1, len(ner.TAGS))
    matrix = np.zeros((len(ner.TAGS), len(ner.TAGS)), dtype=np.float32)
    for (before, after), weight in transitions.items():
        matrix[tag_index[before], tag_index[after]] = weight
    arrays["transitions"] = matrix
    return arrays, vocabularies


def write_model(out: Path, arrays: dict[str, np.ndarray], vocabularies: dict[str, list[str]], training: dict[str, Any]) -> None:
    """``crf.npz`` and ``crf.json``, each written to a temporary file and renamed into place."""
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{name: arrays[name] for name in sorted(arrays)})
    weights = buffer.getvalue()
    meta = {
        "version": hashlib.sha256(weights).hexdigest()[:12],
        "tags": list(ner.TAGS),
        "templates": [[name, sequence, list(offsets)] for name, sequence, offsets in ner.TEMPLATES],
        "training": training,
        "vocabularies": vocabularies,
    }
    for name, payload in (("crf.npz", weights), ("crf.json", (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode())):
        temporary = out / (name + ".part")
        temporary.write_bytes(payload)
        os.replace(temporary, out / name)
    ner.load_model.cache_clear()


def evaluate_model(model: ner.CharCRF, sentences: list[Sentence], features: FeatureSource) -> Evaluation:
    """Exact-span scores of the model alone on tagged sentences."""
    evaluation = Evaluation()
    for index, (text, spans) in enumerate(sentences):
        predicted = set(model.tag(*features.inputs(text)))
        evaluation.add_document(set(spans), predicted, where=f"dev#{index + 1}")
    return evaluation
