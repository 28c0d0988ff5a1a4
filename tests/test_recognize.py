"""The recogniser on sentences written for the test, not taken from the seeds."""

from __future__ import annotations

import pytest

from kg.recognize.recognizer import mentions_in, recognizer_for
from kg.recognize.settings import RecognizerSettings
from kg.text import to_simplified


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
    events = {text for text, label in mentions if label == "EVENT"}
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
    for left, right in zip(mentions, mentions[1:], strict=False):
        assert left.end <= right.start
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize(("text", "expected"), [
    ("港珠澳大桥迎来客流高峰。", ("港珠澳大桥", "LOC")),
    ("记者从德黑兰机场获悉，航班恢复正常。", ("德黑兰机场", "LOC")),
    ("北京首钢队主场告负。", ("北京首钢队", "ORG")),
    ("宋心莲指出，需要加强监管。", ("宋心莲", "PERSON")),  # a name jieba's HMM made up
    ("刘德义、张秀芬、王振华参加了座谈。", ("张秀芬", "PERSON")),
    ("彭真同志指出，要加强法制。", ("彭真", "PERSON")),
])
def test_names_by_their_heads_and_shapes(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize("text", [
    "顾客表示很满意。",  # jieba's dictionary tags 顾客 and 卫星 as person names
    "卫星表示信号稳定。",
    "山区峡谷中修建了一座水库。",
    "城市建设取得新进展。",
])
def test_common_words_shaped_like_names_are_not_names(text: str) -> None:
    assert not {label for _text, label in found(text)} & {"PERSON", "GPE", "LOC"}


def test_dotted_name_ends_where_the_name_ends() -> None:
    assert ("卡洛斯·阿马特", "PERSON") in found("卡洛斯·阿马特发表演讲。")
    assert ("阿卜杜勒·阿齐兹·本·萨勒曼", "PERSON") in found("阿卜杜勒·阿齐兹·本·萨勒曼出席会议。")
    # and starts after a post, a role or a verb, but not at a country name inside it (Mali in Mario)
    assert ("卢卡·阿塔纳西奥", "PERSON") in found("大使卢卡·阿塔纳西奥等出席。")
    assert ("罗莎·切尔纳", "PERSON") in found("加州居民罗莎·切尔纳在疫情中失去亲人。")
    assert ("马里奥·德拉吉", "PERSON") in found("他致电马里奥·德拉吉，表示祝贺。")


def test_a_transliteration_is_a_person_where_the_article_says_so() -> None:
    mentions = mentions_in("美国总统特朗普表示将加征关税。特朗普还说，谈判仍在继续。")
    assert [m.text for m in mentions if m.label == "PERSON"] == ["特朗普", "特朗普"]


def test_two_recognisers_with_different_settings_live_side_by_side(tmp_path) -> None:
    from kg.recognize import Recognizer, RecognizerSettings, mentions_in

    own = tmp_path / "mine.jsonl"
    own.write_text('{"name": "青禾数联", "label": "ORG"}\n', encoding="utf-8")
    text = "青禾数联发布了新产品。"
    shipped = Recognizer(RecognizerSettings(model=False))
    users = Recognizer(RecognizerSettings(model=False, gazetteers=[own]))
    assert ("青禾数联", "ORG", "gazetteer") in {(m.text, m.label, m.source) for m in mentions_in(text, users)}
    # building the second changed nothing of the first
    assert "gazetteer" not in {m.source for m in mentions_in(text, shipped) if m.text == "青禾数联"}
    assert users.settings != shipped.settings and hash(users.settings) != hash(shipped.settings)


def test_a_stop_word_inside_a_longer_word_does_not_cut_an_event() -> None:
    # the seeds' 2021年中国国际服务贸易交易会中国电子商务大会: 交 (提交) is a stop before an event's
    # name, but not inside 交易会; nor 上 inside 上海 (新闻联播)
    rules = recognizer_for(RecognizerSettings(model=False))
    text = "在9月3日举行的2021年中国国际服务贸易交易会中国电子商务大会上，商务部副部长任鸿斌表示"
    assert ("2021年中国国际服务贸易交易会中国电子商务大会", "EVENT") in {(m.text, m.label) for m in mentions_in(text, rules)}
    text = "我这次在哈萨克斯坦的另一项重要日程是出席上海合作组织峰会。"
    assert ("上海合作组织峰会", "EVENT") in {(m.text, m.label) for m in mentions_in(text, rules)}


def test_wo_guo_is_china_over_the_model() -> None:
    # seed 001: the model, which reads the rule's 我国 only as a feature, left this one out;
    # the rule is trusted (0.994 on the corpus's train split)
    text = "“这一成绩的取得与我国疫情防控措施见效、国家外贸政策红利释放有关，也反映出中国制造的强大竞争力。"
    assert any(m.text == "我国" and m.label == "GPE" and m.canonical == "中国" for m in mentions_in(text))
