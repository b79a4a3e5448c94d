"""The compiled form of a debate: used only while it matches the files, and equal to a full load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from symposium_kit.debate import compiled
from symposium_kit.debate.load import (
    _load,
    bundled_debate_dir,
    compile_debate,
    load_debate,
    validate_debate,
)
from symposium_kit.debate.problems import DebateError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "debate"
    shutil.copytree(bundled_debate_dir(), target)
    (target / compiled.COMPILED_FILE).unlink(missing_ok=True)
    return target


def test_the_shipped_compiled_form_matches_the_shipped_files():
    assert compiled.is_current(bundled_debate_dir()), (
        "debate.compiled.json is missing or stale: run `symposium-kit release`"
    )


def test_a_load_from_the_compiled_form_equals_a_full_load(folder: Path):
    full = _load(folder, use_compiled=False)
    assert not full.problems
    compile_debate(folder)
    fast = _load(folder)
    assert fast.sections is None  # it came from the compiled form, not from the text's layout
    assert fast.debate == full.debate
    assert fast.data == full.data


def test_an_edited_annotation_is_loaded_the_full_way_and_its_problem_reported(folder: Path):
    compile_debate(folder)
    yaml_path = folder / "debate.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("schema_version: 1", "schema_version: 7", 1), "utf-8")
    assert not compiled.is_current(folder)
    with pytest.raises(DebateError) as err:
        load_debate(folder)
    assert "schema_version" in str(err.value)


def test_an_edited_source_text_invalidates_the_compiled_form(folder: Path):
    compile_debate(folder)
    assert compiled.is_current(folder)
    source = next(p for p in folder.iterdir() if p.suffix == ".txt")
    source.write_text(source.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    assert not compiled.is_current(folder)
    assert _load(folder).sections is not None  # the full way


def test_another_kit_version_invalidates_the_compiled_form(folder: Path, monkeypatch):
    compile_debate(folder)
    monkeypatch.setattr(compiled, "__version__", "99.0.0")
    assert not compiled.is_current(folder)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("{not json", encoding="utf-8"),
        lambda p: p.write_text("[]", encoding="utf-8"),
        lambda p: p.write_text(
            json.dumps({**json.loads(p.read_text("utf-8")), "source_file": "../../etc/passwd"}),
            encoding="utf-8",
        ),
        lambda p: p.write_bytes(b"\xff\xfe"),
    ],
    ids=["truncated", "wrong-shape", "source-outside", "not-utf8"],
)
def test_a_damaged_compiled_file_is_ignored(folder: Path, damage):
    compile_debate(folder)
    damage(folder / compiled.COMPILED_FILE)
    result = _load(folder)
    assert not result.problems and result.sections is not None


def test_validate_never_trusts_the_compiled_form(folder: Path):
    compile_debate(folder)
    path = folder / compiled.COMPILED_FILE
    payload = json.loads(path.read_text("utf-8"))
    payload["data"]["title"] = "tampered"
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert load_debate(folder).title == "tampered"  # a load trusts a matching digest ...
    assert validate_debate(folder) == []  # ... validation reads the files themselves
    assert _load(folder, use_compiled=False).debate.title != "tampered"


def test_compile_refuses_an_invalid_debate_and_writes_nothing(folder: Path):
    yaml_path = folder / "debate.yaml"
    yaml_path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DebateError):
        compile_debate(folder)
    assert not (folder / compiled.COMPILED_FILE).exists()
