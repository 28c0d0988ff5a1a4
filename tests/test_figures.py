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
    # the points are the growth rate's: the guidelines name the attribute (制造业投资增速)
    assert (difference.kind, difference.basis, difference.indicator) == ("difference", None, "制造业投资增速")
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
    assert {item.split for item in items} == {"dev", "test", "test2", "company-dev", "company-test", "company-train"}
    assert sum(len(item.figures) for item in items) >= 250


# --- company and market figures (sentences quoted from company-dev and dev/train items) ---------


def test_an_index_moves_against_the_last_close_and_its_level_is_in_points() -> None:
    # Reuters, 2020-09-04: codes after the name, 收跌 and 报, a thousands separator
    figures = figures_of("沪深300指数.CSI300收跌1.0%，报4,770.22点，沪综指.SSEC收跌0.87%报3,355.37点。", "2020-09-05")
    rate = find(figures, "-0.01", "%")
    assert (rate.indicator, rate.kind, rate.basis) == ("沪深300指数", "rate", "prev")
    level = find(figures, "4770.22", "点")
    assert (level.indicator, level.kind, level.basis) == ("沪深300指数", "level", None)
    dated = figures_of("路透上海9月4日 - 中国股市周五收低。沪深300指数.CSI300收跌1.0%，报4,770.22点。", "2020-09-05")
    assert {(f.period_start, f.period_end) for f in dated} == {(dt.date(2020, 9, 4), dt.date(2020, 9, 4))}
    assert find(figures, "-0.0087", "%").indicator == "沪综指"
    assert find(figures, "3355.37", "点").indicator == "沪综指"


def test_a_company_named_with_its_stock_code_is_its_share_price() -> None:
    figures = figures_of("KDDI电信(9433.T)股价下跌4.7%、日本电信电话(NTT Docomo)(9432.T)跌3.4%、"
                         "软银集团旗下的软银公司(SoftBank Corp)(9434.T)跌2.7%。全日空控股(9202.T)升2.6%。", "2020-09-01")
    assert [(f.indicator, f.basis) for f in figures] == [
        ("KDDI电信股价", "prev"), ("日本电信电话股价", "prev"), ("软银公司股价", "prev"), ("全日空控股股价", "prev")]


def test_points_after_a_growth_rate_are_the_rate_s_and_keep_the_basis_of_points() -> None:
    # 新闻联播 2021-11-27 (company-dev)
    figures = figures_of("10月份，全国规模以上工业企业利润同比增长24.6%，较上月加快8.3个百分点，连续两个月回升；"
                         "两年平均增长26.4%，加快13.2个百分点。", "2021-11-27")
    assert [(f.indicator, f.value, f.basis) for f in figures] == [
        ("规模以上工业企业利润", Decimal("0.246"), "yoy"), ("规模以上工业企业利润增速", Decimal("0.083"), "prev"),
        ("规模以上工业企业利润", Decimal("0.264"), "2yavg"), ("规模以上工业企业利润增速", Decimal("0.132"), "prev")]


def test_a_rate_after_a_contribution_is_the_subject_s() -> None:
    # 新闻联播 2021-08-27 (company-dev)
    figures = figures_of("7月份，高技术制造业利润同比增长37.9%，拉动规模以上工业利润增长6.2个百分点，两年平均增长37.2%，"
                         "比规模以上工业平均水平高19.2个百分点。", "2021-08-27")
    assert find(figures, "0.372", "%").indicator == "高技术制造业利润"
    assert find(figures, "0.192", "percentage point").indicator == "高技术制造业利润增速"


def test_the_bi_of_tongbi_is_no_comparison() -> None:
    # 新闻联播 2021-11-27 (company-dev): 同比提高 is a change on the year before, not 比…高
    figures = figures_of("10月份，企业营业收入利润率回升至7.44%，同比提高0.73个百分点。", "2021-11-27")
    change = find(figures, "0.0073", "percentage point")
    assert (change.indicator, change.kind, change.basis) == ("企业营业收入利润率", "difference", "yoy")


def test_a_period_s_rate_with_no_basis_in_the_article_is_year_on_year() -> None:
    # 新闻联播 2024-05-20 (company-dev): the article states no basis at all
    figures = figures_of("今年前4个月，我国进出口额增长5.7%。4月份，我国进出口增速明显提升至8%。"
                         "4月，中国对传统市场进出口由降转增，其中，对欧盟增长3.3%。"
                         "对新兴市场进出口继续保持较高增速，对东盟、共建“一带一路”国家分别增长14.4%、9%。", "2024-05-20")
    assert [(f.indicator, f.basis) for f in figures] == [
        ("进出口额", "yoy"), ("进出口增速", "yoy"), ("对欧盟", "yoy"), ("对东盟", "yoy"), ("对共建“一带一路”国家", "yoy")]


def test_a_rate_over_years_keeps_no_basis() -> None:
    figures = figures_of("今年前4个月，跨境电商进出口5年增长了10倍。")
    assert find(figures, "10", "倍").basis is None


def test_an_amount_in_brackets_after_another_is_the_same_amount_converted() -> None:
    # 中央社 (train): the roubles are the figure, the 新台幣 their conversion
    figures = figures_of("俄羅斯總規模上限為4000億盧布（約新台幣1530億元），期限介於3至10年間。", "2025-11-20")
    assert [(f.indicator, f.value, f.unit) for f in figures] == [("總規模", Decimal("400000000000"), "RUB")]
    # 路透 (company-dev)
    figures = figures_of("投资者周五通过沪港通净卖出了价值40亿元人民币(5.8456亿美元)的中国大陆股票。", "2020-09-05")
    assert [(f.value, f.unit) for f in figures] == [(Decimal("4000000000"), "CNY")]


def test_a_currency_named_before_the_number_is_the_amount_s() -> None:
    from kg.facts.figure_values import currency_before
    from kg.text import to_simplified

    # 中央社 (train): 獲得總值3.3億港幣（約新台幣13.2億元）的維修合約
    assert currency_before(to_simplified("億港幣（約新台幣")) == "TWD"
    assert currency_before("营收为") is None


def test_a_rate_against_a_named_quarter_and_a_company_s_flow_after_its_verb() -> None:
    # RFI (dev): 实现 goes, 比第一季 is the quarter before, 成长 a rise
    figures = figures_of("2020年第2季，百度核心业务实现营收189.3亿元，比第一季明显成长24%。", "2020-09-20")
    assert [(f.indicator, f.value, f.basis) for f in figures] == [
        ("百度核心业务营收", Decimal("18930000000"), None), ("百度核心业务营收", Decimal("0.24"), "prev")]


def test_a_subject_before_an_adverb_and_a_currency_pair() -> None:
    # 路透 (company-dev): 也 ends the subject; 企 of 企稳 is no noun the amount describes
    figures = figures_of("日圆兑美元JPY=也在105.62日圆企稳。", "2020-09-01")
    assert [(f.indicator, f.value, f.unit) for f in figures] == [("日圆兑美元", Decimal("105.62"), "JPY")]


def test_a_company_before_a_date_stays_in_the_indicator() -> None:
    # 新闻联播-style company item (dev): the date is blanked, the company kept
    figures = figures_of("2020年，华为2020年营收为8914亿元。", "2021-03-31")
    assert find(figures, "891400000000", "CNY").indicator == "华为营收"


def test_traditional_text_is_read_in_simplified_and_written_as_the_article_writes() -> None:
    # 中央社 (company-dev): 為 ends the phrase, 達 of 蒙卡達 is a name's, 銳減 a fall, 間 a measure word
    figures = figures_of("CID蓋洛普民調公司9月底的調查顯示，前電視節目主持人納斯拉亞的支持度為27%，蒙卡達26%。"
                         "2023年至2024年期間，宏國蝦類出口銳減近70%，迫使至少60間公司關門，約1萬4000人失業。", "2025-11-14")
    assert find(figures, "0.27", "%").indicator == "前電視節目主持人納斯拉亞的支持度"
    assert find(figures, "0.26", "%").indicator == "蒙卡達"
    assert find(figures, "-0.7", "%").indicator == "蝦類出口額"  # 宏國 is the place
    assert find(figures, "60", "間").kind == "count"
    assert find(figures, "14000", "人").indicator == "失業"


def test_a_name_ends_at_its_verb_of_reaching_and_a_term_is_no_duration() -> None:
    # 路透 (company-dev): 降至 ends the name; 一年期 is a deposit's term; 人民币 moves against the month before
    figures = figures_of("5月又因中美关系迅速恶化，当月人民币贬值超1.3%，企业结汇意愿再次攀升至73%。"
                         "5月外币存款余额降至年内低点7,473亿美元。此次下调后，五大行及招行、光大、广发银行一年期美元存款利率均降至0.35%。",
                         "2020-09-29")
    assert (find(figures, "-0.013", "%").indicator, find(figures, "-0.013", "%").basis) == ("人民币", "prev")
    assert find(figures, "747300000000", "USD").indicator == "外币存款余额"
    assert find(figures, "0.0035", "%").indicator == "五大行及招行、光大、广发银行一年期美元存款利率"


def test_a_product_s_name_keeps_its_spaces_and_loses_its_brackets() -> None:
    # 中关村在线 (company-dev): 佳能 EOS 7D单机[参考价格] 9850元
    figures = figures_of("佳能 EOS 7D单机[参考价格] 9850元[商家地址] 中关村E世界C区6层C651A室。", "2009-11-20")
    assert find(figures, "9850", "CNY").indicator == "佳能 EOS 7D单机参考价格"


def test_a_list_of_flows_shares_its_subject_and_money_named_after_an_amount() -> None:
    # 新闻联播 2021-08-06 (company-dev)
    figures = figures_of("今年上半年，全国规模以上中小工业企业营业收入、利润总额两年平均分别增长10.5%、20.4%。"
                         "今年以来，国家安排100亿元以上奖补资金，分三批支持1000家以上国家级专精特新“小巨人”企业。"
                         "不久前，工业和信息化部、财政部等六部门联合发布加快培育发展制造业优质企业的指导意见。", "2021-08-06")
    assert find(figures, "0.204", "%").indicator == "规模以上中小工业企业利润总额"
    assert find(figures, "10000000000", "CNY").indicator == "奖补资金"
    assert find(figures, "1000", "家").indicator == "国家级专精特新“小巨人”企业"
    assert not [f for f in figures if f.unit == "部"]  # 六部门 counts no 部


def test_a_sale_of_shares_loses_the_word_for_its_value() -> None:
    # 路透 (company-dev)
    figures = figures_of("路孚特数据显示，投资者周五通过沪港通净卖出了价值40亿元人民币(5.8456亿美元)的中国大陆股票。", "2020-09-05")
    assert find(figures, "4000000000", "CNY").indicator == "沪港通净卖出"


def test_a_fund_s_move_since_the_year_s_start_is_against_the_year_s_end() -> None:
    # 新浪 (company-dev): 今年以来 goes with its date; the attribute 涨幅 is named; 跌幅分别为 carries the basis
    figures = figures_of("Wind统计数据显示，截至昨日，剔除QDII基金，328只偏股基金今年以来的平均涨幅为15.73%，"
                         "净值出现亏损的仅有长城双动力和诺德主题灵活配置两只基金，跌幅分别为0.28%和0.03%。"
                         "统计数据显示，指数基金今年以来的平均收益为22.24%，在所有的基金品种中领跑。", "2009-11-20")
    assert (find(figures, "0.1573").indicator, find(figures, "0.1573").basis) == ("偏股基金的平均涨幅", "yearend")
    assert find(figures, "-0.0028").basis == "yearend"
    assert (find(figures, "0.2224").indicator, find(figures, "0.2224").basis) == ("指数基金的平均收益", "yearend")


def test_since_words_go_with_their_date_and_a_proportion_is_no_comparison() -> None:
    # 新浪 (company-dev): 2008年以来成立的次新基金; 比例高达 is no 比…高; 仍高达 is no part of the name
    figures = figures_of("统计数据显示截至2009年2月26日，2008年以来成立的次新基金共有125只，"
                         "次新基金获得正收益的比例高达76.8%。截至2008年底，该基金仓位仍高达91%。", "2009-02-26")
    assert find(figures, "125", "只").indicator == "成立的次新基金"
    share = find(figures, "0.768", "%")
    assert (share.indicator, share.kind) == ("次新基金获得正收益的比例", "level")
    assert find(figures, "0.91", "%").indicator == "基金仓位"


def test_a_deposit_s_term_stays_in_its_name() -> None:
    # 路透 (company-dev): 一年期 is tagged a time by the dictionary, and is the term
    figures = figures_of("此次下调后，招行一年期美元存款利率降至0.35%。而一年期人民币存款利率则为1.75%。", "2020-09-29")
    assert find(figures, "0.0175", "%").indicator == "一年期人民币存款利率"


def test_a_specification_s_speed_and_a_value_written_again_are_no_figures() -> None:
    # 中关村在线 (company-dev): 每秒钟8张, 约8张／秒, 约1倍（100%）
    figures = figures_of("佳能EOS-7D是一款拥有1800万像素成像能力，每秒钟8张连怕性能的单反相机。"
                         "EOS 7D实现了高达约8张／秒的连拍速度。EOS 7D的光学取景器具有约1倍（100%）的放大倍率。", "2009-11-20")
    assert not [f for f in figures if f.unit in ("张", "%")]


def test_a_count_s_noun_may_open_with_a_quote() -> None:
    # 新闻联播 2021-08-06 (company-dev)
    figures = figures_of("力争到2025年，培育百万家创新型中小企业，十万家省级“专精特新”、一万家“小巨人”、一千家“单项冠军”企业。",
                         "2021-08-06")
    assert find(figures, "1000", "家").indicator == "“单项冠军”企业"
    assert find(figures, "10000", "家").indicator == "“小巨人”"


def test_things_counted_that_do_what_the_clause_says() -> None:
    # 新闻联播 2021-08-27 and 2024-05-20 (company-dev): 在…中 names the set, not a figure
    figures = figures_of("7月份，在41个工业大类行业中，有25个行业实现利润同比增长或扭亏为盈，占61.0%，"
                         "与2019年同期相比，超七成行业盈利规模超过疫情前水平。"
                         "商务部近期调研显示，超八成广交会参展企业在手订单金额持平或增长。", "2021-08-27")
    assert not [f for f in figures if f.value == 41]
    assert find(figures, "25", "个").indicator == "实现利润同比增长或扭亏为盈的行业"
    assert find(figures, "0.61", "%").indicator == "实现利润同比增长或扭亏为盈的行业"
    assert find(figures, "0.7", "%").indicator == "盈利规模超过疫情前水平的行业"
    share = find(figures, "0.8", "%")
    assert (share.indicator, share.kind, share.share_of) == ("在手订单金额持平或增长的广交会参展企业", "share", "广交会参展企业")


def test_lu_after_a_noun_is_a_rate_s_not_a_verb() -> None:
    # 路透 (company-dev): the dictionary tags 率 a verb (率领)
    figures = figures_of("3月在美元流动性危机影响下，企业结汇意愿大幅升高，当月结汇率上涨11个百分点至71%。", "2020-09-29")
    assert find(figures, "0.71", "%").indicator == "结汇率"


def test_a_contribution_rate_without_a_subject_is_the_subject_s_before() -> None:
    # 新闻联播 2021-09-28 (dev)
    figures = figures_of("8月份，消费品制造业利润同比增长14.4%，高于规模以上工业平均水平4.3个百分点，"
                         "对规模以上工业利润增长的贡献率为29.5%，对工业企业效益恢复的支撑作用有所增强。", "2021-09-28")
    assert find(figures, "0.295", "%").indicator == "消费品制造业利润对规模以上工业利润增长的贡献率"


def test_an_amount_moved_to_another_is_the_change() -> None:
    # 路透 (company-dev): a stock at a month's end, changed over the month
    figures = figures_of("央行此前数据显示，8月末外币存款增加258亿美元至8,195亿美元，创2018年3月以来最高水平。", "2020-09-29")
    change = find(figures, "25800000000", "USD")
    assert (change.indicator, change.kind, change.basis) == ("外币存款", "difference", "prev")
    assert find(figures, "819500000000", "USD").kind == "amount"


def test_a_rate_over_a_span_of_years_is_against_the_first_and_dangzhong_names_nothing() -> None:
    # 中央社 (company-dev)
    figures = figures_of("2023年至2024年期間，宏國蝦類出口銳減近70%，迫使至少60間公司關門。"
                         "經過3天，這16人當中已有7人在押。", "2025-11-14")
    rate = find(figures, "-0.7", "%")
    assert (rate.basis, rate.basis_year) == ("year", 2023)
    assert not [f for f in figures if f.value == 7]


def test_a_respectively_list_of_the_members_named_before() -> None:
    # 新浪 (company-dev): …两只基金为A和B，分别上涨…; 今年以来 in the clause before
    figures = figures_of("而在包括指数基金在内的全部偏股基金中，今年以来涨幅最大的两只基金为中邮核心优选和国投瑞银瑞福进取，"
                         "分别上涨31.23%和30.85%。", "2009-11-20")
    assert [(f.indicator, f.basis) for f in figures if f.unit == "%"] == [
        ("中邮核心优选", "yearend"), ("国投瑞银瑞福进取", "yearend")]


def test_a_space_before_chinese_ends_a_headline_s_part() -> None:
    # 新闻联播 (train): the headline's two parts; a Latin name keeps its spaces (佳能 EOS 7D, above)
    figures = figures_of("第二十六届高交会闭幕 意向成交金额破1200亿元", "2024-11-20")
    assert find(figures, "120000000000", "CNY").indicator == "意向成交金额"


def test_a_shrinking_economy_falls_and_a_year_s_rate_is_on_the_year_before() -> None:
    # 路透 (train): 萎缩 is a fall; a forecast for the year grows on the year before
    figures = figures_of("Ifo预测，预计德国今年国内生产总值(GDP)将萎缩5.2%。", "2020-09-20")
    rate = find(figures, "-0.052", "%")
    assert (rate.kind, rate.basis) == ("rate", "yoy")


def test_a_comparison_no_cue_reads_gets_no_default_basis() -> None:
    # 新闻联播: 比“十二五” is no basis kg reads, so none is guessed
    figures = figures_of("2020年，民航完成固定资产投资规模预计将比“十二五”增长约26%。", "2021-01-20")
    assert find(figures, "0.26", "%").basis is None


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


# Floors a little under the measured scores (README, "How well and how fast"). Dev's recall
# fell from 0.966 to 0.939 with the model trained on the grown corpus, which reads 摩托车 and
# 广义货币 as places in two items, so their subjects are cut (README, "The NER model").
FLOORS = {"dev": (0.93, 0.95), "test": (0.85, 0.88), "test2": (0.65, 0.75)}  # (recall, precision)


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


# --- issue 22, company-train (sentences shortened from the items) ---------------------------------


def test_a_few_people_of_one_incident_are_no_statistic_and_a_toll_is() -> None:
    assert not [f for f in figures_of("警方拘捕了4名嫌犯，救出3名婴儿。", "2025-11-10") if f.unit == "名"]
    assert find(figures_of("停火以来已有347名巴勒斯坦人丧生。", "2025-11-20"), "347", "名")


def test_a_company_s_move_on_the_day_named_is_its_share_price_s_against_the_last_close() -> None:
    figures = figures_of("周二苹果收盘下跌6.7%，而微软则下跌5.4%。", "2020-09-09")
    for value, name in (("-0.067", "苹果股价"), ("-0.054", "微软股价")):
        move = find(figures, value, "%")
        assert (move.indicator, move.basis, move.period_start) == (name, "prev", dt.date(2020, 9, 8))


def test_a_price_per_share_after_its_currency_is_the_share_price() -> None:
    figures = figures_of("万科在A股27日跌7.13%，每股人民币5.47元。", "2025-11-27")
    assert (find(figures, "-0.0713", "%").indicator, find(figures, "5.47", "CNY").indicator) == ("万科股价", "万科股价")


def test_a_rate_turned_from_last_year_s_fall_keeps_its_subject_and_period() -> None:
    figures = figures_of("一季度，制造业利润由上年全年下降转为增长7.9%。", "2024-04-27")
    rate = find(figures, "0.079", "%")
    assert (rate.indicator, rate.basis, rate.period_end) == ("制造业利润", "yoy", dt.date(2024, 3, 31))


def test_money_named_after_de_and_a_decision_s_verb_starts_no_name() -> None:
    figures = figures_of("日本政府批准了一项总额21.3万亿日元的经济刺激计划。", "2025-11-22")
    assert find(figures, "21300000000000", "JPY").indicator == "经济刺激计划"


def test_a_gloss_s_comma_an_adverb_before_da_and_the_rate_a_year_before() -> None:
    figures = figures_of("印度今年7到9月的私人最终消费支出（Private Final Consumption Expenditure, PFCE）成长7.9%，"
                         "也高于去年同期的6.4%。印度今年7到9月的GDP成长仍达8.2%。", "2025-11-28")
    now, before = find(figures, "0.079", "%"), find(figures, "0.064", "%")
    assert (now.indicator, now.basis, before.indicator, before.basis) == ("私人最终消费支出", "yoy", "私人最终消费支出", "yoy")
    assert before.period_start == now.period_start.replace(year=now.period_start.year - 1)
    assert find(figures, "0.082", "%").basis == "yoy"


def test_a_stock_against_a_named_year_s_end_and_a_share_s_change() -> None:
    figures = figures_of("6月末，全口径外债余额21324亿美元，较2019年末增长751亿美元，增幅为3.7%。"
                         "本币外债为8037亿美元，占38%，占比较2019年末提高3个百分点。", "2020-09-25")
    assert find(figures, "75100000000", "USD").basis == "yearend"
    assert find(figures, "0.037", "%").basis == "yearend"
    points = find(figures, "0.03", "percentage point")
    assert (points.indicator, points.basis) == ("本币外债占比", "yearend")


def test_two_indices_that_fell_together_are_two_moves() -> None:
    figures = figures_of("路透9月23日 - 纳斯达克和标普500指数下跌超过2%。", "2020-09-24")
    assert sorted(f.indicator for f in figures if f.value == Decimal("-0.02")) == ["标普500指数", "纳斯达克指数"]


def test_an_amount_converted_in_brackets_and_hours_are_no_figures() -> None:
    figures = figures_of("万科12月需偿还人民币57亿元（含即将展期的债券，约新台币250亿元）。警方花了3个多小时。", "2025-11-27")
    assert not [f for f in figures if f.unit in ("TWD", "个")]


def test_the_lenient_indicator_match_sets_a_rate_attribute_and_the_place_aside() -> None:
    assert indicator_matches(["万科股价"], "万科股价跌幅", "%", lenient=True)
    assert not indicator_matches(["万科股价"], "万科股价跌幅", "%")  # the strict match
    assert not indicator_matches(["万科股价"], "万科股价跌幅", "CNY", lenient=True)  # an amount is no rate
    assert indicator_matches(["中国外汇储备"], "外汇储备", "USD", ("中国",), lenient=True)
    assert not indicator_matches(["知识密集型服务出口额"], "密集型服务出口额", "CNY", ("中国",), lenient=True)
