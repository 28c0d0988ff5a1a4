"""Every command explains itself, and the CLI turns errors into one clear line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.cli.main import main, make_parser

from .conftest import SEEDS


def subcommands() -> list[str]:
    parser = make_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(action.choices)


@pytest.mark.parametrize("name", subcommands())
def test_every_command_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: kg {name}" in text
    assert len(text.splitlines()) >= 5, f"kg {name} --help explains too little"


def test_top_level_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for name in ("build", "ingest", "extract", "eval", "query", "validate"):
        assert name in text


def test_ingest_prints_clean_text_and_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SEEDS / "003_b9db5a96742986c8.txt")]) == 0
    article = json.loads(capsys.readouterr().out)
    assert article["date"] == "2021-07-13T23:03:55+08:00"
    assert "乐视" not in article["text"] and "贵州茅台" not in article["text"]
    assert {"role": "author", "name": "张怀水"} in article["credits"]
    assert {"role": "editor", "name": "陈旭"} in article["credits"]


def test_build_of_missing_path_fails_clearly(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    status = main(["build", str(missing), str(SEEDS / "000_d4516090f1aaf14c.txt"), "-o", str(tmp_path / "out"), "--no-html"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{missing}: no such file or folder" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["articles"]["built"] == 1
    assert report["failures"] == [{"path": str(missing), "reason": "no such file or folder"}]


def test_console_script_runs_as_module() -> None:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("kg ")


def test_build_with_the_users_own_gazetteer(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "mine.jsonl"
    own.write_text('{"name": "速卖通", "label": "ORG", "aliases": ["AliExpress"], "parent": "阿里巴巴集团"}\n', encoding="utf-8")
    assert main(["build", str(SEEDS / "001_329565d9c714d630.txt"), "-o", str(tmp_path / "out"), "--no-html", "--gazetteer", str(own)]) == 0
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "<https://w3id.org/kgnews/id/org/速卖通>" in turtle
    assert '"AliExpress"@en' in turtle
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "x"), "--gazetteer", str(tmp_path / "missing.jsonl")]) == 1
    assert "missing.jsonl: no such rules file" in capsys.readouterr().err
