"""Whole saved news pages: the scorer (kg eval --pages) on constructed cases, and
kg's page reader on real pages of the page gold (tests/pages/) of each shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import NotAnArticle
from kg.evaluation.page_readers import PageReading
from kg.evaluation.pages import GoldPage, bigrams, body_scores, day_of, evaluate_pages, same_text, score_page
from kg.read.clean import article_from_bytes, parse_article
from kg.read.page import is_whole_page
from kg.read.page_meta import load_page_rules, strip_suffix

PAGES = Path(__file__).resolve().parent / "pages"
GOLD = PAGES / "gold.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def gold_records() -> dict[str, dict]:
    return {record["file"]: record for record in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if record}


def read_gold(name: str):
    return article_from_bytes((PAGES / name).read_bytes(), name)


def body_f1(name: str) -> float:
    return body_scores(gold_records()[name]["body"], read_gold(name).text)[2]


# --- the scorer ----------------------------------------------------------------------------


def test_bigrams_ignore_whitespace_and_count_repeats() -> None:
    assert bigrams("甲乙 甲乙\n") == {"甲乙": 2, "乙甲": 1}
    assert bigrams("甲") == {"甲": 1}
    assert bigrams("  ") == {}


def test_body_scores_on_constructed_cases() -> None:
    assert body_scores("甲乙丙丁", "甲乙丙丁") == (1.0, 1.0, 1.0)
    assert body_scores("甲乙丙丁", " 甲乙\n丙丁 ") == (1.0, 1.0, 1.0)  # line breaks and spaces do not count
    assert body_scores("甲乙丙丁", "") == (0.0, 0.0, 0.0)
    assert body_scores("甲乙丙丁", "子丑寅卯") == (0.0, 0.0, 0.0)
    # half the prediction is the gold's text (3 of 6 bigrams), all the gold is found
    precision, recall, f1 = body_scores("甲乙丙丁", "甲乙丙丁子丑寅")
    assert (precision, recall) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)
    # a repeated paragraph is not found twice
    precision, recall, _ = body_scores("甲乙丙", "甲乙丙甲乙丙")
    assert recall == 1.0 and precision == pytest.approx(2 / 5)


def test_title_date_and_outlet_matching() -> None:
    assert same_text("国产大模型　人工智能", "国产大模型 人工智能")
    assert not same_text("标题", "标题-新华网")
    assert not same_text("标题", None)
    assert day_of("2012-07-10 22:13") == day_of("2012年7月10日") == day_of("2012-07-10T23:59:00+08:00")
    assert day_of("no date") is None


def test_score_page_counts_credits_and_lists() -> None:
    gold = GoldPage("a.html", PAGES / "a.html", "article", "标题", "2023-09-13 16:29", "新华网", ("刘欢", "赵博"), "甲乙丙丁")
    score = score_page(gold, PageReading(title="标题", date="2023-09-13", outlet="新华网", credits=("刘欢",), body="甲乙丙丁"), 0.1)
    assert (score.f1, score.title, score.date, score.outlet, score.credits_found, score.credits_gold) == (1.0, True, True, True, 1, 2)
    # an article page taken for a list has no body
    assert score_page(gold, PageReading(kind="list"), 0.1).f1 == 0.0
    listing = GoldPage("l.html", PAGES / "l.html", "list", "", None, None, (), "")
    assert score_page(listing, PageReading(kind="list"), 0.1).found_kind == "list"


def test_evaluate_pages_with_a_reader_of_ones_own(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>甲乙丙丁</p>", encoding="utf-8")
    (tmp_path / "l.html").write_text("<ul><li>x</li></ul>", encoding="utf-8")
    records = [
        {"file": "a.html", "kind": "article", "title": "标题", "date": "2021-01-02", "outlet": "某网", "credits": [{"role": "author", "name": "张三"}], "body": "甲乙丙丁"},
        {"file": "l.html", "kind": "list", "title": "", "date": None, "outlet": None, "credits": [], "body": ""},
    ]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    def reader(data: bytes, where: str) -> PageReading:
        if where.endswith("l.html"):
            return PageReading(kind="list")
        return PageReading(title="标题", date="2021-01-02", outlet="某网", credits=("张三",), body="甲乙丙")

    summary = evaluate_pages(tmp_path / "gold.jsonl", reader).summary()
    assert summary["body"]["precision"] == 1.0 and summary["body"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert (summary["title"], summary["date"], summary["outlet"], summary["credits_recall"], summary["lists_detected"]) == (1, 1, 1, 1, 1)


def test_kg_eval_pages_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--pages", str(GOLD), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["body"]["f1_mean"] >= 0.95 and summary["body"]["f1_min"] >= 0.80
    assert summary["title"] >= 0.95 and summary["date"] >= 0.9 and summary["outlet"] >= 0.95
    assert summary["articles_as_lists"] == 0
    assert summary["lists_detected"] == 1.0 or summary["lists"] == 0


def test_kg_eval_pages_names_a_missing_file_and_an_unknown_reader(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--pages", "no/such/gold.jsonl"]) == 1
    assert "no/such/gold.jsonl" in capsys.readouterr().err
    assert main(["eval", "--pages", str(GOLD), "--reader", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


# --- whole pages and fragments ---------------------------------------------------------------


def test_seeds_and_fragments_are_not_whole_pages() -> None:
    for path in sorted(SEEDS.iterdir()):
        assert not is_whole_page(path.read_text(encoding="utf-8")), path.name
    assert not is_whole_page("<div><p>正文</p><p>第二段</p></div>")
    assert not is_whole_page("<html><body><p>正文</p></body></html>")  # no site around it
    assert is_whole_page((PAGES / "08_qq.html").read_text(encoding="utf-8"))


def test_title_suffix_is_stripped_by_rule() -> None:
    rules = load_page_rules()
    assert strip_suffix("住建部称将立法明确租售同权_国内新闻_环球网", rules) == "住建部称将立法明确租售同权"
    assert strip_suffix("新北酒駕男撞老翁致重傷搶救 ｜ 公視新聞網 PNN", rules) == "新北酒駕男撞老翁致重傷搶救"
    assert strip_suffix("陳嘉宏專欄：柯文哲的心靈雞湯 -- 上報 / 評論", rules) == "陳嘉宏專欄：柯文哲的心靈雞湯"
    assert strip_suffix("一个标题 - 不是后缀而是标题的后半部分很长很长很长很长很长很长很长很长", rules).endswith("很长")


# --- real pages of each shape ----------------------------------------------------------------


def test_gbk_page() -> None:
    record = gold_records()["01_chinanews.html"]
    assert record["charset"].lower() in ("gb2312", "gbk", "gb18030")
    article = read_gold("01_chinanews.html")
    assert article.title == record["title"] == "北京狂风暴雨突至 局地小时雨量达暴雨级别"  # "-中新网" stripped
    assert article.publisher == "中国新闻网"
    assert article.date.isoformat() == "2012-07-10"
    assert body_f1("01_chinanews.html") >= 0.95
    assert {"张淼淼", "马学玲"} <= {c.name for c in article.credits}
    assert "责任编辑" not in article.text and "来源：" not in article.text


def test_traditional_character_page() -> None:
    record = gold_records()["06_pts.html"]
    article = read_gold("06_pts.html")
    assert article.title == record["title"]  # " ｜ 公視新聞網 PNN" stripped
    assert article.publisher == "公視新聞網"
    assert body_f1("06_pts.html") >= 0.95
    assert {"陳冠勳", "張梓嘉", "溫正衡", "卓冠齊"} <= {c.name for c in article.credits}


def test_page_with_comments_keeps_them_out_of_the_body() -> None:
    page = (PAGES / "07_chinatimes.html").read_bytes()
    assert "留言規則".encode() in page  # the page's comment block: its rules and form
    article = read_gold("07_chinatimes.html")
    assert "留言規則" not in article.text and "發表意見" not in article.text
    assert body_f1("07_chinatimes.html") >= 0.95
    # the same page with a thread of readers' comments under the article
    thread = "".join(
        f'<div class="comment-item"><span class="user">網友{i}</span><p>這篇報導說得很有道理，政府應該要好好檢討相關的政策與執法，不要再讓黑道猖獗下去了。第{i}則</p></div>'
        for i in range(30)
    )
    text = page.decode("utf-8").replace('<div class="comments', f'<div class="comment-list">{thread}</div><div class="comments', 1)
    with_thread = parse_article(text, "07_with_thread.html")
    assert "網友" not in with_thread.text and "好好檢討" not in with_thread.text
    assert body_scores(gold_records()["07_chinatimes.html"]["body"], with_thread.text)[2] >= 0.95


def test_title_suffix_stripped_on_a_real_page() -> None:
    article = read_gold("09_huanqiu.html")
    assert article.title == "住建部称将立法明确租售同权：租房买房居民享同等待遇"  # from "..._国内新闻_环球网"
    assert article.publisher == "环球网"
    assert body_f1("09_huanqiu.html") >= 0.95


def test_every_gold_article_page_reads_as_its_article() -> None:
    for name, record in gold_records().items():
        if record["kind"] != "article":
            continue
        assert body_f1(name) >= 0.80, name


def list_page(items: int = 40, summaries: bool = False) -> str:
    """A channel page as news sites lay them out: navigation, a run of items
    (headline link, summary, date), a pager and a footer. Constructed: the
    page gold holds no list page yet."""
    heads = ["国务院常务会议部署推进经济稳定增长的政策措施", "商务部就中美经贸磋商最新进展答记者问", "北京发布暴雨蓝色预警部分道路积水严重"]
    nav = "".join(f'<li><a href="/c{i}/">频道{i}</a></li>' for i in range(15))
    summary = "会议指出，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局。"
    entries = "".join(
        f'<li><a href="/gn/2023/09-{i % 28 + 1:02d}/{1000 + i}.shtml">{heads[i % 3]}（{i}）</a>'
        + (f"<p>{summary}</p>" if summaries else "") + f'<span class="time">2023-09-{i % 28 + 1:02d} 10:{i % 60:02d}</span></li>'
        for i in range(items)
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>国内新闻-滚动新闻-某新闻网</title></head><body>'
        f'<div class="nav"><ul>{nav}</ul></div><h1>国内新闻</h1><div class="content_list"><ul>{entries}</ul></div>'
        '<div class="pagebox"><a href="?p=2">下一页</a></div><div class="footer">关于我们 | 版权所有 某新闻网</div></body></html>'
    )


@pytest.mark.parametrize("summaries", [False, True], ids=["headlines", "headlines-with-summaries"])
def test_list_pages_are_not_articles(summaries: bool) -> None:
    with pytest.raises(NotAnArticle, match="not an article"):
        parse_article(list_page(summaries=summaries), "list.html")
    for name, record in gold_records().items():  # and the gold's list pages, when it has some
        if record["kind"] == "list":
            with pytest.raises(NotAnArticle):
                read_gold(name)


def test_build_skips_a_list_page_with_the_reason(tmp_path: Path) -> None:
    import kg

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "list.html").write_text(list_page(summaries=True), encoding="utf-8")
    (folder / "01_chinanews.html").write_bytes((PAGES / "01_chinanews.html").read_bytes())
    result = kg.build([folder], tmp_path / "out", html=False, model=False)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["articles"]["built"] == 1 and report["articles"]["failed"] == 0
    assert [Path(s["path"]).name for s in report["skipped"]] == ["list.html"]
    assert "not an article" in report["skipped"][0]["reason"]
    assert result.ok


def test_a_small_whole_page_is_read_not_skipped() -> None:
    text = "<html><head><title>标题 - 某网</title></head><body><h1>标题</h1><p>一段很短的新闻正文。</p></body></html>"
    article = parse_article(text, "small.html")
    assert article.title == "标题" and article.text == "一段很短的新闻正文。"


def test_a_government_home_page_titled_by_its_site_is_no_article() -> None:
    # 上海市人民政府's home page: its best block is a short e-mail subscription notice,
    # too long to be "little prose", but the page is titled by the site's own name
    with pytest.raises(NotAnArticle, match="site's own page"):
        read_gold("36_shanghai_gov.html")


def test_a_portals_channel_is_the_portal() -> None:
    from kg.evaluation.pages import same_outlet

    article = read_gold("34_sohu.html")  # <title>…-搜狐音乐</title>, no address of its own
    assert article.publisher == "搜狐"
    assert same_outlet("搜狐网", article.publisher) and same_outlet("新浪网", "新浪新闻")
    assert not same_outlet("新浪网", "搜狐") and not same_outlet("酷勤网", "IT评论")


def test_breadcrumb_dateline_and_comment_block_of_an_old_portal_page_stay_out() -> None:
    article = read_gold("33_sina.html")
    for chrome in ("> 内地音乐 > 正文", "音乐频道", "http://www.sina.com.cn", "网友评论", "留言板电话", "SINA Corporation"):
        assert chrome not in article.text
    assert article.date.isoformat() == "2009-11-09"
    assert body_f1("33_sina.html") >= 0.95


def test_the_date_beside_the_headline_of_an_old_portal_template() -> None:
    # 腾讯's 2009 template: <div id="ArticleTit"> for the headline, then the site's link and
    # the time in <div id="ArtFrom">; the related headlines' dates are older
    article = read_gold("40_qq.html")
    assert article.published is not None and article.published.strftime("%Y-%m-%d %H:%M") == "2009-11-09 11:30"


def test_a_government_portal_dates_its_article_in_its_information_box() -> None:
    from kg.read.page_meta import labelled_time, load_page_rules

    # 万载县人民政府: 生成日期 in the box; the only unlabelled date near the headline is a
    # related article's (图文解读, 2023-07-12)
    for name, day in (("45_wanzai_gov.html", "2023-05-11"), ("46_yichun_gov.html", "2023-04-18")):
        article = read_gold(name)
        assert article.date.isoformat() == day, name
        assert body_f1(name) >= 0.95
    assert labelled_time(["索引号：014742224A", "生成日期：", "2023-05-11"], load_page_rules()) == "2023-05-11"
    assert labelled_time(["发布时间：2023-04-18 09:30 来源：宜春市统计局"], load_page_rules()) == "2023-04-18 09:30 来源：宜春市统计局"
    assert labelled_time(["更新时间：2023-04-18"], load_page_rules()) is None  # an update is no publication
