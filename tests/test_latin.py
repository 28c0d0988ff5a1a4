"""Names in Latin letters (kg/recognize/latin.py): candidates, the learned labels, the
shipped model, and how they meet the glosses of Chinese names."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.evaluation import learn_latin
from kg.recognize import mentions_in
from kg.recognize.latin import LatinModel, features, latin_candidates, load_latin_model


def spans(text: str) -> list[str]:
    return [text[start:end] for start, end in latin_candidates(text)]


def test_candidates_are_runs_of_capitalised_words_without_what_ends_a_sentence() -> None:
    # real sentences of the corpus (dev split, a DW article on the French 5G auction)
    text = "法国4家Orange、SFR、Bouygues Telecom、Free电信运营商将获得频率。据Legacy Holding Group USA Inc.报道"
    assert spans(text) == ["Orange", "SFR", "Bouygues Telecom", "Free", "Legacy Holding Group USA Inc"]
    # names with accented letters stay whole (dev: a DW article on a Swedish artist)
    assert spans("瑞典艺术家Carl Fredrik Reuterswärd的作品，Řeporyje区") == ["Carl Fredrik Reuterswärd", "Řeporyje"]
    assert spans("经济复杂性观察站报告（见 Observatory of Economic Complexity of）") == ["Observatory of Economic Complexity"]


def test_running_english_and_glosses_are_not_candidates() -> None:
    # a page's slide counter, all lower case
    assert spans("list 2 of 4 法希尔的居民逃离") == []
    # a Chinese name's gloss is that name's (resolve.with_glosses), not a name of its own
    assert spans("纾困对象包括美国航空与联合航空（United Airlines）。") == []
    assert spans("电影《一夜大肚》（Knocked Up）上映") == []
    assert spans("苹果公司(AAPL.O)") == []
    # a bracket after a Latin word holds no gloss of a Chinese name
    assert spans("英伟达Nvidia (NVDA)股价") == ["Nvidia", "NVDA"]


def test_features_read_the_name_its_shape_and_the_characters_around_it() -> None:
    text = "德国数字行业协会Bitkom的数据显示"
    start = text.index("Bitkom")
    found = features(text, start, start + len("Bitkom"), 1)
    assert {"name=bitkom", "shape=Xx", "before2=协会", "after2=的数", "repeats=1"} <= set(found)


@pytest.mark.parametrize(("text", "name", "label"), [
    # an organisation in no gazetteer, by the characters around it (a DW article, dev split)
    ("德国数字行业协会Bitkom的数据显示，德国今年的数据中心投资将增长。", "Bitkom", "ORG"),
    ("据Reuters报道，该公司周一宣布裁员。", "Reuters", "ORG"),
])
def test_the_shipped_model_labels_unlisted_latin_names(text: str, name: str, label: str) -> None:
    found = {(m.text, m.label, m.source) for m in mentions_in(text)}
    assert (name, label, "latin") in found


def test_a_gloss_stays_the_chinese_names_entity() -> None:
    text = "美国有线电视新闻网（CNN）报道称，会谈将于周五举行。"
    mentions = {m.text: m for m in mentions_in(text)}
    assert mentions["CNN"].source.endswith(":gloss")
    assert mentions["CNN"].canonical == mentions["美国有线电视新闻网"].canonical


def test_every_occurrence_of_a_string_in_an_article_takes_one_label() -> None:
    model = load_latin_model()
    assert model is not None
    text = "TikTok周一表示将起诉。美国政府批准TikTok交易后，TikTok将在美上市。"
    labels = {label for start, end, label in model.names(text) if text[start:end] == "TikTok"}
    assert len(labels) == 1


def test_the_learner_separates_labels_it_is_shown() -> None:
    rows = [(i, ["bias", "after2=公司", "shape=X"], 1, "ABC") for i in range(20)]
    rows += [(i, ["bias", "after2=增长", "shape=X"], 0, "GDP") for i in range(20)]
    vocabulary = learn_latin.vocabulary_of(rows)
    model = LatinModel(learn_latin.as_model(vocabulary, learn_latin.fit(rows, vocabulary, steps=300), 0.5), Path("-"))
    company = model.log_probabilities(["bias", "after2=公司", "shape=X"])
    growth = model.log_probabilities(["bias", "after2=增长", "shape=X"])
    assert company.index(max(company)) == learn_latin.LABELS.index("ORG")
    assert growth.index(max(growth)) == learn_latin.LABELS.index("O")


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_text('{"labels": ["O", "ORG"], "threshold": 0.5, "weights": {"bias": [1.0]}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="latin.json: not a Latin name model"):
        load_latin_model(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read the Latin name model"):
        load_latin_model(path)
    assert load_latin_model(tmp_path / "absent.json") is None


def test_a_gloss_standing_again_alone_is_the_glossed_names_entity() -> None:
    text = "德国伊福经济研究所（Ifo）周一公布的数据显示，商业景气指数下降。Ifo经济学家表示，前景黯淡。"
    mentions = mentions_in(text)
    institute = next(m for m in mentions if m.text.endswith("伊福经济研究所"))
    repeats = [m for m in mentions if m.text == "Ifo"]
    assert len(repeats) == 2
    assert {m.canonical for m in repeats} == {institute.canonical or institute.text}
    assert {m.label for m in repeats} == {"ORG"}


def test_a_users_gazetteer_wins_over_the_latin_model(tmp_path: Path) -> None:
    from kg.recognize import Recognizer, RecognizerSettings

    listed = tmp_path / "mine.jsonl"
    listed.write_text('{"name": "Bitkom", "label": "PRODUCT", "aliases": []}\n', encoding="utf-8")
    text = "德国数字行业协会Bitkom的数据显示"
    found = {(m.text, m.label, m.source) for m in mentions_in(text, Recognizer(RecognizerSettings(gazetteers=(listed,))))}
    assert ("Bitkom", "PRODUCT", "gazetteer") in found
