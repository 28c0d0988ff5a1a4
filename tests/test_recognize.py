"""The recogniser on sentences written for the test, not taken from the seeds."""

from __future__ import annotations

import pytest

from kg.recognize import mentions_in, to_simplified


def found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in mentions_in(text)}


def test_gazetteer_name_inside_a_longer_word() -> None:
    # a word segmenter reads 商务部长 as one word; the character matcher still finds 商务部
    assert ("商务部", "ORG") in found("商务部长王文涛会见了来访的客人。")


def test_person_after_organisation_and_post() -> None:
    mentions = found("财政部副部长朱忠明日前表示，将加大支持力度。")
    assert ("朱忠明", "PERSON") in mentions
    assert ("副部长", "POSITION") in mentions
    assert ("财政部", "ORG") in mentions


def test_organisations_by_head_word() -> None:
    mentions = found("浙江省电子商务促进会会长李明说，明年将举办更多活动。")
    assert ("浙江省电子商务促进会", "ORG") in mentions


def test_titles_events_and_values() -> None:
    text = "3月5日，国家发展改革委举行新闻发布会，介绍《关于促进消费的若干措施》，上半年全国网上零售额达6.1万亿元，增长13.9%。"
    mentions = found(text)
    assert ("《关于促进消费的若干措施》", "LAW") in mentions
    assert ("3月5日", "DATE") in mentions
    assert ("6.1万亿元", "MONEY") in mentions
    assert ("13.9%", "PERCENT") in mentions
    assert ("上半年", "DATE") in mentions


def test_named_event_not_its_verb() -> None:
    mentions = found("7月8日，工业和信息化部在北京召开全国工业和信息化工作座谈会。")
    events = {t for t, l in mentions if l == "EVENT"}
    assert "全国工业和信息化工作座谈会" in events


def test_first_person_country_is_china() -> None:
    mention = next(m for m in mentions_in("我国外贸保持增长。") if m.text == "我国")
    assert mention.label == "GPE" and mention.canonical == "中国"


def test_traditional_characters_keep_their_offsets() -> None:
    text = "香港特區政府財政司司長陳茂波表示，經濟穩步復甦。"
    assert to_simplified(text) == "香港特区政府财政司司长陈茂波表示，经济稳步复苏。"
    mentions = mentions_in(text)
    person = next(m for m in mentions if m.label == "PERSON")
    assert person.text == "陳茂波" and text[person.start:person.end] == "陳茂波"


@pytest.mark.parametrize("text", ["", "。。。", "abc", "\n\n"])
def test_nothing_to_find(text: str) -> None:
    assert mentions_in(text) == []


def test_mentions_never_overlap() -> None:
    text = "中国国际经济交流中心副理事长、商务部原副部长魏建国接受记者采访时表示，我国外贸将保持增长。"
    mentions = sorted(mentions_in(text), key=lambda m: m.start)
    for left, right in zip(mentions, mentions[1:]):
        assert left.end <= right.start
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
