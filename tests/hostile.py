"""A corpus of hostile article files, generated into a folder by the tests.

Nothing binary is committed: every file is made here, from code, each time.
``cases()`` lists the inputs and what kg must make of each: built (the
article is in the graph), failed (listed in report.json with a reason) or
duplicate (listed as the same article as another file). ``write_corpus``
writes them, symbolic links included.

"""

from __future__ import annotations

import os
import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# An article kg knows well: entities from the gazetteer, a date, a quotation.
PARAGRAPHS = (
    "商务部新闻发言人高峰7月29日在例行新闻发布会上表示，跨境电商是发展速度最快、潜力最大、带动作用最强的一种外贸新业态。",
    "据海关统计，2020年我国跨境电商进出口1.69万亿元，增长了31.1%。",
    "中国和东盟互为重要的贸易伙伴，双方将深化电子商务合作。",
)
BODY = "\n\n".join(PARAGRAPHS)
TRADITIONAL = "香港特區政府今日公布，國際貿易數據顯示經濟持續復甦。商務部發言人表示，兩地合作將進一步加強。"

# Text that must never reach an article's text, or its URL, as markup.
SCRIPT_MARKERS = ("alert(", "onerror", "onload", "javascript:", "<script", "document.cookie")


@dataclass(frozen=True)
class Case:
    """One hostile input and what kg must make of it."""

    name: str  # path under the corpus folder
    data: bytes | None  # None for a symbolic link or a special file
    expect: str  # "built" | "failed" | "duplicate" | "ignored" (not an input: no article, no failure)
    what: str  # what the input tries
    reason: str = ""  # for "failed": a piece of the reason in report.json
    title: str | None = None  # for "built": the title kg must read
    text_has: tuple[str, ...] = ()
    text_lacks: tuple[str, ...] = ()
    link_to: str | None = None  # for a symbolic link: its target, as written
    same_as: str | None = None  # for "duplicate": the case it duplicates
    no_url: bool = False  # the article must have no URL (a javascript: one was given)
    kind: str = "file"  # "file" | "link" | "fifo"
    tags: tuple[str, ...] = field(default=())


def md(front: str, body: str = BODY) -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def mark(name: str) -> str:
    """A sentence unique to one case, so that no two cases are the same article."""
    return f"本文编号{zlib.crc32(name.encode('utf-8')):08x}。"


def text_cases() -> list[Case]:
    """Front matter, dates, titles and entity texts that try to break things."""
    utf8 = str.encode
    cases = [
        # front matter
        Case("fm/missing.md", utf8("# 商务部谈跨境电商\n\n" + BODY), "built", "no front matter", title="商务部谈跨境电商"),
        Case("fm/unclosed.md", utf8("---\ntitle: 没有结束\n\n" + BODY), "built", "front matter never closed", text_has=("跨境电商",)),
        Case("fm/invalid_yaml.md", utf8(md("title: [unclosed\ndate: 2021-07-29", BODY + mark("fm/invalid_yaml.md"))), "built", "front matter that is not YAML", text_has=("跨境电商",)),
        Case("fm/list.md", utf8(md("- a\n- b", BODY + mark("fm/list.md"))), "built", "front matter that is a YAML list"),
        Case("fm/number.md", utf8(md("42", BODY + mark("fm/number.md"))), "built", "front matter that is a YAML number"),
        Case("fm/string.md", utf8(md("just a string", BODY + mark("fm/string.md"))), "built", "front matter that is a YAML string"),
        Case("fm/null.md", utf8(md("~", BODY + mark("fm/null.md"))), "built", "front matter that is YAML null"),
        Case("fm/python_tag.md", utf8(md('title: !!python/object/apply:os.system ["touch /tmp/kg-pwned"]', BODY + mark("fm/python_tag.md"))), "built", "a YAML tag that would run code", text_lacks=("os.system",)),
        Case(
            "fm/alias_bomb.md",
            utf8(md('a: &a ["x","x","x","x","x","x","x","x","x"]\n'
                    + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
                    + "title: *i\ncategories: *i", BODY + mark("fm/alias_bomb.md"))),
            "built", "a billion-laughs YAML alias bomb as title and categories",
        ),
        Case("fm/deep_nesting.md", utf8(md("title: " + "[" * 20000 + "]" * 20000, BODY + mark("fm/deep_nesting.md"))), "built", "YAML nested 20,000 deep"),
        Case("fm/title_mapping.md", utf8(md("title: {a: 1}\ndate: 2021-07-29", BODY + mark("fm/title_mapping.md"))), "built", "a title that is a mapping"),
        Case("fm/title_binary.md", utf8(md("title: !!binary aGVsbG8=", BODY + mark("fm/title_binary.md"))), "built", "a title that is binary"),
        Case("fm/huge.md", utf8(md("title: 巨大\nnote: " + "x" * 400_000, BODY + mark("fm/huge.md"))), "built", "400 KB of front matter"),
        Case("fm/keys_odd.md", utf8(md("? [a, b]\n: c\n1: 2\nnull: 3\ntitle: 键名奇怪")), "built", "non-string keys", title="键名奇怪"),
        # dates
        Case("date/missing.md", utf8(md("title: 没有日期")), "built", "no date", title="没有日期"),
        Case("date/unparseable.md", utf8(md("title: 日期不可读\ndate: 明天下午")), "built", "a date that is words"),
        Case("date/impossible.md", utf8(md("title: 不存在的日期\ndate: 2021-13-45")), "built", "month 13, day 45 (a YAML timestamp)"),
        Case("date/far_future.md", utf8(md("title: 遥远的未来\ndate: 9999-12-31 23:59:59 -12:00")), "built", "year 9999 at UTC-12 (overflows in China time)"),
        Case("date/year_one.md", utf8(md("title: 公元元年\ndate: 0001-01-01 00:00:00 +14:00")), "built", "year 1 at UTC+14"),
        Case("date/list.md", utf8(md("title: 日期是列表\ndate: [2021, 7, 29]")), "built", "a date that is a list"),
        Case("date/number.md", utf8(md("title: 日期是数字\ndate: 1e400")), "built", "a date that is an infinite float"),
        # titles and entity texts
        Case(
            "title/quotes.md",
            utf8(md("title: '商务部说\"跨境\" \\ 和 ''单引号'' <b>粗体</b> > < & \\n'")),
            "built", "quotes, backslashes, <, >, &", title='商务部说"跨境" \\ 和 \'单引号\' <b>粗体</b> > < & \\n',
        ),
        Case("title/newlines.md", utf8(md('title: "第一行\\n第二行\\r\\n第三行\\u2028第四行"')), "built", "line breaks in a title", title="第一行 第二行 第三行 第四行"),
        Case("title/control.md", utf8(md('title: "控\\x01制\\a字\\x1b[31m符\\x7f\\u0085"')), "built", "control characters in a title", title="控制字[31m符"),
        Case("title/emoji.md", utf8(md("title: 商务部🚀👨\u200d👩\u200d👧🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f")), "built", "emoji, ZWJ sequences and tag characters",
             title="商务部🚀👨\u200d👩\u200d👧🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"),
        Case("title/zero_width.md", utf8(md("title: 商\u200b务\u2060部\ufeff谈\u00ad电商", BODY + mark("title/zero_width.md"))), "built", "zero-width characters inside words", title="商务部谈电商"),
        Case("title/bidi.md", utf8(md("title: \u202e商务部\u202c谈\u2066电商\u2069")), "built", "bidirectional overrides", title="商务部谈电商"),
        Case("title/full_half_width.md", utf8(md("title: ＡＢＣ１２３，商务部（ＭＯＦＣＯＭ）ｱｲｳ ｶﾞ")), "built", "full-width and half-width forms", title="ＡＢＣ１２３，商务部（ＭＯＦＣＯＭ）ｱｲｳ ｶﾞ"),
        Case("title/traditional.md", utf8(md("title: 商務部發言人談跨境電商", TRADITIONAL)), "built", "traditional characters", title="商務部發言人談跨境電商"),
        Case("title/script.md", utf8(md("title: \"<script>alert('title')</script><img src=x onerror=alert(1)>\"")), "built", "a script payload as title",
             title="<script>alert('title')</script><img src=x onerror=alert(1)>"),
        Case("title/very_long.md", utf8(md("title: " + "长" * 100_000)), "built", "a title of 100,000 characters", title="长" * 500),
        Case("title/surrogate.md", utf8(md('title: "孤立\\ud800代理"')), "built", "a lone surrogate escaped in YAML", title="孤立\ufffd代理"),
        Case(
            "entities/hostile_names.md",
            utf8(md(
                "title: 实体名称带特殊字符",
                "商务部\"><script>alert(1)</script>表示，中国\\东盟合作。\n\n"
                "《北京\\n宣言》与“商\u200b务部”及ＷＴＯ、世界贸易组织\u0001、海关总署\u202e、"
                "国务院🚀、商務部、<东盟>、'中国'、\"东盟\"、中国{东盟}|^`。\n\n"
                "发言人\u0007高峰说：“跨境电商\ud7ff\ufffd\uffef\U0001fffd发展很快。”",
            )),
            "built", "entity names next to quotes, backslashes, markup, control and odd code points",
            text_lacks=("<script", "\x01", "\u202e", "\x07"), text_has=("商务部",),
        ),
        # body markup
        Case(
            "html/script.html",
            utf8(
                "<html><head><title>脚本页面</title><script>alert('head')</script>"
                '<meta property="og:url" content="javascript:alert(document.cookie)">'
                '<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(2)">'
                "<style>body{background:url(javascript:alert(3))}</style></head><body>"
                f"<p>{PARAGRAPHS[0]}<script>alert('body')</script></p>"
                '<img src=x onerror="alert(4)"><svg onload="alert(5)"><text>svg</text></svg>'
                f'<p><a href="javascript:alert(6)">{PARAGRAPHS[1]}</a></p>'
                '<iframe src="javascript:alert(7)">框架</iframe><object data="javascript:alert(8)">对象</object>'
                '<noscript>无脚本</noscript><template><p>模板</p></template>'
                f'<p onclick="alert(9)">{PARAGRAPHS[2]}</p><script>document.cookie="x"</script></body></html>'
            ),
            "built", "<script>, onerror=, javascript: links, iframes, objects, meta refresh", title="脚本页面",
            text_has=("跨境电商",), text_lacks=(*SCRIPT_MARKERS, "框架", "模板", "无脚本"), no_url=True,
        ),
        Case(
            "html/markdown_script.md",
            utf8(md(
                'title: Markdown里的脚本\nfrom: "javascript:alert(1)"',
                f"{PARAGRAPHS[0]}<script>alert('md')</script>\n\n[{PARAGRAPHS[1]}](javascript:alert(2))\n\n"
                f'![图](javascript:alert(3)) <img src=x onerror="alert(4)">{PARAGRAPHS[2]}',
            )),
            "built", "raw <script> and javascript: links in Markdown, javascript: in front matter", text_has=("跨境电商",),
            text_lacks=SCRIPT_MARKERS, no_url=True,
        ),
        Case("html/text_script.txt", utf8(f"纯文本里的脚本\n{PARAGRAPHS[0]}<script>alert('txt')</script>\n{PARAGRAPHS[1]}"), "built",
             "a <script> in a plain text file", text_lacks=("<script", "alert("), text_has=("跨境电商",)),
        Case(
            "html/url_injection.md",
            utf8(md('title: 网址注入\nfrom: "https://news.example.com/a b\\"><script>alert(1)</script>?q=中国#x#y"')),
            "built", "a URL carrying quotes, spaces and markup",
        ),
        Case("html/url_userinfo.md", utf8(md("title: 网址带密码\nurl: https://user:secret@Example.COM/path")), "built", "a URL with a password"),
        Case("html/unclosed.html", utf8(f"<html><body><div><p>{PARAGRAPHS[0]}<p>{PARAGRAPHS[1]}<div><span>{PARAGRAPHS[2]}{mark('unclosed')}<b><i>"), "built",
             "unclosed tags", text_has=(PARAGRAPHS[0], PARAGRAPHS[2])),
        Case("html/unclosed_comment.html", utf8(f"<p>{PARAGRAPHS[0]}{mark('comment')}</p><!-- 注释没有结束 <p>{PARAGRAPHS[1]}</p>"), "built",
             "an HTML comment never closed", text_has=(PARAGRAPHS[0],), text_lacks=("注释没有结束",)),
        Case("html/entities.html", utf8(f"<p>{PARAGRAPHS[0]}&#0;&#xd800;&#x1b;&#xfffe;&#x202e;&#8203;&#1114112;&nbsp;&lt;script&gt;</p>"), "built",
             "character references to NUL, surrogates, escapes, non-characters", text_lacks=("\x00", "\x1b", "\ufffe", "\u202e", "\u200b")),
        Case("html/deep_div.html", utf8("<div>" * 20000 + PARAGRAPHS[0] + mark("div") + "</div>" * 20000), "built", "<div> nested 20,000 deep", text_has=(PARAGRAPHS[0],)),
        Case("html/deep_unclosed.html", utf8("<p>" + "<span><b>" * 10000 + PARAGRAPHS[0] + mark("inline")), "built", "20,000 unclosed inline tags", text_has=(PARAGRAPHS[0],)),
        Case("html/deep_table.html", utf8("<table><tr><td>" * 3000 + PARAGRAPHS[0] + mark("table")), "built", "tables nested 3,000 deep", text_has=(PARAGRAPHS[0],)),
        Case("html/deep_time.html", utf8('<div class="time">' * 10000 + PARAGRAPHS[0] + mark("time")), "built", "10,000 nested elements kg asks for a date", text_has=(PARAGRAPHS[0],)),
        Case("html/deep_credits.html", utf8(f"<p>{PARAGRAPHS[0]}{mark('credits')}</p>" + '<div class="share"><figcaption>记者 张三 摄' * 10000), "built",
             "10,000 nested caption and share blocks", text_has=(PARAGRAPHS[0],)),
        Case("html/many_paragraphs.html", utf8("".join(f"<p>{PARAGRAPHS[i % 3]}</p>" for i in range(60))), "built", "60 paragraphs"),
        Case("md/brackets.md", utf8(md("title: 方括号", "[" * 100_000 + PARAGRAPHS[0])), "built", "100,000 '[' (a quadratic regex trap)"),
        Case("md/link_parens.md", utf8(md("title: 圆括号", "[a](" * 30_000 + PARAGRAPHS[0])), "built", "30,000 unclosed Markdown links"),
        Case("md/credits_line.md", utf8(md("title: 记者很多", "记者 张三 摄 " * 500 + "\n" + PARAGRAPHS[0])), "built", "500 credits on one line"),
        Case("md/one_line.txt", utf8("一行\n" + "lorem ipsum " * 2000 + PARAGRAPHS[0]), "built", "a line of 24,000 characters"),
        Case("md/early_nul.md", utf8(md("title: 前面的空字符", PARAGRAPHS[0] + "\x00" + PARAGRAPHS[1])), "built", "a NUL byte in the first 4 KB of UTF-8 text",
             text_lacks=("\x00",), title="前面的空字符"),
        Case("md/crlf.md", utf8(md("title: 回车换行").replace("\n", "\r\n")), "built", "CRLF line ends", title="回车换行", text_has=("跨境电商",)),
        Case("md/cr_only.md", utf8(md("title: 只有回车").replace("\n", "\r")), "built", "old-Mac CR line ends", text_has=("跨境电商",)),
        Case("md/late_nul.txt", utf8("晚到的空字符\n" + "lorem ipsum " * 500 + "\x00\x00" + BODY), "built", "NUL bytes after the first 4 KB", text_lacks=("\x00",)),
        Case("md/UPPER.MD", utf8(md("title: 大写后缀")), "built", "an upper-case suffix", title="大写后缀"),
    ]
    return cases


def encoding_cases() -> list[Case]:
    """The same article in every encoding a Chinese news folder holds."""
    article = md("title: 编码测试\ndate: 2021-07-29")
    trad = md("title: 編碼測試繁體\ndate: 2021-07-29", TRADITIONAL)
    good = article.encode("utf-8")
    return [
        Case("enc/gbk.md", md("title: 国标编码\ndate: 2021-07-29").encode("gbk"), "built", "GBK", title="国标编码", text_has=("跨境电商",)),
        Case("enc/gb18030.md", md("title: 国标编码𠀀扩展\ndate: 2021-07-29").encode("gb18030"), "built", "GB18030 with a 4-byte character", title="国标编码𠀀扩展"),
        Case("enc/gbk_traditional.md", md("title: 國標繁體", TRADITIONAL).encode("gbk"), "built", "traditional characters in GBK", title="國標繁體"),
        Case("enc/big5.md", trad.encode("big5"), "built", "Big5", title="編碼測試繁體", text_has=("香港特區政府",)),
        Case("enc/big5_short.txt", "國際\n".encode("big5"), "built", "a Big5 file of two characters", title="國際"),
        Case("enc/utf8_bom.md", b"\xef\xbb\xbf" + md("title: 带BOM").encode("utf-8"), "built", "UTF-8 with BOM (front matter still read)", title="带BOM"),
        Case("enc/utf16le_bom.md", md("title: 小端UTF16").encode("utf-16"), "built", "UTF-16 with BOM", title="小端UTF16"),
        Case("enc/utf16be_bom.md", b"\xfe\xff" + md("title: 大端UTF16").encode("utf-16-be"), "built", "UTF-16 big-endian with BOM", title="大端UTF16"),
        Case("enc/utf16_no_bom.md", md("title: 无BOM").encode("utf-16-le"), "built", "UTF-16 without BOM", title="无BOM"),
        Case("enc/utf32.md", md("title: 三十二位").encode("utf-32"), "built", "UTF-32 with BOM", title="三十二位"),
        Case("enc/utf8_bad_byte.md", md("title: 坏字节").encode().replace("。".encode(), b"\xff", 1), "built", "UTF-8 with one invalid byte",
             title="坏字节", text_has=("跨境电商", "\ufffd")),
        Case("enc/truncated_utf8.md", md("title: 截断")[:-1].encode("utf-8") + "商".encode()[:2], "built", "UTF-8 cut inside a character"),
        Case("enc/utf8_original.md", good, "built", "the article the GB18030 copy duplicates", title="编码测试"),
        Case("enc/utf8_original_in_gb18030.md", article.encode("gb18030"), "duplicate", "the UTF-8 article again, in GB18030",
             same_as="enc/utf8_original.md"),
    ]


def bad_file_cases() -> list[Case]:
    rng = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    zipped = b"PK\x03\x04" + zlib.compress(BODY.encode() * 50)
    return [
        Case("bad/empty.md", b"", "failed", "an empty file", reason="empty"),
        Case("bad/whitespace.md", b" \n\t\r\n  ", "failed", "only whitespace", reason="empty"),
        Case("bad/ideographic_space.txt", "\u3000\n\u3000\u00a0\n".encode(), "failed", "only full-width spaces", reason="no text"),
        Case("bad/bom_only.md", b"\xef\xbb\xbf", "failed", "only a byte-order mark", reason="no text"),
        Case("bad/only_script.html", b"<html><script>alert(1)</script><style>p{}</style></html>", "failed", "nothing but a script", reason="no text"),
        Case("bad/only_front_matter.md", md("title: ''\ndate: 2021-07-29", "").encode(), "failed", "front matter and no body", reason="no text"),
        Case("bad/png.md", png, "failed", "a PNG named .md", reason="binary"),
        Case("bad/zip.html", zipped, "failed", "a zip file named .html", reason=""),
        Case("bad/random.txt", bytes(rng.randrange(256) for _ in range(20000)), "failed", "random bytes", reason=""),
        Case("bad/controls.txt", bytes(range(1, 32)) * 300, "failed", "control characters only", reason="binary"),
        Case("bad/elf.md", b"\x7fELF\x02\x01\x01" + bytes(rng.randrange(256) for _ in range(3000)), "failed", "an executable named .md", reason=""),
        Case("bad/fifo.md", None, "failed", "a named pipe (reading it would block forever)", reason="not a regular file", kind="fifo"),
    ]


def jsonl_case() -> Case:
    """One JSON Lines file whose records are each hostile in their own way (counted per record)."""
    import json

    good = {"title": "好记录", "content_text": BODY, "pub_date": "2021-07-29 10:00:00", "url": "https://news.example.com/1"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        json.dumps({"title": "孤立\ud800代理", "content_html": f"<p>{PARAGRAPHS[0]}\udfff</p>"}),  # escaped lone surrogates
        json.dumps({"title": "坏日期", "content_text": PARAGRAPHS[1], "pub_date": "9999-99-99", "url": "javascript:alert(1)"}, ensure_ascii=False),
        "[1, 2, 3]",
        "{not json",
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"title": 42, "content_html": ["list"], "content_text": None}),
        json.dumps({"title": "空的", "content_text": ""}, ensure_ascii=False),
        json.dumps({"title": "重复", "content_text": BODY, "raw": None}, ensure_ascii=False),
        json.dumps({"title": "重复", "content_text": BODY}, ensure_ascii=False),
    ]
    return Case("jsonl/records.jsonl", ("\n".join(lines) + "\n").encode(), "built", "ten hostile JSON Lines records", tags=("jsonl",))


# What each record of ``jsonl_case`` must become: (line number, expect, reason).
JSONL_EXPECT = (
    (1, "built", ""),
    (2, "built", ""),
    (3, "built", ""),
    (4, "failed", "not an object"),
    (5, "failed", "JSON"),
    (6, "failed", ""),
    (7, "failed", "text field"),
    (8, "failed", "no text"),
    (9, "built", ""),
    (10, "duplicate", ""),
)

# A record holding a raw U+2028 (legal in JSON): it must stay one record.
LINE_SEPARATOR_RECORD = '{"title": "行分隔符", "content_text": "第一段\u2028第二段\u0085第三段"}\n'


def link_cases() -> list[Case]:
    return [
        Case("links/dup_a.md", md("title: 同一篇文章\ndate: 2021-07-29").encode(), "built", "an article", title="同一篇文章"),
        Case("links/dup_b.md", md("title: 同一篇文章\ndate: 2021-07-29").encode(), "duplicate", "the same article in a second file", same_as="links/dup_a.md"),
        Case("links/dup_c_link.md", None, "duplicate", "a link to a file in the folder", link_to="dup_a.md", kind="link", same_as="links/dup_a.md"),
        Case("links/self.md", None, "failed", "a link to itself", link_to="self.md", kind="link", reason="leads nowhere"),
        Case("links/ping.md", None, "failed", "two links pointing at each other", link_to="pong.md", kind="link", reason="leads nowhere"),
        Case("links/pong.md", None, "failed", "two links pointing at each other", link_to="ping.md", kind="link", reason="leads nowhere"),
        Case("links/dangling.md", None, "failed", "a link to nothing", link_to="nowhere.md", kind="link", reason="leads nowhere"),
        Case("links/up", None, "ignored", "a folder link to its parent (a loop)", link_to="..", kind="link"),
        Case("links/sub/loop", None, "ignored", "a folder link to an ancestor (a loop)", link_to="../..", kind="link"),
        Case("links/sub/inner.md", md("title: 子目录文章").encode(), "built", "an article beside a loop", title="子目录文章"),
        Case("links/outside.txt", None, "failed", "a link to a file outside the folder", link_to="../../outside/secret.txt", kind="link", reason="outside"),
        Case("links/outside_dir", None, "failed", "a link to a folder outside", link_to="../../outside", kind="link", reason="outside"),
    ]


def odd_name_cases() -> list[Case]:
    return [
        Case("names/<script>alert(1)<script>.md", md("title: 文件名有脚本").encode(), "built", "markup in a file name", title="文件名有脚本"),
        Case("names/引号\"'\\ 和空格.md", md("title: 文件名有引号").encode(), "built", "quotes and a backslash in a file name", title="文件名有引号"),
        Case("names/line\nbreak.md", md("title: 文件名有换行").encode(), "built", "a line break in a file name", title="文件名有换行"),
        Case(os.fsdecode(b"names/bad-\xff\xfe-bytes.md"), md("title: 文件名不是UTF8").encode(), "built", "a file name that is not UTF-8", title="文件名不是UTF8"),
        Case("names/.hidden.md", md("title: 隐藏文件").encode(), "ignored", "a hidden file (skipped, not an input)"),
        Case("names/notes.pdf", b"%PDF-1.4", "ignored", "a file kg does not read (not an input)"),
    ]


def cases() -> list[Case]:
    """Every hostile input of the default test run (all small, or quick to read)."""
    return [*text_cases(), *encoding_cases(), *bad_file_cases(), jsonl_case(), *link_cases(), *odd_name_cases()]


def big_article(size: int = 50 * 1024 * 1024) -> bytes:
    """An HTML article of ``size`` bytes: front matter and about 16 million characters."""
    paragraph = ("<p>" + "".join(PARAGRAPHS) + "</p>\n").encode("utf-8")
    head = md("title: 五十兆的文章\ndate: 2021-07-29", "").encode("utf-8")
    return head + paragraph * ((size - len(head)) // len(paragraph))


SECRET = "机密：这一行绝不能进入图谱。"


def write_corpus(folder: Path, chosen: list[Case]) -> dict[str, Case]:
    """Write the cases under ``folder``; returns them by name.

    Beside ``folder`` (in ``../outside/``) is a file and folder the corpus
    links to, which kg must not read.
    """
    folder.mkdir(parents=True, exist_ok=True)
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "secret.md").write_text(SECRET + "\n", encoding="utf-8")
    for case in chosen:
        path = folder / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.kind == "link":
            os.symlink(case.link_to, path)  # type: ignore[arg-type]
        elif case.kind == "fifo":
            os.mkfifo(path)
        else:
            path.write_bytes(case.data or b"")
    return {case.name: case for case in chosen}


def inputs(chosen: list[Case]) -> int:
    """How many articles (or failures, or duplicates) kg must account for."""
    total = 0
    for case in chosen:
        if case.expect == "ignored":
            continue
        total += len(JSONL_EXPECT) if "jsonl" in case.tags else 1
    return total


@pytest.fixture(autouse=True)
def slow_only_when_asked(request: pytest.FixtureRequest) -> None:
    """Skip ``@pytest.mark.slow`` tests unless ``-m`` names them or KG_SLOW=1.

    Imported by the test modules that have slow tests, so that the plain
    ``pytest tests/...`` run stays fast while ``pytest -m slow`` runs them.
    """
    if request.node.get_closest_marker("slow") is None:
        return
    if "slow" in (request.config.getoption("markexpr", "") or "") or os.environ.get("KG_SLOW") == "1":
        return
    pytest.skip("slow: run with -m slow (or KG_SLOW=1)")
