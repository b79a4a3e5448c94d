"""Notebooks validated as data without nbformat: the compiled schemas agree with nbformat."""

from __future__ import annotations

import copy
import importlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from symposium_kit.classroom import nbschema
from symposium_kit.classroom.demo import write_demo_class
from symposium_kit.resources import notebooks_dir


def _nbformat_accepts(data: dict) -> bool:
    minor = data.get("nbformat_minor", 0)
    try:
        nbformat.validate(copy.deepcopy(data), version=4, version_minor=5 if minor >= 5 else 4)
    except nbformat.ValidationError:
        return False
    return True


def _kit_accepts(data: dict) -> bool:
    try:
        nbschema.validate_notebook(data)
    except nbschema.NotebookInvalid:
        return False
    return True


@pytest.mark.parametrize("minor", nbschema.MINORS)
def test_each_compiled_validator_comes_from_the_schema_nbformat_ships(minor):
    module = importlib.import_module(f"symposium_kit.classroom._nbformat4{minor}_fast")
    assert module.SCHEMA_SHA256 == nbschema.schema_sha256(minor), (
        "nbformat's schema changed: run nbschema.regenerate()"
    )


def _samples(tmp_path: Path) -> list[dict]:
    notebooks = [json.loads(p.read_text("utf-8")) for p in sorted(notebooks_dir().glob("*.ipynb"))]
    write_demo_class(tmp_path / "class", students=6, malformed=False)
    notebooks += [
        json.loads(p.read_text("utf-8")) for p in sorted((tmp_path / "class").rglob("*.ipynb"))
    ]
    assert len(notebooks) > 6
    return notebooks


def _mutants(nb: dict) -> list[dict]:
    out = []
    for change in (
        lambda d: d.pop("metadata"),
        lambda d: d.__setitem__("cells", {}),
        lambda d: d["cells"][0].__setitem__("cell_type", "python"),
        lambda d: d["cells"][0].pop("source"),
        lambda d: d["cells"][0].__setitem__("id", "has spaces"),
        lambda d: d["cells"][-1].__setitem__("outputs", [{"output_type": "magic"}]),
        lambda d: d["cells"][-1].__setitem__("execution_count", "one"),
        lambda d: d.__setitem__("nbformat_minor", 4) or d["cells"][0].pop("id", None),
        lambda d: d["metadata"].__setitem__("kernelspec", {"name": 3}),
        lambda d: d.__setitem__("extra", 1),
    ):
        m = copy.deepcopy(nb)
        change(m)
        out.append(m)
    return out


def test_the_compiled_validator_agrees_with_nbformat(tmp_path):
    samples = _samples(tmp_path)
    cases = samples + [m for nb in samples[:3] + samples[-3:] for m in _mutants(nb)]
    disagreements = [i for i, nb in enumerate(cases) if _kit_accepts(nb) != _nbformat_accepts(nb)]
    assert not disagreements
    assert all(_kit_accepts(nb) for nb in samples)
    assert sum(not _kit_accepts(nb) for nb in cases) >= 50  # the mutants are refused


def test_the_demo_class_notebooks_are_what_nbformat_reads(tmp_path):
    write_demo_class(tmp_path / "class", students=3, malformed=False)
    for path in (tmp_path / "class").rglob("*.ipynb"):
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)


def test_collect_and_demo_class_do_not_import_nbformat_or_jsonschema(tmp_path):
    code = (
        "import sys\n"
        "from symposium_kit.classroom.demo import write_demo_class\n"
        "from symposium_kit.classroom.collect import collect\n"
        f"write_demo_class({str(tmp_path / 'c')!r}, students=4)\n"
        f"r = collect({str(tmp_path / 'c')!r}, progress=False)\n"
        "assert r.students, 'nothing collected'\n"
        "print(sorted(m for m in ('nbformat', 'jsonschema') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
