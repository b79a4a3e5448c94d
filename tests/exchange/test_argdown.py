"""The Argdown export, parsed by the real Argdown tool chain (@argdown/cli from npm)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.exchange.argdown import argdown_relations, argdown_text, to_argdown

ARGDOWN_DIR = Path(__file__).parents[1] / "argdown"
ARGDOWN_BIN = ARGDOWN_DIR / "node_modules" / ".bin" / "argdown"


@pytest.fixture(scope="session")
def argdown_cli() -> Path:
    """The argdown command, installed into tests/argdown/ from its lock file when missing."""
    if not ARGDOWN_BIN.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is needed to install @argdown/cli for the Argdown round trip")
            pytest.skip("npm is not installed")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ARGDOWN_DIR,
            check=True,
            timeout=600,
        )
    return ARGDOWN_BIN


def parse_with_argdown(cli: Path, text: str, tmp_path: Path) -> dict:
    src = tmp_path / "debate.argdown"
    src.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [str(cli), "json", str(src), "--stdout"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    end = out.rindex("}") + 1
    tail = re.sub(r"\x1b\[[0-9;]*m", "", out[end:]).strip()
    assert tail in ("", "Successfully export 1 file to JSON."), (
        f"argdown printed more than its JSON: {tail}"
    )
    assert "error" not in run.stderr.lower() and "warn" not in run.stderr.lower(), run.stderr
    return json.loads(out[:end])


@pytest.mark.slow
def test_argdown_parses_the_export_to_the_same_statements_and_relations(argdown_cli, tmp_path):
    debate = load_debate()
    parsed = parse_with_argdown(argdown_cli, to_argdown(debate), tmp_path)
    expected_ids = {c.id for c in debate.claims} | {e.id for e in debate.evidence}
    assert set(parsed["statements"]) == expected_ids  # no "Untitled" statement from a syntax slip
    assert parsed["arguments"] == {}
    got = {(r["from"], r["to"], r["relationType"]) for r in parsed["relations"]}
    assert got == argdown_relations(debate)
    for c in debate.claims:
        defining = [m for m in parsed["statements"][c.id]["members"] if not m.get("isReference")]
        assert len(defining) == 1, f"{c.id} is defined once"
        member = defining[0]
        assert member["text"].strip() == argdown_text(
            c.text
        )  # Argdown keeps the space before the data
        assert member["data"]["quote"] == c.anchor.quote
        assert (member["data"]["start"], member["data"]["end"]) == (c.anchor.start, c.anchor.end)
        assert debate.source.text[member["data"]["start"] : member["data"]["end"]] == c.anchor.quote
    sections = {s["title"] for s in parsed["sections"]}
    assert {p.name for p in debate.participants if debate.claims_by(p.id)} <= sections


def test_statement_text_has_no_argdown_syntax_left():
    for claim in load_debate().claims:
        assert not re.search(r"[\[\]<>#@{}]", argdown_text(claim.text))


def test_each_claim_is_written_once_under_its_participant():
    doc = to_argdown(load_debate())
    for claim in load_debate().claims:
        assert doc.count(f"\n[{claim.id}]:") == 1
