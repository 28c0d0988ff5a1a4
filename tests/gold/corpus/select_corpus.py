"""Draw the articles of kg's annotated news corpus from ``../shared/corpus``.

    python tests/gold/corpus/select_corpus.py OUT_DIR [--round 1|2|3]

Reads every item of the shared corpus with kg's reader, keeps those whose cleaned text
is 500-2,500 characters long and not already in another gold set, and draws a fixed
number per source (seed 20), stratified for 新闻联播 by the kind of news. Writes
``OUT_DIR/items.jsonl`` (path, source, title, length) and the annotators' batches
(``OUT_DIR/batch_NN.md``: each item's path, title and cleaned text, nothing of kg's
analysis). The texts are not committed: the shared corpus may not be redistributed.

Rounds 2 and 3 draw more training articles, from the train split's sources only (never a
dev or test source), weighted towards companies, markets and technology, where names of
organisations, products, events and policies are densest. Every item a round draws is
added to ``drawn.txt`` and never drawn again, so a round run again draws other items: what
each round drew is ``drawn.txt``, not a rerun.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from kg.read.sources import read_articles  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "gold"

ROUND1 = {
    # items per source: the foreign outlets' Chinese services, 新闻联播 and 新浪 (THUCNews)
    "quota": {
        "RTHK": 35, "CNA": 35, "REUTERS": 30, "DW": 25, "KYODO": 25, "BBC": 25, "AJ": 20,
        "RFI": 20, "CHOSUN": 15, "NYT": 15, "ASAHI": 15, "JOINS": 15,
    },
    # 新闻联播 by kind of news, so that briefings, trade, regions and markets all appear
    "xwlb_kinds": {
        "briefing": (r"新闻发布会|发言人|答记者问|国务院新闻办", 20),
        "trade": (r"海关|进出口|外贸|贸易额", 15),
        "region": (r"省|自治区|市委|市政府", 20),
        "market": (r"企业|证券|期货|上市|公司", 15),
        "technology": (r"芯片|卫星|人工智能|5G|新能源汽车|手机", 10),
        "diplomacy": (r"会见|会谈|外交部|大使", 10),
    },
    "thuc_quota": {"财经": 15, "科技": 15, "时政": 5, "房产": 5},
    # overlap: items per batch also given, blind, to the next batch's annotator
    "seed": 20, "batches": 6, "overlap": 7, "first_batch": 1, "chars": (500, 2500),
}
ROUND2 = {
    "quota": {"REUTERS": 45, "CNA": 35, "RTHK": 30, "KYODO": 20, "BBC": 25},
    "xwlb_kinds": {
        "market": (r"企业|证券|期货|上市|公司|集团", 25),
        "technology": (r"芯片|卫星|人工智能|5G|新能源汽车|手机|软件|机器人|大模型", 25),
        "trade": (r"海关|进出口|外贸|贸易额|博览会|展会", 15),
        "policy": (r"规划|条例|倡议|战略|方案|意见", 10),
    },
    "thuc_quota": {"财经": 40, "科技": 40, "房产": 20, "时政": 10},
    "seed": 21, "batches": 7, "overlap": 5, "first_batch": 7, "chars": (400, 1800),
}

ROUND3 = {  # as round 2, once it was annotated: every kind of news again, more of each source
    "quota": {"REUTERS": 60, "CNA": 50, "RTHK": 40, "KYODO": 30, "BBC": 40},
    "xwlb_kinds": {
        "briefing": (r"新闻发布会|发言人|答记者问|国务院新闻办", 15),
        "diplomacy": (r"会见|会谈|外交部|大使|峰会|论坛", 15),
        "region": (r"省|自治区|市委|市政府", 15),
        "market": (r"企业|证券|期货|上市|公司|集团|银行", 20),
        "technology": (r"芯片|卫星|人工智能|5G|新能源汽车|手机|软件|机器人|大模型|航天", 20),
    },
    "thuc_quota": {"财经": 30, "科技": 30, "房产": 30, "时政": 20},
    "seed": 23, "batches": 8, "overlap": 5, "first_batch": 14, "chars": (400, 1800),
}


DRAWN = GOLD / "corpus" / "drawn.txt"  # every item a round drew, annotated or not: never drawn again


def taken_paths() -> set[str]:
    """Items already in another gold set: never drawn again."""
    files = [*GOLD.glob("*.yaml"), *GOLD.glob("*.jsonl"), *(GOLD / "corpus" / "annotations").glob("*.yaml"), DRAWN]
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    return {m.split("shared/corpus/", 1)[1] for m in re.findall(r"shared/corpus/[^\"'\s\]]+:\d+", text)}


def candidates(path: Path, taken: set[str], chars: tuple[int, int]):
    for article in read_articles(path):
        if not hasattr(article, "text"):
            continue
        rel = article.path.split("shared/corpus/", 1)[-1]
        if rel in taken or not chars[0] <= len(article.text) <= chars[1]:
            continue
        yield rel, article


def main(out: Path, draw: dict) -> None:
    rng = random.Random(draw["seed"])
    taken = taken_paths()
    chosen: list[tuple[str, str, object]] = []

    by_source = defaultdict(list)
    for path in sorted((SHARED / "agora-news").glob("posts_*.jsonl")):
        sources = [json.loads(line)["source"] for line in path.open(encoding="utf-8")]
        for rel, article in candidates(path, taken, draw["chars"]):
            by_source[sources[int(rel.rsplit(":", 1)[1]) - 1]].append((rel, article))
    for source, n in draw["quota"].items():
        pool = by_source[source]
        chosen += [(source, rel, a) for rel, a in rng.sample(pool, min(n, len(pool)))]

    xwlb = list(candidates(SHARED / "xwlb" / "xwlb_2021_2024.jsonl", taken, draw["chars"]))
    used: set[str] = set()
    for pattern, n in draw["xwlb_kinds"].values():
        pool = [(rel, a) for rel, a in xwlb if rel not in used and re.search(pattern, a.title + a.text[:300])]
        for rel, a in rng.sample(pool, min(n, len(pool))):
            used.add(rel)
            chosen.append(("XWLB", rel, a))

    thuc_path = SHARED / "thucnews" / "cnews-val-news.jsonl"
    categories = [json.loads(line)["category"] for line in thuc_path.open(encoding="utf-8")]
    thuc = defaultdict(list)
    for rel, a in candidates(thuc_path, taken, draw["chars"]):
        thuc[categories[int(rel.rsplit(":", 1)[1]) - 1]].append((rel, a))
    for category, n in draw["thuc_quota"].items():
        chosen += [("SINA", rel, a) for rel, a in rng.sample(thuc[category], min(n, len(thuc[category])))]

    rng.shuffle(chosen)
    with DRAWN.open("a", encoding="utf-8") as f:
        f.write(f"# round drawn with seed {draw['seed']}\n" + "".join(f"../shared/corpus/{rel}\n" for _, rel, _ in chosen))
    out.mkdir(parents=True, exist_ok=True)
    with (out / "items.jsonl").open("w", encoding="utf-8") as f:
        for source, rel, a in chosen:
            f.write(json.dumps({"path": "../shared/corpus/" + rel, "source": source, "title": a.title, "chars": len(a.text)}, ensure_ascii=False) + "\n")
    n_batches, overlap = draw["batches"], draw["overlap"]
    batches = [chosen[i::n_batches] for i in range(n_batches)]
    for i, batch in enumerate(batches):
        # the first items of the previous batch come first here too: annotated twice, blind
        with (out / f"batch_{draw['first_batch'] + i:02d}.md").open("w", encoding="utf-8") as f:
            for source, rel, a in batches[i - 1][:overlap] + batch:
                f.write(f"## path: ../shared/corpus/{rel}\nsource: {source}\ntitle: {a.title}\n\n{a.text}\n\n")
    print(f"{len(chosen)} items, {sum(len(a.text) for _, _, a in chosen)} characters", file=sys.stderr)


if __name__ == "__main__":
    rounds = {"1": ROUND1, "2": ROUND2, "3": ROUND3}
    args = sys.argv[1:]
    round_ = args[args.index("--round") + 1] if "--round" in args else "1"
    main(Path(args[0]), rounds[round_])
