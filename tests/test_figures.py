"""Figures as statistics report them (kg/facts/figures.py), their scorer and their triples.

The sentences here are written for the tests, not taken from the gold items.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.evaluation.figures import (
    GoldItem,
    Row,
    evaluate_figures,
    indicator_key,
    indicator_matches,
    load_gold,
    predicted_rows,
    score_item,
)
from kg.pipeline import extract
from kg.read.clean import parse_article
from kg.types import Figure

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "figures.yaml"
CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb_2021_2024.jsonl"


def figures_of(body: str, date: str = "2024-06-15") -> list[Figure]:
    article = parse_article(f"---\ntitle: 测试\ndate: {date}\n---\n{body}", "test.md")
    return [r for r in extract(article).relations if isinstance(r, Figure)]


def find(figures: list[Figure], value: str, unit: str | None = None) -> Figure:
    found = [f for f in figures if f.value == Decimal(value) and (unit is None or f.unit == unit)]
    assert found, f"no figure {value} {unit or ''} in {[(f.indicator, f.value, f.unit) for f in figures]}"
    return found[0]


# --- reading --------------------------------------------------------------------------------


def test_a_rate_without_an_amount_keeps_its_indicator_and_basis() -> None:
    figures = figures_of("今年1—5月份，全国新能源汽车产量同比增长35.2%。")
    rate = find(figures, "0.352", "%")
    assert (rate.kind, rate.basis, rate.indicator) == ("rate", "yoy", "新能源汽车产量")  # 全国 is the place, not the indicator
    assert (rate.period_start, rate.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 5, 31))


@pytest.mark.parametrize(
    ("sentence", "value", "basis", "year"),
    [
        ("5月份，全国工业生产者出厂价格指数环比下降0.4%。", "-0.004", "prev", None),
        ("5月份，全省钢材价格比上月上涨1.5%。", "0.015", "prev", None),
        ("一季度，全省旅游收入比2019年同期增长12%。", "0.12", "year", 2019),
        ("上半年，全市社会消费品零售总额两年平均增长4.5%。", "0.045", "2yavg", None),
        ("5月末，本外币存款余额比年初增加6.1%。", "0.061", "yearend", None),
    ],
)
def test_the_basis_of_a_rate(sentence: str, value: str, basis: str, year: int | None) -> None:
    rate = find(figures_of(sentence), value, "%")
    assert (rate.kind, rate.basis, rate.basis_year) == ("rate", basis, year)


def test_a_stated_basis_carries_to_later_rates_of_the_article() -> None:
    figures = figures_of("前5个月，全省规模以上工业增加值同比增长6.2%。\n分行业看，电子行业增加值增长11.4%。")
    assert find(figures, "0.114", "%").basis == "yoy"


def test_a_share_keeps_its_whole_and_its_change_in_points() -> None:
    figures = figures_of("前三季度，全省高新技术产业增加值占规模以上工业增加值的比重达32.5%，比上年同期提升1.2个百分点。")
    share = find(figures, "0.325", "%")
    assert (share.kind, share.share_of, share.indicator) == ("share", "规模以上工业增加值", "高新技术产业增加值")
    change = find(figures, "0.012", "percentage point")
    assert (change.kind, change.basis, change.indicator) == ("difference", "yoy", "高新技术产业增加值")


def test_percentage_points_against_another_indicator_have_no_basis() -> None:
    figures = figures_of("前三季度，制造业投资同比增长9.2%，高于全部投资5.8个百分点。")
    difference = find(figures, "0.058", "percentage point")
    assert (difference.kind, difference.basis, difference.indicator) == ("difference", None, "制造业投资")
    assert find(figures, "0.092", "%").basis == "yoy"


def test_a_respectively_list_maps_values_to_subjects_in_order() -> None:
    figures = figures_of("1—4月，全省家具、灯具、玩具出口分别增长8.1%、3.4%和-2%。")
    assert [(f.indicator, f.value) for f in figures] == [
        ("家具出口额", Decimal("0.081")), ("灯具出口额", Decimal("0.034")), ("玩具出口额", Decimal("-0.02"))]


def test_a_subject_is_inherited_across_qizhong_and_the_rate_is_linked_to_its_amount() -> None:
    figures = figures_of("前4个月，全省货物贸易进出口总值1.2万亿元，同比增长5%。其中，出口8000亿元，增长6%；进口4000亿元，下降3%。")
    exports = find(figures, "800000000000", "CNY")
    assert (exports.indicator, exports.kind, exports.change) == ("货物贸易出口额", "amount", Decimal("0.06"))
    rate = find(figures, "0.06", "%")
    assert (rate.indicator, rate.basis, rate.change_of) == ("货物贸易出口额", "yoy", exports)
    imports = find(figures, "-0.03", "%")
    assert (imports.indicator, imports.basis) == ("货物贸易进口额", "yoy")


def test_a_level_in_percent_is_not_a_change() -> None:
    level = find(figures_of("5月份，新发放企业贷款加权平均利率为3.89%。"), "0.0389", "%")
    assert (level.kind, level.basis, level.indicator) == ("level", None, "新发放企业贷款加权平均利率")


def test_an_indicator_of_one_generic_word_is_dropped() -> None:
    assert not [f for f in figures_of("园区内，企业超过3000家。") if f.value == 3000]
    assert not [f for f in figures_of("据统计，数量达到120个。") if f.value == 120]


def test_basis_points_and_a_change_made_to_a_rate() -> None:
    figures = figures_of("5月份，企业贷款利率为3.6%，比上年同期低25个基点。央行下调再贷款利率0.25个百分点。")
    assert find(figures, "-0.0025", "percentage point").basis == "yoy"  # 低25个基点
    made = [f for f in figures if f.value == Decimal("-0.0025") and f.basis is None]
    assert made and made[0].indicator.endswith("再贷款利率")


def test_what_may_be_is_no_statistic() -> None:
    assert not figures_of("购买一台新能源货车可获补贴3万元。")


# --- the scorer ---------------------------------------------------------------------------------


def test_indicator_key_and_match() -> None:
    assert indicator_key("广义货币（M2）余额") == "广义货币余额"
    assert indicator_key("对共建“一带一路”国家进出口额") == "对共建一带一路国家进出口"
    assert indicator_matches(["货物贸易出口"], "我国货物贸易出口额")
    assert not indicator_matches(["知识密集型服务出口额"], "密集型服务出口额")  # a cut name is wrong
    assert not indicator_matches(["出口"], "对东盟跨境电商出口")  # more than a place in front


def test_score_item_needs_value_unit_basis_and_indicator() -> None:
    gold = GoldItem("x", "dev", (
        (("出口",), Row("出口", Decimal("0.067"), "%", "yoy")),
        (("进口",), Row("进口", Decimal("0.024"), "%", "yoy")),
    ))
    rows = [Row("出口额", Decimal("0.067"), "%", "yoy"), Row("进口额", Decimal("0.024"), "%", "none"),
            Row("进口额", Decimal("0.024"), "pp", "yoy")]
    errors: list[dict] = []
    score = score_item(gold, rows, errors)
    assert (score.gold, score.predicted, score.matched) == (2, 3, 1)
    assert len(errors) == 3  # one missed, two spurious


def test_identical_predictions_count_once() -> None:
    figure = Figure("出口额", Decimal("0.067"), "%", "6.7%", evidence=None, kind="rate", basis="yoy")  # type: ignore[arg-type]
    assert len(predicted_rows([figure, figure])) == 1


def test_bad_figure_gold_names_the_file_and_the_figure(tmp_path: Path) -> None:
    bad = tmp_path / "figures.yaml"
    bad.write_text("items:\n- path: x.txt\n  figures:\n  - [出口, 0.1, '%', weekly, null]\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"figures\.yaml: x\.txt: figure 1: basis 'weekly'"):
        load_gold(bad)


def test_the_gold_file_loads_with_its_splits() -> None:
    items = load_gold(GOLD)
    assert len(items) >= 20
    assert {item.split for item in items} == {"dev", "test", "test2", "company-dev", "company-test"}  # company items: 88d6736
    assert sum(len(item.figures) for item in items) >= 250


# --- triples --------------------------------------------------------------------------------------


def test_new_observations_conform_to_the_shapes_and_the_query_reads_them() -> None:
    from kg.graph.rdf import build_graph
    from kg.query.queries import run_query, shipped_queries
    from kg.query.validate import validate

    body = ("前4个月，全省货物贸易进出口总值1.2万亿元，同比增长5%，比2019年同期增长12%。"
            "其中，机电产品出口占出口总值的比重达58.3%，比上年同期提升1.2个百分点。")
    article = parse_article(f"---\ntitle: 测试\ndate: 2024-05-20\n---\n{body}", "test.md")
    graph = build_graph([extract(article)])
    report = validate(graph)
    assert report.conforms, report.violations
    rows = run_query(graph, shipped_queries()["figures"]).as_dicts()
    by_value = {Decimal(r["value"]): r for r in rows}
    assert by_value[Decimal("0.05")]["basis"] == "PreviousYearSamePeriod"
    assert by_value[Decimal("0.05")]["changeOf"] == "1200000000000"
    assert (by_value[Decimal("0.12")]["basis"], by_value[Decimal("0.12")]["basisYear"]) == ("NamedYearPeriod", "2019")
    assert (by_value[Decimal("0.583")]["kind"], by_value[Decimal("0.583")]["shareOf"]) == ("Share", "出口总值")
    assert by_value[Decimal("0.012")]["unit"] == "percentage point"
    assert by_value[Decimal("1200000000000")]["change"] == "0.05"


# --- the gold ---------------------------------------------------------------------------------------


# Floors a little under the measured scores (README, "How well and how fast").
FLOORS = {"dev": (0.95, 0.95), "test": (0.85, 0.88), "test2": (0.65, 0.75)}  # (recall, precision)


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus/xwlb")
def test_figure_gold_scores_above_its_floor() -> None:
    splits = evaluate_figures(GOLD)["splits"]
    for name, (recall, precision) in FLOORS.items():
        assert splits[name]["recall"] >= recall and splits[name]["precision"] >= precision, (name, splits[name])


def test_the_page_shows_figures_with_their_basis_and_share() -> None:
    from kg.graph.rdf import build_graph
    from kg.page import page_data

    body = "前4个月，全省货物贸易进出口总值1.2万亿元，同比增长5%，占全国进出口总值的8.3%。"
    article = parse_article(f"---\ntitle: 测试\ndate: 2024-05-20\n---\n{body}", "test.md")
    data = page_data(build_graph([extract(article)]))
    rows = [row for info in data["details"].values() for row in info.get("figures", [])]
    assert ["货物贸易进出口总值", "1.2万亿元", "", "2024-01-01—2024-04-30"] in rows
    assert ["货物贸易进出口总值", "5%", "同比", "2024-01-01—2024-04-30"] in rows
    assert ["货物贸易进出口总值", "8.3%", "占全国进出口总值", "2024-01-01—2024-04-30"] in rows
