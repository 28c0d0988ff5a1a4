"""Build the gold JSONL files from the hand annotation in ``annotations.yaml``.

    /tmp/kgvenv/bin/python tests/gold/make_gold.py            # writes seeds.jsonl and heldout.jsonl
    /tmp/kgvenv/bin/python tests/gold/make_gold.py --show     # also prints each text with [span|LABEL]
    /tmp/kgvenv/bin/python tests/gold/make_gold.py --check    # builds and compares, writes nothing

The annotation lists, per article, the entity surfaces ``[surface, label,
canonical]``; this script finds every occurrence of every surface in the
article's cleaned text (``kg.read.sources.read_articles``), keeps the longest span
where two overlap (so 商务部 inside 商务部国际司 is not annotated separately),
drops the occurrences named in ``skip`` and writes one JSON line per article.

It fails (exit status 1, every problem listed) when a surface is not in the
text, when every occurrence of a surface is swallowed by longer spans or
skipped, when a skip names an occurrence that does not exist, or when a label
is unknown: the gold must not rot silently when cleaning changes.

The news corpus (``corpus/annotations/*.yaml``, one file per annotator's batch) is built into
``corpus/corpus.jsonl`` the same way, each item in the split of its source (``corpus/splits.yaml``).

``skip: [[surface, n], ...]``: ``n`` counts the occurrences of ``surface`` in
the text from 0, left to right, non-overlapping, *all* of them (also those
inside longer spans). A skipped occurrence is removed before overlaps are
resolved.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from kg.read.sources import read_articles  # noqa: E402
from kg.types import LABELS  # noqa: E402

SETS = {"seeds": HERE / "seeds.jsonl", "heldout": HERE / "heldout.jsonl", "outlets": HERE / "outlets.jsonl", "corpus": HERE / "corpus" / "corpus.jsonl"}
SPLITS = ("train", "dev", "test")
CORPUS = HERE / "corpus"
SPEAKER_KINDS = ("PERSON", "ORG", "OFFICIAL")


class GoldError(Exception):
    pass


def split_path(path: str) -> tuple[str, int | None]:
    """``FILE:LINE`` -> (FILE, LINE); a plain file -> (FILE, None)."""
    head, sep, tail = path.rpartition(":")
    if sep and tail.isdigit():
        return head, int(tail)
    return path, None


def load_articles(paths: list[str]) -> dict[str, object]:
    """Read every annotated article once, keyed by its annotation path."""
    wanted: dict[str, set[int | None]] = defaultdict(set)
    for path in paths:
        file_part, line = split_path(path)
        wanted[file_part].add(line)
    found: dict[str, object] = {}
    for file_part, lines in wanted.items():
        source = ROOT / file_part
        if not source.is_file():
            raise GoldError(f"{file_part}: no such file (paths are relative to {ROOT})")
        for result in read_articles(source):
            if not hasattr(result, "text"):  # an InputError for one JSONL record
                continue
            _, line = split_path(result.path) if source.suffix.lower() == ".jsonl" else (None, None)
            if line in lines:
                found[f"{file_part}:{line}" if line is not None else file_part] = result
    return found


def occurrences(text: str, surface: str) -> list[int]:
    starts, at = [], text.find(surface)
    while at != -1:
        starts.append(at)
        at = text.find(surface, at + len(surface))
    return starts


def annotate(item: dict, article, problems: list[str]) -> list[dict]:
    where = item["path"]
    text = article.text
    entities = item.get("entities") or []
    skips = {(str(s), int(n)) for s, n in (item.get("skip") or [])}
    seen_surfaces: dict[str, tuple[str, str]] = {}
    candidates = []
    for entry in entities:
        if isinstance(entry, list):
            # an unquoted number (CNA's 1141119 stamp, a bare 1080) is read by YAML as an int: its digits are the surface
            entry = [str(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in entry]
        if not (isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) and x for x in entry)):
            problems.append(f"{where}: entity {entry!r} is not [surface, label, canonical]")
            continue
        surface, label, canonical = entry
        if label not in LABELS:
            problems.append(f"{where}: {surface!r} has unknown label {label!r}")
            continue
        if surface in seen_surfaces:
            problems.append(f"{where}: {surface!r} is listed twice")
            continue
        seen_surfaces[surface] = (label, canonical)
        starts = occurrences(text, surface)
        if not starts:
            problems.append(f"{where}: surface {surface!r} ({label}) not found in the cleaned text")
            continue
        for index, start in enumerate(starts):
            if (surface, index) in skips:
                continue
            candidates.append((start, start + len(surface), surface, label, canonical, index))
    for surface, index in sorted(skips):
        if surface not in seen_surfaces and not occurrences(text, surface):
            problems.append(f"{where}: skip {surface!r} not found in the text")
        elif index >= len(occurrences(text, surface)):
            problems.append(f"{where}: skip {surface!r} #{index}: the text has only {len(occurrences(text, surface))} occurrence(s)")
        elif surface not in seen_surfaces:
            problems.append(f"{where}: skip {surface!r} names a surface that is not annotated")

    # Longest first; among equal lengths the earlier start wins.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = [False] * (len(text) + 1)
    kept = []
    for start, end, surface, label, canonical, index in candidates:
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        kept.append((start, end, surface, label, canonical, index))
    left = Counter(c[2] for c in kept)
    for surface, (label, _) in seen_surfaces.items():
        if occurrences(text, surface) and not left[surface]:
            problems.append(f"{where}: every occurrence of {surface!r} ({label}) is inside a longer span or skipped")
    for surface, index in skips:
        if surface in seen_surfaces and index < len(occurrences(text, surface)):
            start = occurrences(text, surface)[index]
            if any(k[0] < start + len(surface) and start < k[1] and k[2] != surface for k in kept if len(k[2]) > len(surface)):
                problems.append(f"{where}: skip {surface!r} #{index} is already inside a longer span; drop the skip")
    kept.sort()
    return [
        {"text": text[s:e], "label": label, "start": s, "end": e, "canonical": canonical}
        for s, e, _surface, label, canonical, _index in kept
    ]


def facts(item: dict, entities: list[dict], problems: list[str]) -> dict:
    """split, posts and statements of an item, checked against its entities.

    The person of a post and a named speaker must be annotated entities
    (surface or canonical), so that a post can only be scored on a whole name.
    """
    where = item["path"]
    known = {e["text"] for e in entities} | {e["canonical"] for e in entities}
    out: dict = {}
    if "split" in item:
        if item["split"] not in SPLITS:
            problems.append(f"{where}: split {item['split']!r} is not one of {SPLITS}")
        out["split"] = item["split"]
    if "posts" in item:
        posts = []
        for entry in item.get("posts") or []:
            if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str)
                    and isinstance(entry[1], str) and (entry[2] is None or isinstance(entry[2], str)) and isinstance(entry[3], bool)):
                problems.append(f"{where}: post {entry!r} is not [person, title, organisation or null, former]")
                continue
            person, title, organization, former = entry
            if person not in known:
                problems.append(f"{where}: post person {person!r} is not an annotated entity")
            posts.append({"person": person, "title": title, "organization": organization, "former": former})
        out["posts"] = posts
    if "statements" in item:
        statements = []
        for entry in item.get("statements") or []:
            if not (isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) and x for x in entry)):
                problems.append(f"{where}: statement {entry!r} is not [speaker, kind, cue]")
                continue
            speaker, kind, cue = entry
            if kind not in SPEAKER_KINDS:
                problems.append(f"{where}: statement kind {kind!r} is not one of {SPEAKER_KINDS}")
            elif kind != "OFFICIAL" and speaker not in known:
                problems.append(f"{where}: speaker {speaker!r} is not an annotated entity")
            statements.append({"speaker": speaker, "kind": kind, "cue": cue})
        out["statements"] = statements
    return out


def show(record: dict, text: str) -> str:
    out, at = [], 0
    for e in record["entities"]:
        out.append(text[at:e["start"]])
        out.append(f"[{e['text']}|{e['label']}]")
        at = e["end"]
    out.append(text[at:])
    return "".join(out)


def corpus_items(folder: Path, problems: list[str]) -> list[dict]:
    """The news corpus: every ``annotations/*.yaml``, each item given the split of its source."""
    splits = yaml.safe_load((folder / "splits.yaml").read_text(encoding="utf-8"))
    split_of = {source: split for split, sources in splits.items() for source in sources}
    items = []
    for path in sorted((folder / "annotations").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if item.get("source") not in split_of:
                problems.append(f"{item['path']}: source {item.get('source')!r} is in no split of {folder / 'splits.yaml'}")
                continue
            items.append({**item, "split": split_of[item["source"]]})
    return items


def build(annotations: Path, show_text: bool = False) -> dict[str, list[dict]]:
    data = yaml.safe_load(annotations.read_text(encoding="utf-8"))
    problems: list[str] = []
    data["corpus"] = corpus_items(CORPUS, problems)
    paths = [item["path"] for name in SETS for item in data.get(name) or []]
    duplicates = [p for p, n in Counter(paths).items() if n > 1]
    if duplicates:
        problems.append(f"articles annotated twice: {duplicates}")
    articles = load_articles(paths)
    result: dict[str, list[dict]] = {}
    for name in SETS:
        records = []
        for item in data.get(name) or []:
            article = articles.get(item["path"])
            if article is None:
                problems.append(f"{item['path']}: article not found (no such line, or it failed to read)")
                continue
            entities = annotate(item, article, problems)
            record = {
                "id": article.id,
                "path": item["path"],
                "title": article.title,
                "date": article.date.isoformat() if article.date else None,
                **({"source": item["source"]} if "source" in item else {}),
                "entities": entities,
            }
            record.update(facts(item, entities, problems))
            records.append(record)
            if show_text:
                print(f"===== {item['path']}  {article.title}")
                print(show(record, article.text))
        result[name] = records
    if problems:
        raise GoldError("\n".join(problems))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=Path, default=HERE / "annotations.yaml")
    parser.add_argument("--show", action="store_true", help="print each text with its spans bracketed")
    parser.add_argument("--check", action="store_true", help="compare with the JSONL files on disk; write nothing")
    args = parser.parse_args(argv)
    try:
        result = build(args.annotations, args.show)
    except GoldError as error:
        print(f"make_gold: FAILED\n{error}", file=sys.stderr)
        return 1
    stale = []
    for name, records in result.items():
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        target = SETS[name]
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != body:
                stale.append(target.name)
        else:
            target.write_text(body, encoding="utf-8")
        counts = Counter(e["label"] for r in records for e in r["entities"])
        print(f"{target.name}: {len(records)} articles, {sum(counts.values())} entities " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if stale:
        print(f"make_gold: out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
