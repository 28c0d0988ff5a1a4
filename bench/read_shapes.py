"""Reading speed of each input shape, on the same news items, in one run.

    python bench/read_shapes.py [--items 2000] [--json FILE]

Writes news items from ../shared/corpus/xwlb (never copied into the project)
to a temporary folder as one file each, a JSON Lines file, a CSV file, a zip
and a tar.gz of the files, then reads and cleans each shape with
``kg.read.sources.read_inputs`` (no extraction) and prints articles per second,
and checks that every shape gave the same articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb_2021_2024.jsonl"


def load_records(items: int) -> list[dict[str, str]]:
    records = []
    with open(CORPUS, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("content_html"):
                records.append({"title": record["title"], "content": record["content_html"], "pub_date": record["pub_date"], "source": record["source"]})
            if len(records) >= items:
                break
    return records


def write_shapes(records: list[dict[str, str]], folder: Path) -> dict[str, Path]:
    files = folder / "files"
    files.mkdir()
    for number, record in enumerate(records):
        front = f"---\ntitle: {json.dumps(record['title'], ensure_ascii=False)}\ndate: {record['pub_date']}\nsource: {record['source']}\n---\n"
        (files / f"{number:05d}.html").write_text(front + record["content"], encoding="utf-8")
    jsonl = folder / "items.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    table = folder / "items.csv"
    with open(table, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    zipped = folder / "items.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(files.iterdir()):
            handle.write(path, f"files/{path.name}")
    tarred = folder / "items.tar.gz"
    with tarfile.open(tarred, "w:gz") as handle:
        handle.add(files, "files")
    return {"folder": files, "jsonl": jsonl, "csv": table, "zip": zipped, "tar.gz": tarred}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from kg.errors import InputError
    from kg.read.sources import read_inputs

    records = load_records(args.items)
    figures = {}
    ids = {}
    with tempfile.TemporaryDirectory() as temp:
        shapes = write_shapes(records, Path(temp))
        for name, path in shapes.items():
            started = time.perf_counter()
            articles = [a for a in read_inputs([path]) if not isinstance(a, InputError)]
            seconds = time.perf_counter() - started
            ids[name] = sorted(a.id for a in articles)
            size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
            figures[name] = {"articles": len(articles), "seconds": round(seconds, 2), "articles_per_second": round(len(articles) / seconds), "bytes": size}
            print(f"{name:8} {len(articles):6} articles {seconds:7.2f} s {len(articles) / seconds:8.0f} articles/s {size / 1e6:7.1f} MB")
    same = all(found == ids["jsonl"] for found in ids.values())
    print(f"same articles from every shape: {same}")
    if args.json:
        args.json.write_text(json.dumps({"items": len(records), "shapes": figures, "same": same}, indent=2) + "\n", encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
