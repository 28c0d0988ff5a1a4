"""kg.facts.numbers and kg.facts.periods: amounts, percentages, changes, dates and periods.

The parametrised cases are the project's regression tests for the expressions
the libraries get wrong (cn2an cannot read 1.69万亿; jionlp reads 1-6月 as
January 6th and 1—5月 not at all).
"""

from __future__ import annotations

import datetime as dt
import doctest
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.facts import numbers, periods
from kg.facts.numbers import (
    Change,
    Period,
    Quantity,
    parse_change,
    parse_number,
    parse_percent,
    parse_quantity,
    qualifier_of,
)
from kg.facts.periods import parse_date, parse_period

D = dt.date


# --- quantities ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("1.69万亿元", "1690000000000", "CNY", None),
        ("8867亿元", "886700000000", "CNY", None),
        ("890.9亿美元", "89090000000", "USD", None),
        ("8914亿元人民币", "891400000000", "CNY", None),
        ("1.92万亿", "1920000000000", None, None),
        ("超过7000亿元", "700000000000", "CNY", "more_than"),
        ("1800个", "1800", "个", None),
        ("1200万平方米", "12000000", "平方米", None),
        ("3万家", "30000", "家", None),
        ("超过3万家", "30000", "家", "more_than"),
        ("近70项", "70", "项", "about"),
        ("五万人次", "50000", "人次", None),
        ("1400个", "1400", "个", None),
        ("22个", "22", "个", None),
        ("22个国家", "22", "个", None),
        ("一百家", "100", "家", None),
        ("十个", "10", "个", None),
        ("两千亿元", "200000000000", "CNY", None),
        ("三千五百万", "35000000", None, None),
        ("１２３亿元", "12300000000", "CNY", None),
        ("1,234亿元", "123400000000", "CNY", None),
        ("1，234，567元", "1234567", "CNY", None),
        ("7000多亿元", "700000000000", "CNY", "more_than"),
        ("3万余家", "30000", "家", "more_than"),
        ("3万家以上", "30000", "家", "more_than"),
        ("不到100个", "100", "个", "less_than"),
        ("100人左右", "100", "人", "about"),
        ("达到近1000亿元", "100000000000", "CNY", "about"),
        ("3万吨", "30000", "吨", None),
        ("1200万千瓦", "12000000", "千瓦", None),
        ("5千米", "5", "千米", None),
        ("50亿欧元", "5000000000", "EUR", None),
        ("3000亿日元", "300000000000", "JPY", None),
        ("100亿港元", "10000000000", "HKD", None),
        ("10倍", "10", "倍", None),
        ("-3.5亿元", "-350000000", "CNY", None),
        ("一亿五千万元", "150000000", "CNY", None),
        ("二十三点五万吨", "235000", "吨", None),
    ],
)
def test_parse_quantity(text: str, value: str, unit: str | None, qualifier: str | None) -> None:
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(value), unit, qualifier, text)
    assert str(quantity.value) == value  # no exponent, no trailing zeros: ready for xsd:decimal


@pytest.mark.parametrize("text", ["", "   ", "abc", "亿元", "万", "两岸", "31.1%", "12.3.4亿元", "1.2.3", "元", "增长"])
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


def test_huge_numbers_stay_exact() -> None:
    digits = "123456789012345678901234567890.12"
    quantity = parse_quantity(digits + "万亿元")
    assert quantity is not None
    # (Decimal's default 28 digits would round this product; the module's may not.)
    assert str(quantity.value) == "123456789012345678901234567890120000000000"


@settings(deadline=None)
@given(st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2, allow_nan=False, allow_infinity=False))
def test_hundred_millions_are_exact(d: Decimal) -> None:
    quantity = parse_quantity(f"{d}亿元")
    assert quantity is not None
    assert quantity.value == d * 10**8
    assert quantity.unit == "CNY"
    assert "E" not in str(quantity.value)


try:  # an oracle where it is installed; kg itself does not need it
    import cn2an
except ImportError:
    cn2an = None


@pytest.mark.skipif(cn2an is None, reason="cn2an is not installed")
@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_numerals_agree_with_cn2an(n: int) -> None:
    assert parse_number(cn2an.an2cn(str(n))) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", "10"),
        ("十一", "11"),
        ("一百一", "110"),
        ("一千零五", "1005"),
        ("一千零五十", "1050"),
        ("二〇二一", "2021"),
        ("一万五", "15000"),
        ("一亿五", "150000000"),
        ("一万亿", "1000000000000"),
        ("千万", "10000000"),
        ("3千5百万", "35000000"),
        ("三点五", "3.5"),
        ("零点五", "0.5"),
        ("壹佰贰拾", "120"),
        ("1.5千亿", "150000000000"),
    ],
)
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


# --- percentages and changes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("31.1%", "0.311"),
        ("4.6%", "0.046"),
        ("百分之五", "0.05"),
        ("百分之五点五", "0.055"),
        ("百分之二十", "0.2"),
        ("１００％", "1"),
        ("-2.3%", "-0.023"),
        ("千分之三", "0.003"),
        ("近30%", "0.3"),
        ("30%左右", "0.3"),
    ],
)
def test_parse_percent(text: str, value: str) -> None:
    assert parse_percent(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "%", "abc", "31.1", "下降2.3%", "百分之", "1.2个百分点"])
def test_parse_percent_rejects(text: str) -> None:
    assert parse_percent(text) is None


@pytest.mark.parametrize(
    ("text", "value", "kind", "qualifier"),
    [
        ("增长31.1%", "0.311", "ratio", None),
        ("同比增长28.6%", "0.286", "ratio", None),
        ("下降2.3%", "-0.023", "ratio", None),
        ("减少5%", "-0.05", "ratio", None),
        ("回落0.5%", "-0.005", "ratio", None),
        ("，比上年同期下降2.3%", "-0.023", "ratio", None),
        ("负增长2%", "-0.02", "ratio", None),
        ("增幅为31.1%", "0.311", "ratio", None),
        ("降幅达百分之五", "-0.05", "ratio", None),
        ("增长30%以上", "0.3", "ratio", "more_than"),
        ("下降近10%", "-0.1", "ratio", "about"),
        ("增长了近10倍", "10", "multiple", "about"),
        ("增长1.5倍", "1.5", "multiple", None),
        ("翻了一番", "1", "ratio", None),
        ("翻两番", "3", "ratio", None),
        ("+5%", "0.05", "ratio", None),
        ("-2.3%", "-0.023", "ratio", None),
    ],
)
def test_parse_change(text: str, value: str, kind: str, qualifier: str | None) -> None:
    assert parse_change(text) == Change(Decimal(value), kind, qualifier, text)


@pytest.mark.parametrize("text", ["", "增长", "回落0.1", "提高0.1个百分点", "上升至5.1%", "增长到10%", "5%", "abc"])
def test_parse_change_rejects(text: str) -> None:
    assert parse_change(text) is None


# --- periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base", "start", "end", "precision"),
    [
        ("2020年", D(2021, 7, 29), D(2020, 1, 1), D(2020, 12, 31), "year"),
        ("2016年", D(2021, 7, 29), D(2016, 1, 1), D(2016, 12, 31), "year"),
        ("2021年", D(2021, 7, 29), D(2021, 1, 1), D(2021, 12, 31), "year"),
        ("今年上半年", D(2021, 7, 29), D(2021, 1, 1), D(2021, 6, 30), "half"),
        ("去年", D(2022, 5, 20), D(2021, 1, 1), D(2021, 12, 31), "year"),
        ("今年", D(2021, 7, 29), D(2021, 1, 1), D(2021, 12, 31), "year"),
        ("前年", D(2021, 7, 29), D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("上月", D(2022, 5, 20), D(2022, 4, 1), D(2022, 4, 30), "month"),
        ("上个月", D(2022, 1, 20), D(2021, 12, 1), D(2021, 12, 31), "month"),
        ("2021年1~5月份", D(2021, 7, 13), D(2021, 1, 1), D(2021, 5, 31), "range"),
        ("2021年1～5月份", D(2021, 7, 13), D(2021, 1, 1), D(2021, 5, 31), "range"),
        ("2021年1-5月", D(2021, 7, 13), D(2021, 1, 1), D(2021, 5, 31), "range"),
        ("1—5月", D(2021, 7, 13), D(2021, 1, 1), D(2021, 5, 31), "range"),
        ("1-6月", D(2021, 7, 13), D(2021, 1, 1), D(2021, 6, 30), "range"),
        ("一至五月", D(2021, 7, 13), D(2021, 1, 1), D(2021, 5, 31), "range"),
        ("今年前三季度", D(2021, 10, 20), D(2021, 1, 1), D(2021, 9, 30), "range"),
        ("一季度", D(2021, 7, 29), D(2021, 1, 1), D(2021, 3, 31), "quarter"),
        ("第一季度", D(2021, 7, 29), D(2021, 1, 1), D(2021, 3, 31), "quarter"),
        ("四季度", D(2022, 1, 10), D(2021, 10, 1), D(2021, 12, 31), "quarter"),
        ("前5个月", D(2021, 7, 13), D(2021, 1, 1), D(2021, 5, 31), "range"),
        ("2021年7月", D(2021, 7, 29), D(2021, 7, 1), D(2021, 7, 31), "month"),
        ("十二月", D(2022, 1, 5), D(2021, 12, 1), D(2021, 12, 31), "month"),
        ("7月29日", D(2021, 7, 29), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("6月22日", D(2021, 7, 29), D(2021, 6, 22), D(2021, 6, 22), "day"),
        ("9月3日", D(2021, 9, 9), D(2021, 9, 3), D(2021, 9, 3), "day"),
        ("12月30日", D(2022, 1, 3), D(2021, 12, 30), D(2021, 12, 30), "day"),
        ("2021年7月29日", D(2022, 1, 3), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("二〇二一年七月二十九日", D(2021, 8, 1), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("2021-07-29", D(2021, 8, 1), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("7月29日上午", D(2021, 7, 29), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("29日", D(2021, 7, 3), D(2021, 6, 29), D(2021, 6, 29), "day"),
        ("5日", D(2021, 7, 3), D(2021, 7, 5), D(2021, 7, 5), "day"),
        ("周三", D(2021, 9, 9), D(2021, 9, 8), D(2021, 9, 8), "day"),
        ("星期三", D(2021, 9, 9), D(2021, 9, 8), D(2021, 9, 8), "day"),
        ("周四", D(2021, 9, 9), D(2021, 9, 9), D(2021, 9, 9), "day"),
        ("星期天", D(2021, 9, 9), D(2021, 9, 5), D(2021, 9, 5), "day"),
        ("上周三", D(2021, 9, 9), D(2021, 9, 1), D(2021, 9, 1), "day"),
        ("本周", D(2021, 9, 9), D(2021, 9, 6), D(2021, 9, 12), "range"),
        ("昨天", D(2021, 7, 29), D(2021, 7, 28), D(2021, 7, 28), "day"),
        ("昨日", D(2021, 3, 1), D(2021, 2, 28), D(2021, 2, 28), "day"),
        ("今天", D(2021, 7, 29), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("今日", D(2021, 7, 29), D(2021, 7, 29), D(2021, 7, 29), "day"),
        ("2015年以来", D(2021, 7, 29), D(2015, 1, 1), D(2021, 7, 29), "range"),
        ("自2015年以来", D(2021, 7, 29), D(2015, 1, 1), D(2021, 7, 29), "range"),
        ("今年以来", D(2021, 7, 29), D(2021, 1, 1), D(2021, 7, 29), "range"),
        ("截至6月底", D(2021, 7, 29), D(2021, 6, 30), D(2021, 6, 30), "day"),
        ("截至2020年末", D(2021, 7, 29), D(2020, 12, 31), D(2020, 12, 31), "day"),
        ("去年底", D(2021, 7, 29), D(2020, 12, 31), D(2020, 12, 31), "day"),
        ("6月上旬", D(2021, 7, 29), D(2021, 6, 1), D(2021, 6, 10), "range"),
        ("2月下旬", D(2021, 7, 29), D(2021, 2, 21), D(2021, 2, 28), "range"),
        ("7月1日至3日", D(2021, 7, 29), D(2021, 7, 1), D(2021, 7, 3), "range"),
        ("2019-2021年", D(2021, 7, 29), D(2019, 1, 1), D(2021, 12, 31), "range"),
        ("2020年7月至2021年6月", D(2021, 7, 29), D(2020, 7, 1), D(2021, 6, 30), "range"),
        ("2020年全年", D(2021, 7, 29), D(2020, 1, 1), D(2020, 12, 31), "year"),
        ("２０２１年７月", D(2021, 7, 29), D(2021, 7, 1), D(2021, 7, 31), "month"),
    ],
)
def test_parse_period(text: str, base: dt.date, start: dt.date, end: dt.date, precision: str) -> None:
    assert parse_period(text, base) == Period(start, end, text, precision)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "截至目前",
        "目前",
        "日前",
        "近日",
        "全年",
        "5年",
        "3个月",
        "两年",
        "2021",
        "周末",
        "2月30日",
        "13月",
        "7月2021年",
        "以来",
        "至今",
        "abc",
        "2021年至",
        "12月至1月",
    ],
)
def test_parse_period_rejects(text: str) -> None:
    assert parse_period(text, D(2021, 7, 29)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7月29日", D(2021, 7, 29)),
        ("6月22日", D(2021, 6, 22)),
        ("昨天", D(2021, 7, 28)),
        ("周三", D(2021, 7, 28)),
        ("2021年7月", None),
        ("今年上半年", None),
        ("日前", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, D(2021, 7, 29)) == expected


@settings(deadline=None)
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(min_value=0, max_value=400))
def test_written_dates_read_back(day: dt.date, days_before: int) -> None:
    base = day + dt.timedelta(days=days_before)
    assert parse_date(f"{day.year}年{day.month}月{day.day}日", base) == day
    if days_before <= 300:  # without the year: within the window it stays in the same year
        assert parse_date(f"{day.month}月{day.day}日", base) == day


# --- the module ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "qualifier"),
    [
        ("超过", "more_than"),
        ("突破", "more_than"),
        ("逾", "more_than"),
        ("超", "more_than"),
        ("不到", "less_than"),
        ("低于", "less_than"),
        ("不足", "less_than"),
        ("以下", "less_than"),
        ("近", "about"),
        ("约", "about"),
        ("左右", "about"),
        ("将近", "about"),
        ("接近", "about"),
        ("多", "more_than"),
        ("以上", "more_than"),
        ("增长", None),
        ("", None),
    ],
)
def test_qualifier_of(word: str, qualifier: str | None) -> None:
    assert qualifier_of(word) == qualifier


def test_doctests() -> None:
    result = doctest.testmod(numbers, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
    result = doctest.testmod(periods, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_import_is_quiet_and_light() -> None:
    code = "import sys, kg.facts.numbers, kg.facts.periods; print(sorted(m for m in ('cn2an', 'jionlp', 'jieba') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
    assert run.stderr == ""
