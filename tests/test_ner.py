"""The trained NER model: shipped, loaded, used by the recogniser, retrainable with ``kg train``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from kg.cli.main import main
from kg.errors import ConfigError
from kg.recognize import ner
from kg.recognize.recognizer import Recognizer, mentions_in
from kg.recognize.settings import RecognizerSettings
from kg.recognize.words import tag_words

from .conftest import SHARED

NER_TRAIN = SHARED / "ner-train"
# Names in no gazetteer, with no title or other rule context around them.
UNLISTED = [
    ("今年春天，汪敏华和龚建业一起去了沧源县。", {("汪敏华", "PERSON"), ("龚建业", "PERSON")}),
    ("据悉，青禾农机制造有限公司获得了这笔贷款。", {("青禾农机制造有限公司", "ORG")}),
    ("梁仪坚说，明年的产量会更高。", {("梁仪坚", "PERSON")}),
]


@pytest.fixture(scope="module")
def model() -> ner.CharCRF:
    return ner.load_model()


def test_the_shipped_model_loads_and_is_small(model: ner.CharCRF) -> None:
    folder = ner.model_directory()
    size = sum(path.stat().st_size for path in folder.iterdir())
    assert size < 40 * 1024 * 1024
    assert model.version == ner.model_version()
    training = json.loads((folder / "crf.json").read_text(encoding="utf-8"))["training"]
    assert training["sentences"] > 30_000 and "tests/gold/corpus/corpus.jsonl" in training["data"]
    assert set(ner.LABELS) == {"PER", "LOC", "ORG", "EVENT", "LAW", "PRODUCT"}


# Real sentences of news items (新闻联播, 新浪) outside the annotated corpus, one name in no
# gazetteer for each label the model carries, none with a rule that would find it.
UNLISTED_EVERY_LABEL = [
    ("王志刚表示，国家技术创新中心将聚焦技术创新与成果转化。", ("王志刚", "PERSON")),
    ("王志刚表示，国家技术创新中心将聚焦技术创新与成果转化。", ("国家技术创新中心", "ORG")),
    ("在粮食主产区黑龙江克山县，种粮大户高祥会正在为卖粮做准备。", ("克山县", "GPE")),
    pytest.param("在四川成都天府广场，在海南三沙永兴岛，在西藏林芝藏族村寨，五星红旗伴着晨曦缓缓升起。", ("永兴岛", "LOC"), marks=pytest.mark.xfail(
        reason="issue 21: the model reads the city and the island as one place (三沙永兴岛)", strict=True)),
    ("在四川成都天府广场，在海南三沙永兴岛，在西藏林芝藏族村寨，五星红旗伴着晨曦缓缓升起。", ("天府广场", "LOC")),
    ("在5日举行的海合会峰会上，沙特、阿联酋等国与卡塔尔同意恢复全面外交关系。", ("海合会峰会", "EVENT")),
    ("中央军委主席习近平日前签署命令，发布新修订的《军队装备条例》，自2021年1月1日起施行。", ("《军队装备条例》", "LAW")),
    ("尼康S570配有尼康智能人像系统，可以拍摄出精彩的人像图像。", ("尼康S570", "PRODUCT")),
]


@pytest.mark.parametrize(("text", "name"), UNLISTED_EVERY_LABEL)
def test_the_model_finds_a_name_in_no_list_for_every_label(text: str, name: tuple[str, str]) -> None:
    from spacy.tokens import Doc

    from kg.recognize.candidates import CANDIDATE_PREFIX
    from kg.recognize.rules import load_rules

    listed = {n for entry in load_rules().gazetteer for n in (entry["name"], *entry.get("aliases", ()))}
    assert name[0] not in listed
    recognizer = Recognizer(RecognizerSettings(model=True))
    doc = Doc(recognizer.nlp.vocab, words=list(text), spaces=[False] * len(text))
    for _name, component in recognizer.nlp.pipeline:
        doc = component(doc)
    # the model's own candidate, and the recogniser's name (a rule may name it too)
    assert name in {(span.text, span.label_) for span in doc.spans[CANDIDATE_PREFIX + "model"]}
    assert name in {(m.text, m.label) for m in mentions_in(text, recognizer)}


@pytest.mark.parametrize(("text", "names"), UNLISTED)
def test_the_model_alone_finds_unlisted_names(model: ner.CharCRF, text: str, names: set[tuple[str, str]]) -> None:
    found = {(text[start:end], {"PER": "PERSON"}.get(label, label)) for start, end, label in model.tag(text, tag_words(text), [])}
    assert names <= found


@pytest.mark.parametrize(("text", "names"), UNLISTED)
def test_the_pipeline_takes_the_model_names(text: str, names: set[tuple[str, str]]) -> None:
    recognizer = Recognizer(RecognizerSettings(model=True))
    mentions = mentions_in(text, recognizer)
    assert names <= {(m.text, m.label) for m in mentions}
    assert "model" in {m.source for m in mentions}


def test_a_listed_name_the_model_finds_keeps_the_gazetteers_canonical_name() -> None:
    text = "商务部副部长任鸿斌在会上说，我国外贸保持增长。"
    recognizer = Recognizer(RecognizerSettings(model=True))
    by_text = {m.text: m for m in mentions_in(text, recognizer)}
    assert by_text["商务部"].label == "ORG"
    assert by_text["任鸿斌"].label == "PERSON"
    assert (by_text["我国"].label, by_text["我国"].canonical) == ("GPE", "中国")


def test_the_users_own_gazetteer_wins_over_the_model(tmp_path: Path) -> None:
    own = tmp_path / "mine.jsonl"
    # a product name the model would not read as one whole name
    own.write_text('{"name": "青禾数联云平台", "label": "PRODUCT"}\n', encoding="utf-8")
    text = "青禾数联云平台今天上线。"
    users = Recognizer(RecognizerSettings(model=True, gazetteers=[own]))
    assert ("青禾数联云平台", "PRODUCT", "gazetteer") in {(m.text, m.label, m.source) for m in mentions_in(text, users)}


def test_an_untrusted_rule_is_the_models_feature_not_its_judge() -> None:
    from kg.recognize.resolve import ModelFirst
    from kg.resources import data_path, load_yaml

    settings = load_yaml(data_path("ner/resolve.yaml"))
    assert "org_suffix" not in settings["trusted"] and "gazetteer" not in settings["trusted"]
    assert {"EVENT", "LAW", "PRODUCT", "PERSON", "ORG", "GPE", "LOC"} <= set(settings["model_labels"])
    assert ModelFirst(frozenset(settings["trusted"]), frozenset(), frozenset()).trusted == frozenset(settings["trusted"])


def test_decoding_follows_the_bioes_grammar(model: ner.CharCRF) -> None:
    rng = np.random.default_rng(7)
    scores = rng.normal(0, 5, size=(60, len(ner.TAGS))).astype(np.float32)
    tags = [ner.TAGS[t] for t in model.decode(scores, [(0, 25), (25, 60)])]
    allowed = ner.allowed_transitions()
    index = {tag: i for i, tag in enumerate(ner.TAGS)}
    for piece in (tags[:25], tags[25:]):
        assert piece[0] == "O" or piece[0][0] in "BS"
        assert piece[-1] == "O" or piece[-1][0] in "ES"
        assert all(allowed[index[a], index[b]] for a, b in zip(piece, piece[1:], strict=False))


def test_tags_to_spans_reads_ill_formed_runs() -> None:
    assert ner.tags_to_spans(["B-PER", "E-PER", "O", "I-LOC", "E-LOC", "S-ORG", "E-ORG"]) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "ORG")]


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no NER model here"):
        ner.load_model(tmp_path)
    (tmp_path / "crf.npz").write_bytes(b"not a zip")
    (tmp_path / "crf.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot load the NER model"):
        ner.load_model(tmp_path)


def test_model_option_names_a_folder_without_a_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = sorted((Path(__file__).parent.parent / "seeds").iterdir())[0]
    empty = tmp_path / "no-model"
    empty.mkdir()
    assert main(["build", str(seed), "--out", str(tmp_path / "out"), "--no-html", "--model", str(empty)]) != 0
    assert f"{empty}: no NER model here" in capsys.readouterr().err


def test_build_reports_the_recogniser_and_no_model_leaves_it_out(tmp_path: Path) -> None:
    import kg

    seed = sorted((Path(__file__).parent.parent / "seeds").iterdir())[0]
    with_model = kg.build([seed], tmp_path / "model", html=False)
    rules_only = kg.build([seed], tmp_path / "rules", html=False, model=False)
    assert with_model.report["recognizer"]["model"] == f"crf {ner.model_version()}"
    assert rules_only.report["recognizer"]["model"] is None


def test_the_cache_key_depends_on_the_recogniser() -> None:
    from kg.pipeline import rules_version

    assert rules_version(RecognizerSettings(model=True)) != rules_version(RecognizerSettings(model=False))


@pytest.mark.skipif(not (NER_TRAIN / "msra-train.bioes").is_file(), reason="needs ../shared/ner-train")
def test_kg_train_runs_end_to_end_on_a_slice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "model"
    assert main(["train", "--data", str(NER_TRAIN), "--limit", "1500", "--iterations", "8", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "iteration 8:" in printed and "dev tag F1" in printed and "dev P" in printed
    trained = ner.CharCRF(out)
    # 1,500 public sentences and a quarter as many of the corpus, three times
    assert trained.meta["training"]["sentences"] < 1500 + 3 * 375 + 1
    # the same data and settings give the same model
    again = tmp_path / "again"
    assert main(["train", "--data", str(NER_TRAIN), "--limit", "1500", "--iterations", "8", "--out", str(again)]) == 0
    assert (out / "crf.npz").read_bytes() == (again / "crf.npz").read_bytes()
    shutil.rmtree(again)


def test_kg_train_names_missing_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", str(tmp_path), "--out", str(tmp_path / "m")]) == 1
    assert "no such training file" in capsys.readouterr().err


def test_span_codes_match_the_training_features(model: ner.CharCRF) -> None:
    # overlapping gazetteer names (商务部 inside 商务部研究院): the later one wins in both
    spans = [(0, 3, "ORG"), (0, 6, "ORG"), (7, 8, "GPE"), (9, 11, "POSITION"), (10, 12, "PERSON")]
    strings = ner.position_codes(spans, 12)
    vocabulary = model.vocabularies[ner.GAZETTEER]
    expected = [0, *(vocabulary.get(code, 1) if code != "-" else vocabulary.get("-", 1) for code in strings), 0]
    assert model.span_codes(ner.GAZETTEER, spans, 12).tolist() == expected
