"""Extraction speed against jieba segmentation alone, on the same text, in one run.

    python bench/extract_speed.py [--items 500] [--json FILE]

Reads news items from ../shared/corpus/xwlb (never copied into the project),
segments them with jieba (the reference), then runs kg's recogniser and the
whole per-article extraction (recognise, link, relate) over the same texts,
with the rules alone (``--no-model``) and with the trained NER model, and
prints characters per second for each, the ratios to jieba and what the model
costs per 1,000 characters.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb_2021_2024.jsonl"


def load_texts(items: int) -> list[str]:
    texts = []
    with open(CORPUS, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("content_text"):
                texts.append(record["content_text"])
            if len(texts) >= items:
                break
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1

    import jieba

    from kg.pipeline import extract
    from kg.read.clean import parse_article
    from kg.recognize.recognizer import Recognizer
    from kg.recognize.settings import RecognizerSettings

    jieba.setLogLevel(60)
    jieba.initialize()
    articles = [parse_article(text, f"xwlb#{i}") for i, text in enumerate(load_texts(args.items))]
    chars = sum(len(a.text) for a in articles)

    def timed(function) -> float:
        # CPU seconds of this process, the best of two passes: the machine is shared, and
        # other processes' load would otherwise count against whichever pass it fell on
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            for article in articles:
                function(article)
            best = min(best, time.process_time() - started)
        return best

    jieba_seconds = timed(lambda a: jieba.lcut(a.text))
    figures: dict[str, float | int] = {"articles": len(articles), "characters": chars, "jieba_chars_per_second": round(chars / jieba_seconds)}
    seconds = {}
    for recogniser, model in (("rules", False), ("model", True)):
        settings = RecognizerSettings(model=model)
        pipeline = Recognizer(settings)
        extract(articles[0], settings=settings)  # the per-settings caches built outside the clock
        seconds[recogniser] = (timed(pipeline), timed(lambda a, s=settings: extract(a, settings=s)))
        recognize_seconds, extract_seconds = seconds[recogniser]
        figures |= {
            f"{recogniser}_recognize_chars_per_second": round(chars / recognize_seconds),
            f"{recogniser}_extract_chars_per_second": round(chars / extract_seconds),
            f"{recogniser}_recognize_vs_jieba": round(jieba_seconds / recognize_seconds, 3),
            f"{recogniser}_extract_vs_jieba": round(jieba_seconds / extract_seconds, 3),
        }
    # the model's tagging alone, jieba's words made outside the clock
    from kg.recognize.ner import load_model
    from kg.recognize.words import tag_words

    model = load_model()
    inputs = {article.id: tag_words(article.text) for article in articles}
    figures["model_tag_alone_chars_per_second"] = round(chars / timed(lambda a: model.tag(a.text, inputs[a.id], [])))
    # one process did everything a build's worker does (with the model loaded too)
    figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["model_ms_per_1000_chars"] = round((seconds["model"][1] - seconds["rules"][1]) / chars * 1e6, 2)
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
