"""Posts and statements on real sentences of the annotated corpus (train and dev
splits only, tests/gold/corpus): each general fix with the sentence that showed it."""

from __future__ import annotations

from .test_posts_statements import speakers_of


def test_a_news_outlet_reporting_is_not_a_speaker() -> None:
    # dev, agora-news 2020-09: the agency reports what others say
    speakers = speakers_of("法新社说，主持首场辩论的福斯新闻台主播华勒斯擅长问问题。")
    assert all(name != "法新社" for _label, name, _official in speakers)
    speakers = speakers_of("路透社报道称，甲骨文和沃尔玛已同意分别购买TikTok的股份。")
    assert all(name != "路透社" for _label, name, _official in speakers)


def test_a_foreign_ministry_is_not_chinas() -> None:
    # dev, agora-news 2025-11: 俄罗斯外交部 is Russia's ministry, not the gazetteer's 外交部
    text = "俄罗斯是欧盟的邻国。俄罗斯外交部周五表示，已禁止更多欧盟官员进入俄罗斯。"
    assert ("ORG", "俄罗斯外交部", None) in speakers_of(text)


def test_a_short_name_is_the_full_name_said_before() -> None:
    # dev, agora-news 2025-11: 鲁比奥 after 马尔科·鲁比奥 is one speaker
    text = ("美国国务卿马尔科·鲁比奥在回应一篇文章时，也传达了同样的信息。"
            "鲁比奥在X上发帖称：“你们的消息来源欺骗了你们。”")
    names = {name for label, name, _official in speakers_of(text) if label == "PERSON"}
    assert names == {"马尔科·鲁比奥"}
