"""Posts and speakers on the corpus's train or dev split, with every error and its sentence.

    python bench/fact_errors.py --split train [--new] [--errors] [--kind "missed post"] [--refresh]

Recognition and linking are slow and do not change when only the rules of posts and
statements do, so each article is recognised and linked once and kept in a cache
(``/tmp/kg-fact-cache/SPLIT-KEY.pickle``, KEY a hash of the code and data recognition
reads); then the relate stage alone runs, a few seconds for the whole split. ``--new``
scores only the articles drawn in the corpus's later rounds (``drawn.txt``), never tuned
on before issue 22's third pass. Scores are those of ``kg eval`` (kg/evaluation/facts.py).
The test split is refused: its errors are not to be read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "corpus" / "corpus.jsonl"
DRAWN = ROOT / "tests" / "gold" / "corpus" / "drawn.txt"
CACHE = Path("/tmp/kg-fact-cache")
# what the relate stage reads: a change here does not call for recognising again
RELATE_ONLY = ("kg/facts/", "kg/evaluation/", "kg/data/relations.yaml", "kg/data/speaker_model.json")


def recognition_key() -> str:
    digest = hashlib.sha1()
    for path in sorted((ROOT / "kg").rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if path.is_file() and "__pycache__" not in relative and not relative.startswith(RELATE_ONLY):
            digest.update(relative.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def prepared(split: str, refresh: bool) -> list[tuple[dict, object, object, object]]:
    from kg.evaluation.facts import has_facts
    from kg.evaluation.scoring import read_gold_source, read_jsonl

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{split}-{recognition_key()}.pickle"
    if path.exists() and not refresh:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    from kg import link
    from kg.pipeline import extraction_scope, gazetteer_of
    from kg.recognize import RecognizerSettings, recognizer_for

    recognize = recognizer_for(RecognizerSettings())
    gazetteer = gazetteer_of(recognize)
    items = []
    for record in read_jsonl(GOLD):
        if record.get("split") != split or not has_facts(record):
            continue
        article = extraction_scope(read_gold_source(str(record.get("path", "")), GOLD.parent))
        mentions = recognize(article)
        items.append((record, article, mentions, link.link(article, mentions, gazetteer)))
    with open(path, "wb") as handle:
        pickle.dump(items, handle)
    return items


def sentence_around(text: str, needle: str, width: int = 60) -> str:
    at = text.find(needle)
    if at < 0:
        return "(not in the text)"
    return text[max(0, at - width): at + len(needle) + width].replace("\n", " ")


def marked_text(text: str, mentions) -> str:
    """The text with each mention bracketed and labelled: [中国外交部|ORG]."""
    out, at = [], 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < at:
            continue
        out.append(text[at:mention.start] + "[" + text[mention.start:mention.end] + "|" + mention.label[:3] + "]")
        at = mention.end
    return "".join(out) + text[at:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=("train", "dev"))
    parser.add_argument("--new", action="store_true", help="only the articles of the later rounds (drawn.txt)")
    parser.add_argument("--old", action="store_true", help="only the articles of the first round")
    parser.add_argument("--errors", action="store_true", help="print every error with the words around it")
    parser.add_argument("--kind", action="append", help="only errors of this kind (missed post, spurious speaker...)")
    parser.add_argument("--refresh", action="store_true", help="recognise again even when cached")
    args = parser.parse_args()
    from kg.evaluation.facts import FactEvaluation, score_article
    from kg.facts.relate import relate
    from kg.types import Post, Statement

    drawn = {line.strip().removeprefix("../shared/corpus/") for line in DRAWN.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    evaluation = FactEvaluation()
    texts = {}
    marked = {}
    candidates: dict[str, set[str]] = {}
    from kg.text import to_simplified
    for record, article, mentions, linked in prepared(args.split, args.refresh):
        new = str(record.get("path", "")).removeprefix("../shared/corpus/") in drawn
        if (args.new and not new) or (args.old and new):
            continue
        relations = relate(article, mentions, linked)
        texts[record.get("path", record.get("id"))] = article.text
        marked[record.get("path", record.get("id"))] = (article.text, mentions, linked)
        if args.errors:
            found: list = []
            relate(article, mentions, linked, speaker_candidates=found)
            candidates[record.get("path", record.get("id"))] = {to_simplified(n) for _f, names in found for n in names}
        score_article(record, [r for r in relations if isinstance(r, Post)],
                      [r for r in relations if isinstance(r, Statement)], evaluation)
    summary = evaluation.summary()
    print(json.dumps({k: summary[k] for k in ("articles", "posts", "organization_right", "speakers", "officials")},
                     ensure_ascii=False))
    print(dict(Counter(e["kind"] for e in evaluation.errors)))
    if args.errors:
        for error in evaluation.errors:
            if args.kind and error["kind"] not in args.kind:
                continue
            text = texts.get(error["article"], "")
            text, mentions, linked = marked.get(error["article"], ("", [], []))
            if "post" in error and isinstance(error["post"], dict):
                post = error["post"]
                what = f"{post['person']} | {post['title']} | {post['organization']} | former={post['former']}"
                if error["kind"] == "wrong organisation":
                    what += f" | found {error['found']}"
                needle = post["person"]
            elif "title" in error:
                what = f"{error['person']} | {error['title']} | {error['organization']} | former={error['former']}"
                needle = error["person"]
            else:
                what = error["speaker"]
                needle = error["speaker"]
            cause = ""
            if error["kind"] == "missed post":
                people = {n for m in linked if m.mention.label == "PERSON" for n in (m.mention.text, m.entity.name, *m.entity.aliases)}
                titles = {m.text for m in mentions if m.label == "POSITION"} | {m.canonical for m in mentions if m.label == "POSITION" and m.canonical}
                cause = (" | person " + ("found" if to_simplified(post["person"]) in {to_simplified(n) for n in people} else "NOT FOUND")
                         + ", title " + ("marked" if post["title"] in titles else "unmarked"))
            if error["kind"] == "missed speaker":
                cause = " | " + ("a candidate the model dropped" if to_simplified(what) in candidates.get(error["article"], set())
                                 else "no candidate")
            print(f"[{error['kind']}] {what}{cause}\n    {error['article']}\n    {sentence_around(marked_text(text, mentions), needle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
