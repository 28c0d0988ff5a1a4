"""Reading and cleaning articles (kg.read)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from bs4 import BeautifulSoup

from kg.errors import InputError
from kg.read.clean import (
    MAX_FRONT_MATTER_CHARS,
    MAX_TITLE_CHARS,
    decode_text,
    display_path,
    parse_article,
    read_record,
    split_front_matter,
)
from kg.read.cleaning import load_cleaning_rules
from kg.read.html import BLOCKS, Page, html_metadata, html_to_text
from kg.read.lines import normalize_space, one_line
from kg.read.metadata import clean_url, parse_published
from kg.read.sources import find_article_files, jsonl_lines, read_article, read_articles
from kg.types import CHINA_TIME

from . import hostile
from .conftest import SEEDS, SHARED

SAMPLE_POSTS = SHARED / "corpus" / "agora-news" / "sample_posts"

# The gold annotations index the cleaned text of the seeds: it must never change.
# (Recorded before the hostile-input work began.)
SEED_TEXT_SHA256 = {
    "000_d4516090f1aaf14c.txt": "e4472ddc96cb4c7f0a1cb6faab30ddd8c53e81e3d71a9056ef449ba1ed1e00fa",
    "001_329565d9c714d630.txt": "8d2b790cb2920e5fd72895e5d11f96bc71c414730cbe7f7961a13e4601e6ddfd",
    "002_06764dbbd6ca4903.txt": "c3d945b4a67331c919b4b3db361218c106316274078db9828cc7d66d38712c40",
    "003_b9db5a96742986c8.txt": "3117d6218dfcfdbb710851f64bde141d688a73525d73c9eb792f5e2447a3aafb",
    "004_94a0fec6b806eea4.txt": "581a2354694754b8fdeaa9f53a8a35a602231ada400b98a37bf559456b60b0f2",
}
SEED_IDS = {
    "000_d4516090f1aaf14c.txt": "223ba004ca6ed535",
    "001_329565d9c714d630.txt": "8bb95c2769411067",
    "002_06764dbbd6ca4903.txt": "10d1e0a0e0ad1ce6",
    "003_b9db5a96742986c8.txt": "8c36ce3278b88cc8",
    "004_94a0fec6b806eea4.txt": "d388986b97aaa062",
}


# --- the seeds ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SEED_TEXT_SHA256))
def test_seed_text_never_changes(name: str) -> None:
    article = read_article(SEEDS / name)
    assert hashlib.sha256(article.text.encode("utf-8")).hexdigest() == SEED_TEXT_SHA256[name]
    assert article.id == SEED_IDS[name]
    assert article.warnings == ()


def test_seed_metadata() -> None:
    articles = {p.name[:3]: read_article(p) for p in sorted(SEEDS.iterdir())}
    assert articles["003"].published == dt.datetime(2021, 7, 13, 23, 3, 55, tzinfo=CHINA_TIME)
    assert articles["004"].url == "https://www.zaobao.com/realtime/china/story20210909-1191809"
    assert [(c.role, c.name) for c in articles["002"].credits] == [("editor", "吴剑"), ("photographer", "周頔")]
    assert [(c.role, c.name) for c in articles["003"].credits] == [("editor", "陈旭"), ("author", "张怀水")]
    assert articles["000"].publisher == "新浪财经"


# --- the text walker gives what bs4's get_text gave ---------------------------------


def legacy_text(html: str) -> str:
    """The cleaner's text as it was made before (insert newlines, then get_text)."""
    rules = load_cleaning_rules()
    soup = BeautifulSoup(html, "lxml")
    page = Page(soup)
    html_metadata(page, rules)
    html_to_text(page, rules, [])  # the same drops...
    for node in soup.find_all(BLOCKS):  # ...then the old way of reading the text
        node.insert_before("\n")
        node.insert_after("\n")
    return soup.get_text()


def html_samples() -> list[str]:
    samples = [
        "<p>一<b>二</b>三</p><div>四<br>五<ul><li>六</li><li>七</li></ul></div>八",
        "<html><head><title>标题</title></head><body><h1>大</h1><table><tr><td>甲</td><td>乙</td></tr></table></body></html>",
        "<p>注释<!-- 不要 -->之外</p><script>x()</script><pre>  保留\n  空白 </pre><![CDATA[数据]]>",
        "<div><p>未闭合<p>第二<span>第三<b>第四",
        "<ruby>漢<rt>hàn</rt></ruby>字<svg><title>图</title></svg><template><p>模板</p></template>",
        '<template><p class="img_descr">图</p><span class="time">2021-07-29</span><template><p>里</p></template></template><p>外</p>',
    ]
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text(encoding="utf-8")
        samples.append(split_front_matter(text)[1])
    if SAMPLE_POSTS.is_dir():
        samples += [split_front_matter(p.read_text(encoding="utf-8"))[1] for p in sorted(SAMPLE_POSTS.iterdir())[:20]]
    return samples


@pytest.mark.parametrize("index", range(len(html_samples())))
def test_text_walker_matches_get_text(index: int) -> None:
    html = html_samples()[index]
    rules = load_cleaning_rules()
    page = Page(BeautifulSoup(html, "lxml"))
    html_metadata(page, rules)
    assert html_to_text(page, rules, []) == legacy_text(html)


@pytest.mark.parametrize("index", range(len(html_samples())))
def test_page_select_finds_what_soup_select_finds(index: int) -> None:
    rules = load_cleaning_rules()
    selectors = (*rules.credit_selectors, *rules.drop_selectors, *rules.time_selectors, "head", "title", "p", "div p", "p:first-child", "[lang|=en]")
    soup = BeautifulSoup(html_samples()[index], "lxml")
    page = Page(soup)

    def same(selector: tuple[str, ...]) -> bool:
        return [id(t) for t in page.select(selector)] == [id(t) for t in soup.select(", ".join(selector))]

    for drop in (*((s,) for s in selectors), rules.drop_selectors, selectors):
        assert all(same((s,)) for s in selectors) and same(rules.drop_selectors) and same(selectors)
        for node in soup.select(", ".join(drop))[:2]:  # the page as it is now, not as it was walked
            node.decompose()


def test_deep_and_wide_html_reads_in_linear_time() -> None:
    import time

    timings = []
    for depth in (2_000, 8_000):
        started = time.perf_counter()
        article = parse_article('<div class="time"><span class="x"><p>' * depth + "正文", "deep.html")
        timings.append(time.perf_counter() - started)
        assert article.text == "正文"
    # quadratic would be 16 times slower; allow noise
    assert timings[1] < 8 * timings[0] + 1.0, timings


# --- decoding -----------------------------------------------------------------------

SIMPLIFIED = "商务部新闻发言人表示，跨境电商是发展速度最快的外贸新业态。"
TRADITIONAL = "香港特區政府今日公布，國際貿易數據顯示經濟持續復甦。"


@pytest.mark.parametrize(
    ("data", "text", "note"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, None),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, None),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "GB18030"),
        ((SIMPLIFIED + "𠀀").encode("gb18030"), SIMPLIFIED + "𠀀", "GB18030"),
        (TRADITIONAL.encode("gbk"), TRADITIONAL, "GB18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "Big5"),
        ("國際".encode("big5"), "國際", "Big5"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "UTF-16"),
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "UTF-16"),
        (("title: x\n" + SIMPLIFIED).encode("utf-16-le"), "title: x\n" + SIMPLIFIED, "without a byte-order mark"),
        (("abc " + SIMPLIFIED).encode("utf-16-be"), "abc " + SIMPLIFIED, "without a byte-order mark"),
        (SIMPLIFIED.encode("utf-32"), SIMPLIFIED, "UTF-32"),
        (SIMPLIFIED.encode("utf-8")[:-1], SIMPLIFIED[:-1], "ends inside a UTF-8 character"),
        ((SIMPLIFIED * 3).encode("utf-8").replace("，".encode(), b"\xff", 1), (SIMPLIFIED * 3).replace("，", "\ufffd", 1), "undecodable"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030-4byte", "gbk-traditional", "big5", "big5-short", "utf16", "utf16be",
         "utf16le-nobom", "utf16be-nobom", "utf32", "utf8-truncated", "utf8-one-bad-byte"],
)
def test_decode(data: bytes, text: str, note: str | None) -> None:
    decoded, notes = decode_text(data, "x")
    assert decoded == text
    assert (note is None and notes == []) or (note is not None and any(note in n for n in notes)), notes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
        (bytes(4096) + b"a", "binary"),
    ],
    ids=["empty", "whitespace", "png", "controls", "zeros"],
)
def test_decode_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode_text(data, "x")


# --- front matter and metadata --------------------------------------------------------


def front(yaml_text: str, body: str = "正文内容。") -> str:
    return f"---\n{yaml_text}\n---\n{body}\n"


@pytest.mark.parametrize(
    ("yaml_text", "warning"),
    [
        ("- a\n- b", "YAML list"),
        ("42", "YAML int"),
        ("title: [unclosed", "not valid YAML"),
        ('title: !!python/object/apply:os.system ["true"]', "not valid YAML"),
        ("title: " + "[" * 5000 + "]" * 5000, "cannot be read"),
        ("title: {a: 1}", "'title' is a dict"),
        ("x: " + "y" * (MAX_FRONT_MATTER_CHARS + 10), "characters long"),
    ],
    ids=["list", "number", "invalid", "python-tag", "deep", "title-mapping", "huge"],
)
def test_bad_front_matter_is_a_warning_and_the_text_is_kept(yaml_text: str, warning: str) -> None:
    article = parse_article(front(yaml_text), "x.md")
    assert article.text == "正文内容。"
    assert any(warning in w for w in article.warnings), article.warnings


def test_front_matter_never_closed() -> None:
    article = parse_article("---\ntitle: 标题\n正文内容。", "x.md")
    assert "正文内容。" in article.text
    assert any("never closed" in w for w in article.warnings)


def test_unhashable_yaml_key_loses_only_itself() -> None:
    article = parse_article(front("? [a, b]\n: c\ntitle: 标题"), "x.md")
    assert article.title == "标题"


def test_alias_bomb_is_cheap() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    article = parse_article(front("\n".join(lines) + "\ntitle: *i\ncategories: *i\npublisher: *i"), "x.md")
    assert article.categories == () and article.publisher is None


def test_windows_and_old_mac_line_ends() -> None:
    for end in ("\r\n", "\r"):
        article = parse_article(front("title: 标题", "第一段\n\n第二段").replace("\n", end), "x.md")
        assert article.title == "标题" and article.text == "第一段\n第二段"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ('"a\\nb\\r\\nc\\u2028d"', "a b c d"),
        ('"控\\x01制\\a字\\x1b符\\x7f"', "控制字符"),
        ("商\u200b务\u2060部\ufeff谈\u00ad", "商务部谈"),
        ("\u202e商务部\u202c", "商务部"),
        ("商务部👨\u200d👩\u200d👧", "商务部👨\u200d👩\u200d👧"),
        ("ＡＢＣ，ｱｲｳ", "ＡＢＣ，ｱｲｳ"),
        ('"孤\\ud800立"', "孤\ufffd立"),
    ],
    ids=["line-breaks", "controls", "zero-width", "bidi", "zwj-emoji", "full-half-width", "surrogate"],
)
def test_titles_are_one_clean_line(title: str, expected: str) -> None:
    assert parse_article(front(f"title: {title}"), "x.md").title == expected


def test_very_long_title_is_cut_with_a_warning() -> None:
    article = parse_article(front("title: " + "长" * 5000), "x.md")
    assert article.title == "长" * MAX_TITLE_CHARS
    assert any("cut to" in w for w in article.warnings)


def test_script_never_reaches_text() -> None:
    article = parse_article(
        front(
            'title: 标题\nfrom: "javascript:alert(1)"',
            '<p>正文<script>alert(1)</script></p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">链接</a>'
            "[文字](javascript:alert(4))<iframe>框架</iframe><noscript>无</noscript>",
        ),
        "x.md",
    )
    assert article.text == "正文\n链接文字"
    assert article.url is None


def test_script_in_plain_text_is_markup_too() -> None:
    assert parse_article("标题\n正文<script>alert(1)</script>尾", "x.txt").text == "标题\n正文尾"


def test_quadratic_markdown_traps_are_linear() -> None:
    import time

    started = time.perf_counter()
    parse_article("[" * 100_000 + "正文", "x.md")
    parse_article("[a](" * 50_000 + "正文", "x.md")
    assert time.perf_counter() - started < 10


def test_credit_lines_with_thousands_of_names() -> None:
    article = parse_article("标题\n" + "记者 张三 摄 " * 5000 + "\n正文", "x.md")
    assert ("photographer", "张三") in [(c.role, c.name) for c in article.credits]


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-13 23:03:55", "2021-07-13T23:03:55+08:00"),
        (dt.date(2021, 7, 13), "2021-07-13T00:00:00+08:00"),
        ("Tue, 13 Jul 2021 15:03:55 -0000", "2021-07-13T15:03:55+08:00"),
        ("2020-09-01 22:54:08.000000000 +08:00", "2020-09-01T22:54:08+08:00"),
        ("2021年7月13日 23:03", "2021-07-13T23:03:00+08:00"),
    ],
)
def test_dates_read(value: object, expected: str) -> None:
    published, problem = parse_published(value, None, "")
    assert problem is None and published is not None
    assert published.tzinfo is not None
    assert published.isoformat() == expected or published.astimezone(CHINA_TIME).isoformat() == expected


@pytest.mark.parametrize(
    "value",
    ["明天下午", "2021-13-45", "9999-12-31 23:59:59-12:00", "0001-01-01 00:00:00+14:00", "1e400", "", "0000-00-00"],
)
def test_unreadable_dates_are_warnings(value: str) -> None:
    published, problem = parse_published(value, None, "")
    assert published is None and problem


def test_impossible_yaml_timestamp_keeps_the_rest() -> None:
    article = parse_article(front("title: 标题\ndate: 2021-13-45"), "x.md")
    assert article.title == "标题" and article.published is None
    assert any("cannot be read" in w for w in article.warnings)


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.zaobao.com/realtime/china/story20210909-1191809", "https://www.zaobao.com/realtime/china/story20210909-1191809"),
        ("https://www.dw.com/zh/中国拟部分允许安世半导体出口/a-74583623", "https://www.dw.com/zh/中国拟部分允许安世半导体出口/a-74583623"),
        ("https://a.example/a b\"><script>", "https://a.example/a%20b%22%3E%3Cscript%3E"),
        ("HTTPS://User:pw@Ex.COM:8080/p?q=1#f#g", "https://ex.com:8080/p?q=1#f%23g"),
        ("https://例子.中国/路径", "https://xn--fsqu00a.xn--fiqs8s/路径"),
        ("https://a.example/%zz%41", "https://a.example/%25zz%41"),
        ("https://a.example/\u00a0\u200b\ue000", "https://a.example/%C2%A0%E2%80%8B%EE%80%80"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("https://exa mple.com/", None),
        ("https://", None),
        ("https://a..b/", None),
        (42, None),
        (["https://a.example/"], None),
    ],
)
def test_clean_url(given: object, expected: str | None) -> None:
    assert clean_url(given) == expected
    if expected is not None:
        ox.NamedNode(expected)


# --- whitespace -----------------------------------------------------------------------------


def test_normalize_space() -> None:
    assert normalize_space("\u3000商\u200b务部\x00\x85  发言人 \u202e") == "商务部 发言人"
    assert normalize_space("\ud800") == "\ufffd"
    assert one_line("第一行\n第二行\u2029第三行") == "第一行 第二行 第三行"


# --- finding files ----------------------------------------------------------------------------


def test_symbolic_links(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("机密", encoding="utf-8")
    (folder / "a.md").write_text("正文", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("正文二", encoding="utf-8")
    os.symlink("..", folder / "sub" / "up")
    os.symlink("self.md", folder / "self.md")
    os.symlink("a.md", folder / "alias.md")
    os.symlink("../outside/secret.md", folder / "leak.md")
    os.symlink("../outside", folder / "outdir")
    files, errors = find_article_files([folder])
    assert [p.relative_to(folder).as_posix() for p in files] == ["a.md", "alias.md", "sub/b.md"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert "leads nowhere" in reasons["self.md"]
    assert "outside" in reasons["leak.md"] and "outside" in reasons["outdir"]
    # A link named on the command line is followed: the user chose it.
    files, errors = find_article_files([folder / "leak.md"])
    assert files == [folder / "leak.md"] and errors == []


def test_missing_and_empty_paths(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, errors = find_article_files([tmp_path / "nope", tmp_path / "empty"])
    assert files == []
    assert [e.reason.split(" (")[0] for e in errors] == ["no such file or folder", "folder holds no article files"]


def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(InputError, match="not a regular file"):
        list(read_articles(tmp_path / "pipe.md"))


def test_display_path_of_a_non_utf8_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad-\xff.md")
    (tmp_path / name).write_text("正文", encoding="utf-8")
    (article,) = read_articles(tmp_path / name)
    assert article.path.endswith("bad-\\xff.md")
    article.path.encode("utf-8")  # printable, writable to a UTF-8 report
    assert display_path("中文.md") == "中文.md"


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_records_end_at_newline_only(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(hostile.LINE_SEPARATOR_RECORD + '{"title": "二", "content_text": "正文"}\r\n', encoding="utf-8")
    articles = list(read_articles(path))
    assert [a.title for a in articles] == ["行分隔符", "二"]
    assert articles[0].text == "第一段\n第二段\n第三段"
    assert [n for n, _line in jsonl_lines(path.read_text(encoding="utf-8"))] == [1, 2]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1]", "not an object"),
        ("{bad", "not a JSON article record"),
        ("[" * 100_000, "not a JSON article record"),
        ('{"content_html": 5}', "text field"),
        ('{"content_text": ""}', "no text"),
    ],
    ids=["list", "bad-json", "deep", "number-body", "empty-body"],
)
def test_read_record_never_raises(line: str, reason: str) -> None:
    result = read_record(line, "x.jsonl:1")
    assert isinstance(result, InputError) and reason in result.reason


def test_jsonl_record_with_escaped_surrogates() -> None:
    line = json.dumps({"title": "孤\ud800立", "content_html": "<p>正文\udfff</p>", "url": "javascript:x", "pub_date": "9999-99-99"})
    article = read_record(line, "x.jsonl:1")
    assert not isinstance(article, InputError)
    assert article.title == "孤\ufffd立" and article.text == "正文\ufffd" and article.url is None
    (article.title + article.text).encode("utf-8")


# --- the real corpus -------------------------------------------------------------------------


def test_sample_posts_all_read() -> None:
    if not SAMPLE_POSTS.is_dir():
        pytest.skip("../shared/corpus is not here")
    manifest = json.loads((SAMPLE_POSTS / "MANIFEST.json").read_text(encoding="utf-8"))
    files, errors = find_article_files([SAMPLE_POSTS])
    assert errors == [] and sorted(p.name for p in files) == sorted(entry["file"] for entry in manifest)
    read = [a for p in files for a in read_articles(p)]
    assert len(read) == len(manifest) == 48
    assert all(a.text and a.title and a.published for a in read)
