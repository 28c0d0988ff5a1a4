"""Where articles come from (kg.read.sources, kg.read.records, kg.read.archives): every shape
of input gives the same articles, entities and facts as the same articles
given as files; hostile archives and records are reported, not read."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import kg
from kg import pipeline
from kg.cli.main import main
from kg.errors import InputError
from kg.read import archives, sources
from kg.read.clean import MAX_TEXT_CHARS, read_record
from kg.read.records import FieldMap
from kg.read.sources import read_article, read_inputs, units_of

from . import hostile
from .conftest import ROOT, SEEDS

SEED_FILES = sorted(SEEDS.iterdir())


def seed_records() -> list[dict[str, str]]:
    """The seeds as the commonest record shape: title, text, date (and source)."""
    records = []
    for path in SEED_FILES:
        article = read_article(path)
        records.append({"title": article.title, "text": article.text, "date": article.published.isoformat(), "source": article.publisher or ""})
    return records


def extracted(paths: list[str | Path], **options) -> dict[str, tuple]:
    """Article id -> (title, text, date, mentions, facts) for the articles under ``paths``."""
    found = {}
    for item in read_inputs(paths, **options):
        assert not isinstance(item, InputError), item
        graph = pipeline.extract(item)
        found[item.id] = (item.title, item.text, item.published, graph.mentions, graph.relations)
    return found


@pytest.fixture(scope="module")
def from_files() -> dict[str, tuple]:
    return extracted([SEEDS])


def write_csv(path: Path, records: list[dict[str, str]], header: list[str], *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for record in records:
        writer.writerow([record["title"], record["text"], record["date"], record["source"]])
    path.write_bytes(buffer.getvalue().encode(encoding))


def shape(tmp_path: Path, name: str) -> Path:
    records = seed_records()
    path = tmp_path / name
    if name == "seeds.jsonl":
        path.write_text("".join(json.dumps({k: r[k] for k in ("title", "text", "date")}, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    elif name == "seeds.json":
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    elif name == "seeds.csv":  # a spreadsheet export: Chinese headers, GB18030
        write_csv(path, records, ["标题", "正文", "日期", "来源"], encoding="gb18030")
    elif name == "seeds.tsv":
        write_csv(path, records, ["headline", "content", "pub_date", "publisher"], delimiter="\t", encoding="utf-16")
    return path


@pytest.mark.parametrize("name", ["seeds.jsonl", "seeds.json", "seeds.csv", "seeds.tsv"])
def test_records_give_what_the_files_give(name: str, tmp_path: Path, from_files) -> None:
    assert extracted([shape(tmp_path, name)]) == from_files


def test_standard_input_gives_what_the_files_give(tmp_path: Path, from_files) -> None:
    lines = shape(tmp_path, "seeds.jsonl").read_bytes()
    assert extracted(["-"], stdin=io.BytesIO(lines)) == from_files
    (article,) = read_inputs(["-"], stdin=io.BytesIO(SEED_FILES[3].read_bytes()))  # one article, sniffed as a file is
    assert article.path == "<stdin>" and article.id == read_article(SEED_FILES[3]).id


def archive(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    path = tmp_path / name
    if name.endswith(".zip"):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
            for member, data in members.items():
                handle.writestr(member, data)
    else:
        with tarfile.open(path, "w:gz" if name.endswith("gz") else "w") as handle:
            for member, data in members.items():
                info = tarfile.TarInfo(member)
                info.size = len(data)
                handle.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("name", ["seeds.zip", "seeds.tar.gz", "seeds.tar"])
def test_an_archive_builds_the_same_graph_as_the_folder(name: str, tmp_path: Path, seeds_build) -> None:
    path = archive(tmp_path, name, {f"seeds/{p.name}": p.read_bytes() for p in reversed(SEED_FILES)})
    result = kg.build([path], tmp_path / "out", html=False)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (seeds_build.out / "graph.ttl").read_bytes()
    assert [a.article.path for a in sorted(result.articles, key=lambda a: a.article.path)] == [f"{path}!/seeds/{p.name}" for p in SEED_FILES]
    assert result.report["failures"] == []


def test_standard_input_on_the_command_line(tmp_path: Path, seeds_build) -> None:
    lines = shape(tmp_path, "seeds.jsonl").read_bytes()
    command = [sys.executable, "-m", "kg.cli", "build", "-", "-o", str(tmp_path / "out"), "--no-html", "--progress", "never"]
    done = subprocess.run(command, input=lines, capture_output=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [w["path"] for w in report["warnings"]] == [] and report["articles"]["built"] == 5
    for key in ("mentions", "relations"):
        assert report[key] == seeds_build.report[key], key
    done = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", "-"], input=SEED_FILES[3].read_bytes(), capture_output=True, timeout=120, cwd=ROOT)
    assert json.loads(done.stdout)["path"] == "<stdin>"


# --- fields -------------------------------------------------------------------------------


def test_a_record_without_a_text_field_names_its_fields_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text('{"标题x": "商务部谈外贸", "news_body": "商务部表示，外贸保持稳定。"}\n', encoding="utf-8")
    (error,) = read_inputs([path])
    assert isinstance(error, InputError) and error.path == f"{path}:1"
    assert '"标题x", "news_body"' in error.reason and "--text-field" in error.reason
    (article,) = read_inputs([path], FieldMap(text="news_body", title="标题x"))
    assert (article.title, article.text) == ("商务部谈外贸", "商务部表示，外贸保持稳定。")
    (error,) = read_inputs([path], FieldMap(text="body"))
    assert 'no field "body" (named by --text-field)' in error.reason
    (article,) = read_inputs([path], FieldMap(text="NEWS_BODY", date="when"))  # any case; a missing date is a warning
    assert "record has no field \"when\" (named by --date-field)" in article.warnings


def test_fields_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "news.csv"
    path.write_text("标题,新闻正文,时间戳\n商务部谈外贸,商务部表示，外贸保持稳定。,2021-07-29 10:00\n", encoding="utf-8")
    assert main(["ingest", str(path)]) == 1
    assert "has no text column" in capsys.readouterr().err
    assert main(["ingest", str(path), "--text-field", "新闻正文", "--date-field", "时间戳"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["path"], printed["title"], printed["date"]) == (f"{path}:2", "商务部谈外贸", "2021-07-29T10:00:00+08:00")


def test_metadata_found_among_common_names() -> None:
    record = {"headline": "外贸稳定", "正文": "<p>商务部表示，外贸保持稳定。</p>", "发布时间": "2021-07-29 10:00",
              "媒体": "新华网", "链接": "https://example.com/a", "作者": "记者 张三、李四"}
    article = read_record(json.dumps(record, ensure_ascii=False), "x.jsonl:1")
    assert (article.title, article.text, article.publisher, article.url) == ("外贸稳定", "商务部表示，外贸保持稳定。", "新华网", "https://example.com/a")
    assert article.published.isoformat() == "2021-07-29T10:00:00+08:00"
    assert [(c.role, c.name) for c in article.credits] == [("author", "张三"), ("author", "李四")]
    outlet = read_record(json.dumps({"text": "商务部表示。", "author": "新华社"}, ensure_ascii=False), "x:1")
    assert outlet.credits == () and outlet.publisher == "新华社"  # an outlet, not a person


def test_a_records_date_wins_over_a_date_in_its_text() -> None:
    record = {"title": "旧闻", "text": "2020年1月2日，商务部表示外贸稳定。", "date": "2021-07-29"}
    article = read_record(json.dumps(record, ensure_ascii=False), "x:1")
    assert article.published.date().isoformat() == "2021-07-29"


# --- CSV ------------------------------------------------------------------------------------


def test_a_bad_row_among_good_ones_is_reported_by_its_row(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    rows = [["title", "content"], ["一", "商务部表示，外贸保持稳定。"], ["二", ""], [], ["三", "海关总署表示，进出口增长。", "多余"]]
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    results = list(read_inputs([path]))
    assert [r.path for r in results] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert isinstance(results[1], InputError) and "no text" in results[1].reason
    assert results[2].title == "三" and any("3 cells" in w for w in results[2].warnings)


def test_a_csv_with_a_ten_megabyte_cell(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    cell = "\n".join(hostile.PARAGRAPHS * 40_000)  # 10 MB of UTF-8, over the text limit
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["title", "text"], ["大", cell], ["小", hostile.BODY]])
    assert path.stat().st_size > 10_000_000
    big, small = read_inputs([path])
    assert len(big.text) <= MAX_TEXT_CHARS and any("only the first" in w for w in big.warnings)
    assert small.title == "小"


def test_semicolon_csv_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text('title;text\n"商务部; 谈外贸";"商务部表示，外贸保持稳定。"\n', encoding="utf-8")
    (article,) = read_inputs([path])
    assert article.title == "商务部; 谈外贸"


# --- archives ------------------------------------------------------------------------------


def test_hostile_archive_members_are_reported_not_read(tmp_path: Path) -> None:
    good = hostile.md("title: 好文章", hostile.BODY).encode()
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as handle:
        handle.writestr("../escape.md", hostile.md("title: 逃逸").encode())
        handle.writestr("/etc/absolute.md", hostile.md("title: 绝对").encode())
        link = zipfile.ZipInfo("link.md")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        handle.writestr(link, "/etc/passwd")
        handle.writestr("nested.zip", b"PK\x05\x06" + bytes(18))
        handle.writestr("docs/good.md", good)
        handle.writestr("docs/records.jsonl", '{"text": "海关总署表示，进出口增长。"}\n{"nope": 1}\n')
        handle.writestr("docs/MANIFEST.json", '[{"file": "good.md"}]')
        handle.writestr("__MACOSX/docs/._good.md", b"\x00\x05\x16\x07")
    units = list(units_of([path]))
    errors = {u.path: u.reason for u in units if isinstance(u, InputError)}
    assert "'..'" in errors[f"{path}!/../escape.md"]
    assert "absolute" in errors[f"{path}!//etc/absolute.md"]
    assert "symbolic link" in errors[f"{path}!/link.md"]
    assert "archive inside an archive" in errors[f"{path}!/nested.zip"]
    assert [u.where for u in units if isinstance(u, sources.Unit)] == [f"{path}!/docs/good.md", f"{path}!/docs/records.jsonl:1", f"{path}!/docs/records.jsonl:2"]
    assert [s.path for s in units if isinstance(s, sources.Skipped)] == [f"{path}!/docs/MANIFEST.json"]
    built = [a for a in read_inputs([path]) if not isinstance(a, InputError)]
    assert [a.title for a in built] == ["好文章", "海关总署表示，进出口增长。"]
    report = kg.build([path], html=False).report  # every member accounted for in the report
    assert report["articles"]["built"] == 2
    assert {f["path"] for f in report["failures"]} == {*errors, f"{path}!/docs/records.jsonl:2"}
    assert [s["path"] for s in report["skipped"]] == [f"{path}!/docs/MANIFEST.json"]


def test_tar_links_and_traversal_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.tar"
    data = hostile.md("title: 好").encode()
    with tarfile.open(path, "w") as handle:
        for name, kind, target in (("sym.md", tarfile.SYMTYPE, "/etc/passwd"), ("hard.md", tarfile.LNKTYPE, "good.md")):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            handle.addfile(info)
        for name in ("good.md", "../../up.md", "/abs.md"):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            handle.addfile(info, io.BytesIO(data))
        fifo = tarfile.TarInfo("pipe.md")
        fifo.type = tarfile.FIFOTYPE
        handle.addfile(fifo)
    results = {r.path: r for r in read_inputs([path])}
    assert not isinstance(results[f"{path}!/good.md"], InputError)
    reasons = {name.split("!/", 1)[1]: r.reason for name, r in results.items() if isinstance(r, InputError)}
    assert reasons.keys() == {"sym.md", "hard.md", "../../up.md", "/abs.md", "pipe.md"}
    assert "symbolic" in reasons["sym.md"] and "hard link" in reasons["hard.md"] and "regular file" in reasons["pipe.md"]


def test_a_zip_bomb_is_reported_not_read(tmp_path: Path) -> None:
    path = archive(tmp_path, "bomb.zip", {f"m{i}.txt": bytes(10 * 1024 * 1024) for i in range(8)})
    assert path.stat().st_size < 200_000  # 80 MB inside
    (error,) = read_inputs([path])
    assert error.path == str(path) and "zip bomb" in error.reason
    big = archive(tmp_path, "big.zip", {"big.md": b"a" * (sources.MAX_BYTES + 1), "ok.md": hostile.BODY.encode()})
    results = list(read_inputs([big]))
    assert [type(r).__name__ for r in results] == ["InputError", "Article"]
    assert results[0].path == f"{big}!/big.md" and "limit" in results[0].reason


def test_a_compressed_tar_bomb_stops_before_decompressing(tmp_path: Path) -> None:
    path = archive(tmp_path, "bomb.tar.gz", {"huge.md": bytes(100 * 1024 * 1024), "after.md": hostile.BODY.encode()})
    (error,) = read_inputs([path])
    assert error.path == str(path) and "zip bomb" in error.reason


def test_archive_limits_in_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_ARCHIVE_BYTES", 2000)
    members = {f"{i}.md": (hostile.BODY + hostile.mark(str(i))).encode() for i in range(10)}
    for name in ("total.zip", "total.tar"):
        (error,) = [r for r in read_inputs([archive(tmp_path, name, members)]) if isinstance(r, InputError)]
        assert "more than 2000 bytes uncompressed" in error.reason


@pytest.mark.parametrize("name", ["seeds.zip", "seeds.tar.gz"])
def test_a_corrupt_archive_is_reported(name: str, tmp_path: Path) -> None:
    whole = archive(tmp_path, name, {f"seeds/{p.name}": p.read_bytes() for p in SEED_FILES}).read_bytes()
    cut = tmp_path / f"cut-{name}"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    results = list(read_inputs([cut]))
    assert isinstance(results[-1], InputError) and results[-1].path == str(cut)
    assert ("damaged" if name.endswith("gz") else "not a readable zip") in results[-1].reason
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"\x1f\x8b" + os.urandom(300))
    (error,) = read_inputs([garbage])
    assert "tar archive" in error.reason


def test_mixed_encodings_in_an_archive(tmp_path: Path) -> None:
    members = {
        "gbk.md": hostile.md("title: 国标编码", hostile.BODY).encode("gbk"),
        "utf16.txt": ("统一码十六位\n" + hostile.PARAGRAPHS[0]).encode("utf-16"),
        "big5.md": hostile.md("title: 編碼測試", hostile.TRADITIONAL).encode("big5"),
        "rows.csv": ("标题,正文\n表格一," + hostile.PARAGRAPHS[1] + "\n").encode("gb18030"),
        "bom.jsonl": b"\xef\xbb\xbf" + json.dumps({"title": "带BOM", "content": hostile.PARAGRAPHS[2]}, ensure_ascii=False).encode(),
    }
    titles = sorted(a.title for a in read_inputs([archive(tmp_path, "mixed.tar.gz", members)]))
    assert titles == sorted(["国标编码", "统一码十六位", "編碼測試", "表格一", "带BOM"])


# --- folders and the command line -----------------------------------------------------------


def test_a_manifest_in_a_folder_is_skipped_and_reported(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(hostile.md("title: 文章"), encoding="utf-8")
    (tmp_path / "MANIFEST.json").write_text('[{"file": "a.md"}]', encoding="utf-8")
    (tmp_path / "more.json").write_text(json.dumps([{"title": "二", "body": hostile.PARAGRAPHS[0]}], ensure_ascii=False), encoding="utf-8")
    result = kg.build([tmp_path], html=False)
    assert result.report["articles"]["built"] == 2 and result.report["failures"] == []
    assert [s["path"] for s in result.report["skipped"]] == [str(tmp_path / "MANIFEST.json")]
    (error,) = read_inputs([tmp_path / "MANIFEST.json"])  # named, it is read, and its records fail
    assert error.path == f"{tmp_path / 'MANIFEST.json'}[0]" and "no text field" in error.reason
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "MANIFEST.json").write_text('{"files": []}', encoding="utf-8")
    (error,) = read_inputs([alone])  # a folder of nothing but a manifest is a folder of no articles
    assert error.path == str(alone) and "holds no article files" in error.reason
    empty = archive(tmp_path, "empty.zip", {"MANIFEST.json": b"{}", "notes.pdf": b"%PDF"})
    (error,) = read_inputs([empty])
    assert error.path == str(empty) and "holds no article files" in error.reason


@pytest.mark.parametrize("command", ["build", "extract", "ingest"])
def test_no_existing_path_is_a_usage_error(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    extra = ["-o", str(tmp_path / "out")] if command == "build" else []
    assert main([command, str(missing), *extra]) == 2
    assert f"{missing}: no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_kg_eval_reads_back_members_and_rows_by_their_names(tmp_path: Path) -> None:
    from kg.evaluation.scoring import evaluate_gold

    table = tmp_path / "news.csv"
    table.write_text("title,text\n一," + hostile.PARAGRAPHS[0] + "\n", encoding="utf-8")
    zipped = archive(tmp_path, "news.zip", {"a/b.md": hostile.md("title: 二", hostile.PARAGRAPHS[1]).encode()})
    array = tmp_path / "news.json"
    array.write_text(json.dumps([{"body": hostile.PARAGRAPHS[2]}], ensure_ascii=False), encoding="utf-8")
    records = list(pipeline.extract_records([table, zipped, array]))
    assert [r["path"] for r in records] == [f"{table}:2", f"{array}[0]", f"{zipped}!/a/b.md"]  # files in name order
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    summary = evaluate_gold(gold).summary()
    assert summary["overall"]["f1"] == 1.0 and summary["overall"]["gold"] > 3
