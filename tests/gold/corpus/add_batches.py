"""Add a round of annotators' batches to the corpus.

    python tests/gold/corpus/add_batches.py BATCHES_DIR ANNOTATIONS_DIR --overlap 5

BATCHES_DIR holds the batches ``select_corpus.py`` wrote (``batch_NN.md``), ANNOTATIONS_DIR
the annotators' files (``batch_NN.yaml``). A batch begins with the first ``--overlap`` items
of the batch before it (annotated there too, blind): those go to ``second/`` as second
annotations, for ``agreement.py``; the batch's own items go to ``annotations/``. An item is
kept only if it is one of its batch's articles, and each keeps its batch's ``source``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def batch_paths(batch: Path) -> list[tuple[str, str]]:
    """(path, source) of every article of a batch file, in its order."""
    return re.findall(r"^## path: (\S+)\nsource: (.+)$", batch.read_text(encoding="utf-8"), flags=re.M)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batches", type=Path)
    parser.add_argument("annotations", type=Path)
    parser.add_argument("--overlap", type=int, required=True)
    args = parser.parse_args()
    for batch in sorted(args.batches.glob("batch_*.md")):
        annotated = args.annotations / (batch.stem + ".yaml")
        if not annotated.is_file():
            print(f"{batch.name}: no annotation, skipped", file=sys.stderr)
            continue
        order = batch_paths(batch)
        second_paths = {path for path, _ in order[: args.overlap]}
        source_of = dict(order)
        # the annotator's text block by block, so that its "# Q:" comments stay with their article
        blocks = re.split(r"^(?=- path: )", annotated.read_text(encoding="utf-8"), flags=re.M)[1:]
        own, second = [], []
        for block in blocks:
            item = (yaml.safe_load(block) or [{}])[0]
            if item.get("path") not in source_of:
                print(f"{annotated}: {item.get('path')} is not an article of {batch.name}, left out", file=sys.stderr)
                continue
            if item.get("source") != source_of[item["path"]]:
                block = re.sub(r"^  source: .*\n", "", block, flags=re.M)
                block = block.replace("\n", f"\n  source: {source_of[item['path']]}\n", 1)
            (second if item["path"] in second_paths else own).append(block.rstrip("\n") + "\n")
        header = f"# {batch.stem}: {{}} (tests/gold/corpus/DATASHEET.md); rules: tests/gold/GUIDELINES.md\n"
        for folder, chosen, what in ((HERE / "annotations", own, "the annotator's own articles"), (HERE / "second", second, "the blind second annotation of the first articles of the batch before")):
            if chosen:
                (folder / annotated.name).write_text(header.format(what) + "".join(chosen), encoding="utf-8")
        print(f"{batch.name}: {len(own)} own, {len(second)} second, of {len(order)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
