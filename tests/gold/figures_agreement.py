"""Agreement between the two blind annotations of the figure gold's doubly annotated items.

    python tests/gold/figures_agreement.py [--disagreements]

Each item of ``figures_second.yaml`` was annotated, without seeing the other, by an
annotator other than the one whose annotation is in ``figures.yaml``. The second is scored
against the first as ``kg eval --figures`` scores kg (kg/evaluation/figures.py: the same
value, unit and basis, and an indicator one of the first's readings names, the match
before issue 22's lenient one), each of the second's readings tried; then the same without
the indicator, so that disagreement on what counts as a figure and on how it is named are
told apart. ``--disagreements`` prints the figures one annotator has and the other has not.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from kg.evaluation.figures import FigureScore, GoldItem, Row, load_gold, score_item  # noqa: E402


def agreement(first: list[GoldItem], second: list[GoldItem], with_indicator: bool,
              errors: list[dict] | None = None) -> FigureScore:
    by_path = {item.path: item for item in first}
    total = FigureScore()
    for item in second:
        gold = by_path[item.path]
        if with_indicator:
            rows = best_readings(gold, item)
        else:  # every figure named alike: only value, unit and basis compared
            rows = [replace(row, indicator="x") for _readings, row in item.figures]
            gold = replace(gold, figures=tuple((("x",), replace(row, indicator="x")) for _r, row in gold.figures))
        total.add(score_item(gold, rows, errors))
    return total


def best_readings(gold: GoldItem, item: GoldItem) -> list[Row]:
    """The second's rows, each named by the first of its readings that one of the first's
    figures of the same value, unit and basis reads (else its first reading)."""
    rows = []
    for readings, row in item.figures:
        chosen = readings[0]
        for reading in readings:
            if any(g.value == row.value and g.unit == row.unit and g.basis == row.basis and reading in gold_readings
                   for gold_readings, g in gold.figures):
                chosen = reading
                break
        rows.append(replace(row, indicator=chosen))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disagreements", action="store_true")
    args = parser.parse_args()
    second = load_gold(HERE / "figures_second.yaml")
    paths = {item.path for item in second}
    first = [item for item in load_gold(HERE / "figures.yaml") if item.path in paths]
    if len(first) != len(second):
        print("figures_second.yaml names an item figures.yaml does not have", file=sys.stderr)
        return 1
    errors: list[dict] = []
    named = agreement(first, second, True, errors).summary()
    values = agreement(first, second, False).summary()
    print(f"items: {len(second)}; figures: first {named['gold']}, second {named['predicted']}")
    print(f"F1 with the indicator:    {named['f1']:.3f} (period right {named['period_right']:.3f})")
    print(f"F1 of value, unit, basis: {values['f1']:.3f}")
    if args.disagreements:
        for error in errors:
            print(error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
