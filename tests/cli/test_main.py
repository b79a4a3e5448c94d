"""The ``symposium-kit`` command line: validate and show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from symposium_kit import bundled_debate_dir, load_debate, schema
from symposium_kit.cli.main import main

BASE = Path(__file__).parents[1] / "malformed" / "_base"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symposium_kit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def _anchors(node) -> list[dict]:
    if isinstance(node, dict):
        return ([node] if "quote" in node else []) + [a for v in node.values() for a in _anchors(v)]
    if isinstance(node, list):
        return [a for v in node for a in _anchors(v)]
    return []


def test_validate_passes_on_the_bundled_debate():
    proc = _cli("validate", str(bundled_debate_dir()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    d = load_debate()
    n = sum(1 for _ in d.anchors())
    assert proc.stdout.strip() == (
        f"ok: {d.id}: {len(d.participants)} participants, {len(d.claims)} claims, "
        f"{len(d.evidence)} evidence items, {len(d.predictions)} predictions, "
        f"{n} quotes checked against the text"
    )
    assert proc.stderr == ""


def test_validate_a_malformed_folder_exits_1_with_one_line_per_problem(tmp_path):
    folder = Path(__file__).parents[1] / "malformed" / "bad-id"
    proc = _cli("validate", str(folder))
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 3
    assert all(line.startswith(f"{folder / 'debate.yaml'}:") for line in proc.stdout.splitlines())
    assert proc.stderr.strip() == f"3 problem(s) found in {folder}"


def test_validate_without_a_path_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "path" in capsys.readouterr().err


def test_show_summarises_each_contributor(capsys):
    assert main(["show"]) == 0
    out = capsys.readouterr().out
    d = load_debate()
    assert out.splitlines()[0] == d.title
    assert d.source.attribution in out
    for p in d.contributors:
        assert f"{p.name}: {len(p.paragraphs)} paragraphs" in out


def test_show_json_validates_against_the_schema_with_offsets_on_every_anchor(capsys):
    assert main(["show", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(schema()).validate(data)
    text = load_debate().source.text
    anchors = _anchors(data)
    assert len(anchors) == sum(1 for _ in load_debate().anchors())
    for a in anchors:
        assert isinstance(a["start"], int) and isinstance(a["end"], int)
        assert text[a["start"] : a["end"]] == a["quote"]


def test_show_json_of_another_folder(capsys):
    assert main(["show", str(BASE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "tiny"
    assert all("start" in a and "end" in a for a in _anchors(data))


def test_show_a_broken_folder_reports_problems_not_a_traceback(tmp_path):
    proc = _cli("show", str(Path(__file__).parents[1] / "malformed" / "quote-ambiguous"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "debate.yaml:54: claims[1].quote: quote occurs 2 times" in proc.stderr


def test_show_a_missing_folder(tmp_path):
    proc = _cli("show", str(tmp_path / "nope"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "no such file or folder" in proc.stderr


def test_show_a_debate_without_a_question(tmp_path, capsys):
    import shutil

    folder = tmp_path / "d"
    shutil.copytree(BASE, folder)
    lines = (folder / "debate.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[11:14] == [
        "question:",
        "  participant: editors",
        "  quote: Has the mayor “gone soft”?",
    ]
    (folder / "debate.yaml").write_text("\n".join(lines[:11] + lines[14:]), encoding="utf-8")
    d = load_debate(folder)
    assert d.question is None and all(label != "question" for label, _ in d.anchors())
    assert main(["show", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Question" not in out and "Ann Lee: 2 paragraphs" in out
    assert "stance -1 (not soft)" in out
