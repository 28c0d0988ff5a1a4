"""Build benchmark: per-stage speed and memory at several corpus sizes.

    python bench/build_bench.py                      # 1k, 10k and 50k synthetic articles
    python bench/build_bench.py --sizes 1000 --real  # and the real corpus in ../shared
    python bench/build_bench.py --sizes 1000 --real --real-limit 2000  # its first 2,000 items a file
    python bench/build_bench.py --json bench/results/build.json
    python bench/build_bench.py --sizes 1000 --real --no-model   # the rules alone, without the NER model

For each size it generates a corpus (bench/corpus.py) and, in a fresh process
so that peak memory is its own, measures:
- per stage, as the build reports them (read+clean, recognise with its jieba
  segmentation, link, relate, graph, serialise), and jieba segmentation alone
  as the reference: seconds, characters/s, triples/s;
- end to end (files to Turtle on disk) against jieba segmentation alone over
  the same text, in the same run;
- --jobs 2 against --jobs 1; an incremental rebuild after one changed article
  against the full build (and that both give the same bytes);
- peak resident memory.
Figures are printed and written to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))  # for corpus.py beside this file

SHARED = ROOT.parent / "shared" / "corpus"


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def measure(inputs: list[str], work: Path, *, incremental: bool, parallel: bool, model: bool) -> dict:
    import functools

    import jieba

    import kg
    from kg.pipeline import StageTimer, read_all
    from kg.recognize.recognizer import default_pipeline
    from kg.text import use_model

    jieba.setLogLevel(60)
    jieba.initialize()
    use_model(model)
    default_pipeline()
    build = functools.partial(kg.build, model=model)
    figures: dict = {"inputs": inputs, "model": model}

    # the reference: jieba segmentation alone over the same cleaned texts
    chars = articles = 0
    jieba_seconds = 0.0
    for item in read_all(inputs, StageTimer()):
        if isinstance(item, Exception):
            continue
        articles += 1
        chars += len(item.text)
        started = time.perf_counter()
        jieba.lcut(item.text)
        jieba_seconds += time.perf_counter() - started

    # end to end, files to Turtle on disk; the build reports its seconds per stage
    started = time.perf_counter()
    report = build(inputs, work / "full", html=False, keep_articles=False).report
    end_to_end = time.perf_counter() - started
    triples = report["triples"]
    stages = {}
    for stage, seconds in report["seconds"].items():
        if stage == "total":
            continue
        stages[stage] = {"seconds": seconds, "chars_per_second": round(chars / seconds) if seconds else None}
        if stage in ("graph", "serialize"):
            stages[stage]["triples_per_second"] = round(triples / seconds) if seconds else None
    stages["segment_only_jieba"] = {"seconds": round(jieba_seconds, 3), "chars_per_second": round(chars / jieba_seconds)}
    figures.update(articles=articles, characters=chars, triples=triples, stages=stages)
    figures["end_to_end"] = {
        "seconds": round(end_to_end, 3),
        "chars_per_second": round(chars / end_to_end),
        "vs_jieba_segmentation": round(jieba_seconds / end_to_end, 3),
    }
    figures["peak_memory_mb_after_jobs1"] = peak_mb()

    if parallel:
        started = time.perf_counter()
        build(inputs, work / "jobs2", html=False, keep_articles=False, jobs=2)
        two = time.perf_counter() - started
        same = (work / "jobs2" / "graph.ttl").read_bytes() == (work / "full" / "graph.ttl").read_bytes()
        figures["jobs"] = {"cores": os.cpu_count(), "jobs1_seconds": round(end_to_end, 3), "jobs2_seconds": round(two, 3),
                           "speedup": round(end_to_end / two, 3), "same_bytes": same}

    if incremental:
        cache = work / "cache"
        build(inputs, work / "cached", html=False, keep_articles=False, cache_dir=cache)
        change_one_article(Path(inputs[0]))
        started = time.perf_counter()
        build(inputs, work / "cached", html=False, keep_articles=False, cache_dir=cache)
        rebuild = time.perf_counter() - started
        build(inputs, work / "full2", html=False, keep_articles=False)
        same = (work / "cached" / "graph.ttl").read_bytes() == (work / "full2" / "graph.ttl").read_bytes()
        figures["incremental"] = {"rebuild_seconds": round(rebuild, 3), "full_seconds": round(end_to_end, 3),
                                  "fraction_of_full": round(rebuild / end_to_end, 3), "same_bytes_as_full": same}
    figures["peak_memory_mb"] = peak_mb()
    figures["peak_memory_mb_of_a_worker"] = peak_mb(resource.RUSAGE_CHILDREN)
    return figures


ADDED = "另据了解，相关工作正在推进。"


def change_one_article(folder: Path) -> None:
    """Add a sentence to one article: a Markdown file's body, or a JSON Lines file's first record."""
    markdown = next(folder.rglob("*.md"), None)
    if markdown is not None:
        markdown.write_text(markdown.read_text(encoding="utf-8").replace("</div>", f"<p>{ADDED}</p></div>"), encoding="utf-8")
        return
    lines = sorted(folder.rglob("*.jsonl"))[-1]
    first, rest = lines.read_text(encoding="utf-8").split("\n", 1)
    record = json.loads(first)
    field = "content_text" if "content_text" in record else "raw"  # the xwlb and the agora-news shapes
    record[field] += ADDED
    lines.write_text(json.dumps(record, ensure_ascii=False) + "\n" + rest, encoding="utf-8")


def run_size(size: int, options: argparse.Namespace) -> dict:
    from corpus import write_corpus

    work = Path(tempfile.mkdtemp(prefix=f"kg-bench-{size}-"))
    try:
        write_corpus(work / "corpus", size)
        return measure([str(work / "corpus")], work, incremental=options.incremental, parallel=options.parallel, model=options.model) | {"size": size}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_real(options: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="kg-bench-real-"))
    try:
        inputs = [str(SHARED / "xwlb"), str(SHARED / "agora-news")]
        if options.real_limit:  # the first N items of each JSON Lines file, copied outside the project
            inputs = []
            for source in sorted(SHARED.rglob("*.jsonl")):
                target = work / "corpus" / source.relative_to(SHARED)
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(source, encoding="utf-8") as lines:
                    target.write_text("".join(line for _, line in zip(range(options.real_limit), lines, strict=False)), encoding="utf-8")
            inputs = [str(work / "corpus")]
        size = f"real corpus, first {options.real_limit} items a file" if options.real_limit else "real corpus"
        incremental = options.incremental and bool(options.real_limit)  # the shared copy is read-only
        return measure(inputs, work, incremental=incremental, parallel=options.parallel, model=options.model) | {"size": size}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def in_child(what: str, options: argparse.Namespace) -> dict:
    """Run one measurement in a fresh process, so that its peak memory is its own."""
    command = [sys.executable, __file__, "--one", what]
    command += [] if options.incremental else ["--no-incremental"]
    command += [] if options.parallel else ["--no-parallel"]
    command += [] if options.model else ["--no-model"]
    command += ["--real-limit", str(options.real_limit)] if options.real_limit else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark of {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--real", action="store_true", help="also run the real corpus in ../shared/corpus")
    parser.add_argument("--real-limit", type=int, default=0, metavar="N", help="with --real: only the first N items of each file")
    parser.add_argument("--no-incremental", dest="incremental", action="store_false")
    parser.add_argument("--no-parallel", dest="parallel", action="store_false")
    parser.add_argument("--no-model", dest="model", action="store_false", help="recognise with the rules alone")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "build.json")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: one measurement, in this process
    options = parser.parse_args()
    if options.one:
        figures = run_real(options) if options.one == "real" else run_size(int(options.one), options)
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    results = []
    for size in options.sizes:
        figures = in_child(str(size), options)
        results.append(figures)
        print(json.dumps(figures, ensure_ascii=False, indent=1), flush=True)
    if options.real and SHARED.exists():
        figures = in_child("real", options)
        results.append(figures)
        print(json.dumps(figures, ensure_ascii=False, indent=1), flush=True)
    if len(results) >= 2 and isinstance(results[0]["size"], int) and isinstance(results[1]["size"], int):
        first, second = results[0], results[1]
        ratio = second["end_to_end"]["seconds"] / first["end_to_end"]["seconds"]
        print(f"linearity: {second['size'] / first['size']:.0f}x the articles took {ratio:.2f}x the time")
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"figures written to {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
