"""Posts and statements on sentences of the corpus's train and dev articles (issue 22b):
the shapes other outlets write them in (Latin-script names, titles after the name,
former posts, officers of companies, speakers after quotes)."""

from __future__ import annotations

from .test_posts_statements import posts_of, speakers_of

# --- Latin-script names ----------------------------------------------------------------


def test_a_latin_name_after_a_post_holds_it_and_speaks() -> None:
    text = "“在这两种情况下，尤其是后者，市场反应可能相当偏向鸽派，”Cornerstone Macro分析师Roberto Perli周一写道。"
    assert any(p[0] == "Roberto Perli" and p[1] == "分析师" for p in posts_of(text))
    assert ("PERSON", "Roberto Perli", None) in speakers_of(text)


def test_a_latin_name_before_a_reporting_verb_speaks_and_keeps_its_space() -> None:
    text = "“这是前所未有的情况，尽管修改自己的命令显然属于总统的权限，”Aimen Mir表示。"
    assert ("PERSON", "Aimen Mir", None) in speakers_of(text)


def test_a_latin_company_name_is_no_person() -> None:
    text = "“由于未来几年劳动力及整体经济仍有闲置情形，很难见到通胀会持续走高，”Brown Brothers Harriman在一份报告中指出。"
    assert all(label != "PERSON" for label, _name, _official in speakers_of(text))
