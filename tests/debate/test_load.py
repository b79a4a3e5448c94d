"""The loader's checks, proved on a corpus of malformed debate folders.

Every folder in ``tests/malformed/`` is the tiny valid debate in
``tests/malformed/_base/`` (a seven-line source text and its annotations)
with one small edit. The table below says, for each, the exact problem
``symposium-kit validate`` must print: file, line, field path and a key part
of the message. Open a case's ``debate.yaml`` beside ``_base/debate.yaml``
(e.g. with ``diff``) to see the edit.
"""

# ruff: noqa: E501  -- the table of cases reads best one case per line

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from symposium_kit import DebateError, load_debate, resolved_data, validate_debate
from symposium_kit.cli.main import main

CORPUS = Path(__file__).parents[1] / "malformed"
BASE = CORPUS / "_base"
Y, S = "debate.yaml", "source.txt"

# case folder, file the problem is in, line (0: the whole file), field path,
# part of the message, how many problems in all.
CASES = [
    ("yaml-syntax-error", Y, 14, "(file)", "YAML error: mapping values are not allowed", 1),
    ("wrong-type-year", Y, 9, "source.year", "expected a whole number, got text", 1),
    ("wrong-type-list", Y, 49, "claims[0].evidence", "expected a list, got text 'budget-cut'", 1),
    ("missing-required-field", Y, 31, "positions[0].framing", "required field 'framing' is missing", 1),
    ("missing-section", Y, 1, "reference_scores", "required field 'reference_scores' is missing", 1),
    ("unknown-participant", Y, 45, "claims[0].participant", "unknown participant 'anne'; did you mean 'ann'?", 1),
    ("unknown-contributor-position", Y, 37, "positions[1].participant", "unknown contributor 'cy'", 1),
    ("duplicate-claim-id", Y, 50, "claims[1].id", "duplicate id 'ann.thesis' (also claims[0])", 1),
    ("dangling-supports", Y, 56, "claims[1].supports[1]", "unknown claim 'bo.thesis'", 1),
    ("dangling-evidence", Y, 49, "claims[0].evidence[0]", "unknown evidence item 'budget-cuts'; did you mean 'budget-cut'?", 1),
    ("dangling-event-evidence", Y, 82, "events[0].evidence[0]", "unknown evidence item 'truce-deal'", 1),
    ("self-support", Y, 56, "claims[1].supports", "claim 'ann.reason' supports itself", 1),
    ("quote-not-in-text", Y, 48, "claims[0].quote", "closest passage: 'The mayor has not gone soft.", 1),
    ("quote-straight-quotes", Y, 14, "question.quote", "only in quote marks or dashes; copy it exactly: 'Has the mayor “gone soft”?'", 1),
    ("quote-other-participant", Y, 70, "predictions[0].quote", "quote is by Bo Chen (bo, source line 7), not by ann", 1),
    ("quote-ambiguous", Y, 54, "claims[1].quote", "quote occurs 2 times in ann's section (source line 4); add `occurrence: N`", 1),
    ("occurrence-out-of-range", Y, 55, "claims[1].occurrence", "occurrence 3 asked, but the quote occurs 2 time(s)", 1),
    ("stance-out-of-range", Y, 38, "positions[1].stance", "stance 2 is not on the scale (-1 to 1)", 1),
    ("enum-bad-role", Y, 46, "claims[0].role", "'claim' is not allowed; use one of: 'thesis'", 1),
    ("bad-id", Y, 44, "claims[0].id", "'Ann Thesis' is not a valid id", 3),
    ("schema-version", Y, 1, "schema_version", "expected 1, got 2", 1),
    ("empty-file", Y, 1, "(file)", "file is empty", 1),
    ("non-utf8-yaml", Y, 3, "(file)", "not UTF-8 text (byte 0xe9)", 1),
    ("non-utf8-source", S, 5, "(file)", "the source text is not UTF-8 (byte 0xe9)", 1),
    ("python-object-tag", Y, 3, "title", "YAML tag '!!python/object/apply:os.system' is not allowed", 1),
    ("yaml-alias", Y, 6, "source.title", "YAML aliases (*name) are not allowed", 1),
    ("alias-as-key", Y, 7, "source", "YAML aliases (*name) are not allowed; write the key out", 1),
    ("tag-map-on-a-list", Y, 6, "source.title", "the YAML tag '!!map' does not fit a sequence value", 1),
    ("tag-str-on-a-mapping", Y, 6, "source.title", "the YAML tag '!!str' does not fit a mapping value", 1),
    ("tag-int-empty", Y, 9, "source.year", "'' is not a valid YAML int", 1),
    ("occurrence-float", Y, 64, "evidence[0].citations[0].occurrence", "1.0 must be a whole number, written without a decimal point", 1),
    ("id-trailing-newline", Y, 2, "id", "'tiny\\n' is not a valid id", 1),
    ("sort-key-trailing-newline", Y, 80, "events[0].sort_key", "is not a date to sort by", 1),
    ("sort-key-arabic-digits", Y, 80, "events[0].sort_key", "in the digits 0-9", 1),
    ("rubric-scale-float", Y, 84, "rubric.scale.min", "0.0 must be a whole number, written without a decimal point", 1),
    ("duplicate-key", Y, 10, "source.year", "duplicate key 'year' (first on line 9)", 1),
    ("top-level-list", Y, 1, "(file)", "expected a mapping of sections", 1),
    ("source-path-dotdot", Y, 5, "source.file", "path '../source.txt' leaves the debate folder", 1),
    ("source-path-absolute", Y, 5, "source.file", "path '/etc/hostname' leaves the debate folder", 1),
    ("source-missing", Y, 5, "source.file", "no file 'text.txt' in the debate folder", 1),
    ("no-debate-yaml", Y, 0, "(file)", "no debate.yaml in", 1),
    ("unknown-field", Y, 50, "claims[0].weight", "unknown field 'weight'; allowed here: attacks,", 1),
    ("name-not-a-heading", Y, 23, "participants[2].name", "no line 'Bo Chan' heads a section of the source text", 1),
    ("separator-missing", Y, 11, "layout.separator", "no line 'Responses' in the source text", 1),
    ("rubric-scale-too-wide", Y, 84, "rubric.scale", "a scale of 1,000,000,001 levels is too wide", 1),
    ("rubric-levels-incomplete", Y, 89, "rubric.criteria[0].levels", "levels must be exactly 0..2; got 0, 1", 1),
    ("reference-score-out-of-range", Y, 96, "reference_scores[0].score", "score 5 is outside 0..2", 1),
    ("unknown-criterion", Y, 95, "reference_scores[0].criterion", "unknown criterion 'overal'; did you mean 'overall'?", 1),
    ("resolved-prediction-no-source", Y, 76, "predictions[0].resolution.source", "a resolved forecast needs a source", 1),
    ("stale-offset", Y, 71, "predictions[0].start", "start is 3 but the quote starts at", 1),
    ("tag-seq-on-a-scalar", Y, 3, "title", "the YAML tag '!!seq' does not fit a scalar value", 1),
    ("tag-map-on-a-scalar", Y, 3, "title", "the YAML tag '!!map' does not fit a scalar value", 1),
    ("tag-float-empty", Y, 9, "source.year", "'' is not a valid YAML float", 1),
    ("tag-int-dash", Y, 9, "source.year", "'-' is not a valid YAML int", 1),
    ("nul-byte-line-7", Y, 7, "(file)", "the character U+0000 is not allowed in YAML text", 1),
    ("bel-byte-line-7", Y, 7, "(file)", "the character U+0007 is not allowed in YAML text", 1),
    ("unclosed-quote", Y, 14, "(file)", "a quoted scalar that is never closed", 1),
    ("unknown-tag", Y, 3, "title", "YAML tag '!custom' is not allowed", 1),
    ("stance-float", Y, 32, "positions[0].stance", "-1.0 must be a whole number", 1),
    ("year-out-of-range", Y, 9, "source.year", "1492 is out of range (minimum 1800)", 1),
    ("sort-key-bad-month", Y, 80, "events[0].sort_key", "'2025-7' is not a date to sort by", 1),
    ("url-not-http", Y, 8, "source.url", "'ftp://example.org/tiny' does not match '^https?://'", 1),
    ("schema-version-text", Y, 1, "schema_version", "expected 1, got '1'", 1),
    ("source-file-empty", Y, 5, "source.file", "'' is too short (at least 1 characters)", 1),
]  # fmt: skip


def _validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["validate", str(folder)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def _prefix(folder: Path, file: str, line: int, field: str) -> str:
    where = f"{folder / file}:{line}" if line else str(folder / file)
    return f"{where}: {field}: "


def test_corpus_table_lists_every_case_folder():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == {c[0] for c in CASES}
    assert len(CASES) >= 64


def test_base_of_the_corpus_is_valid(capsys):
    code, out, err = _validate(BASE, capsys)
    assert code == 0, out
    assert out[0].startswith("ok: tiny: 3 participants")


@pytest.mark.parametrize(
    ("case", "file", "line", "field", "fragment", "count"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_debate_reports_the_exact_problem(case, file, line, field, fragment, count, capsys, tmp_path, monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)  # a file written by a refused tag would land here
    folder = CORPUS / case
    code, out, err = _validate(folder, capsys)
    assert code == 1
    assert "Traceback" not in err and "Traceback" not in "\n".join(out)
    assert len(out) == count, out
    prefix = _prefix(folder, file, line, field)
    matching = [o for o in out if o.startswith(prefix)]
    assert matching, f"no line starts with {prefix!r}: {out}"
    assert fragment in matching[0], matching[0]
    assert f"{count} problem(s) found" in err
    assert list(tmp_path.iterdir()) == []


def test_problem_lines_have_the_documented_shape(capsys):
    shape = re.compile(r"^\S+?(:\d+)?: [\w.\[\]()]+: .+$")
    for case, *_ in CASES:
        _, out, _ = _validate(CORPUS / case, capsys)
        assert all(shape.match(o) for o in out), out


def test_python_tag_runs_nothing_in_a_fresh_process(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(CORPUS / "python-object-tag", folder)
    proc = subprocess.run(
        [sys.executable, "-m", "symposium_kit", "validate", str(folder)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{folder / Y}:3: title: YAML tag" in proc.stdout
    assert not (tmp_path / "symposium-kit-pwned").exists()


def test_python_tag_never_calls_os_system(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    problems = validate_debate(CORPUS / "python-object-tag")
    assert [p.field for p in problems] == ["title"]
    assert calls == []


def _copy_base(tmp_path: Path) -> Path:
    folder = tmp_path / "debate"
    shutil.copytree(BASE, folder)
    return folder


def test_huge_yaml_file_is_refused_before_parsing(tmp_path, capsys):
    folder = _copy_base(tmp_path)
    text = (folder / Y).read_text(encoding="utf-8")
    (folder / Y).write_text(text + "#" * 2_100_000 + "\n", encoding="utf-8")
    size = (folder / Y).stat().st_size
    code, out, _ = _validate(folder, capsys)
    assert code == 1
    assert out == [
        f"{folder / Y}: (file): file is too large ({size:,} bytes; the limit is 2,000,000)"
    ]


def test_huge_source_text_is_refused(tmp_path, capsys):
    folder = _copy_base(tmp_path)
    with open(folder / S, "a", encoding="utf-8") as f:
        f.write(("More words. " * 100 + "\n") * 5000)
    code, out, _ = _validate(folder, capsys)
    assert code == 1
    assert len(out) == 1 and out[0].startswith(
        f"{folder / Y}:5: source.file: source.txt is too large"
    )


def test_missing_path_says_so(tmp_path, capsys):
    code, out, _ = _validate(tmp_path / "nowhere", capsys)
    assert code == 1
    assert out == [f"{tmp_path / 'nowhere'}: (file): no such file or folder: {tmp_path / 'nowhere'}; give a debate folder or its debate.yaml"]  # fmt: skip


def test_yaml_file_path_works_like_its_folder():
    assert load_debate(BASE / Y).id == load_debate(BASE).id == "tiny"


def test_load_debate_raises_debate_error_listing_every_problem():
    with pytest.raises(DebateError) as info:
        load_debate(CORPUS / "bad-id")
    assert len(info.value.problems) == 3
    assert "3 problem(s) in the debate" in str(info.value)
    assert all(p.file == str(CORPUS / "bad-id" / Y) for p in info.value.problems)


def test_validate_debate_is_empty_for_the_bundled_debate():
    assert validate_debate() == []


def test_quotes_get_offsets_that_slice_the_source():
    data = resolved_data(BASE)
    text = (BASE / S).read_text(encoding="utf-8")
    reason = data["claims"][1]
    assert text[reason["start"] : reason["end"]] == reason["quote"]
    first = data["evidence"][0]["citations"][0]
    # occurrence 1 and 2 of the same words are different places
    assert first["quote"] == reason["quote"] and first["start"] < reason["start"]


def test_dates_written_unquoted_stay_text(tmp_path):
    folder = _copy_base(tmp_path)
    text = (
        (folder / Y)
        .read_text(encoding="utf-8")
        .replace("sort_key: 2025-07", "sort_key: 2025-07-01")
    )
    (folder / Y).write_text(text, encoding="utf-8")
    assert load_debate(folder).events[0].sort_key == "2025-07-01"


# -- the shipped fast validator ----------------------------------------------


def test_shipped_fast_validator_was_generated_from_the_current_schema():
    from symposium_kit.debate import schema as schema_check

    shipped = (Path(schema_check.__file__).parent / schema_check.FAST_VALIDATOR_MODULE).read_text(
        "utf-8"
    )
    assert f'\nSCHEMA_DIGEST = "{schema_check.schema_digest()}"\n' in shipped, (
        "the schema changed: regenerate symposium_kit/_schema_fast.py "
        '(python -c "import symposium_kit.debate.schema as m; m.regenerate_fast_validator()")'
    )


def test_shipped_fast_validator_equals_a_fresh_generation():
    import fastjsonschema

    from symposium_kit.debate import schema as schema_check

    shipped = (Path(schema_check.__file__).parent / schema_check.FAST_VALIDATOR_MODULE).read_text(
        "utf-8"
    )
    made_with = re.search(r'^VERSION = "([^"]+)"', shipped, re.M)
    if made_with is None or made_with.group(1) != fastjsonschema.VERSION:
        pytest.skip("the shipped validator was generated by another fastjsonschema version")
    assert schema_check.fast_validator_source() == shipped


def test_fast_validator_imports_nothing_from_fastjsonschema():
    code = subprocess.run(
        [sys.executable, "-c", "import sys, symposium_kit.debate._schema_fast; print('fastjsonschema' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert code.strip() == "False"


def test_fast_validator_agrees_with_jsonschema_on_the_corpus():
    import jsonschema

    from symposium_kit import schema
    from symposium_kit.debate._schema_fast import validate
    from symposium_kit.debate.yaml_lines import parse_yaml

    slow = jsonschema.Draft202012Validator(schema())
    checked = 0
    for folder in sorted(CORPUS.iterdir()):
        path = folder / Y
        if not path.is_file():
            continue
        parsed = parse_yaml(path.read_bytes(), str(path))
        if parsed.problems or not isinstance(parsed.data, dict):
            continue
        slow_ok = not list(slow.iter_errors(parsed.data))
        try:
            validate(parsed.data)
            fast_ok = True
        except ValueError:
            fast_ok = False
        assert fast_ok == slow_ok, folder.name
        checked += 1
    assert checked >= 20


def test_a_stale_fast_validator_is_not_trusted(monkeypatch):
    from symposium_kit.debate import _schema_fast
    from symposium_kit.debate import schema as schema_check

    monkeypatch.setattr(_schema_fast, "SCHEMA_DIGEST", "00000000-0")
    monkeypatch.setattr(schema_check, "_schema_cache", {})
    assert schema_check._fast_validator() is not _schema_fast.validate
    assert validate_debate(BASE) == []
    assert [p.field for p in validate_debate(CORPUS / "wrong-type-year")] == ["source.year"]


def test_random_edits_give_problems_never_an_exception(tmp_path):
    """Delete, repeat or garble lines of the base debate at random (fixed seed): the
    loader must answer with problems, or load the debate, and never raise."""
    import random

    rng = random.Random(20251110)
    lines = (BASE / Y).read_text(encoding="utf-8").split("\n")
    folder = _copy_base(tmp_path)
    garbles = [": ", "- ", "  ", "[", "{", "'", '"', "&a ", "*a ", "!!str ", "~", "\t", "0"]
    outcomes = {"problems": 0, "valid": 0}
    for _ in range(300):
        edited = list(lines)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(edited))
            how = rng.choice(["delete", "repeat", "garble", "swap"])
            if how == "delete":
                del edited[k]
            elif how == "repeat":
                edited.insert(k, edited[k])
            elif how == "swap" and k + 1 < len(edited):
                edited[k], edited[k + 1] = edited[k + 1], edited[k]
            else:
                pos = rng.randint(0, len(edited[k]))
                edited[k] = edited[k][:pos] + rng.choice(garbles) + edited[k][pos:]
        (folder / Y).write_text("\n".join(edited), encoding="utf-8")
        problems = validate_debate(folder)
        if problems:
            outcomes["problems"] += 1
            assert all(p.file and p.message for p in problems)
        else:
            outcomes["valid"] += 1
            load_debate(folder)
    assert outcomes["problems"] > 100


@pytest.mark.parametrize(
    ("name", "make", "fragment"),
    [
        ("loop.txt", lambda f: os.symlink("loop.txt", f / "loop.txt"), "cannot open 'loop.txt'"),
        ("a\x00b.txt", None, "control character"),
        ("x" * 5000 + ".txt", None, "characters long"),
    ],
    ids=["symlink-loop", "nul-byte", "long-name"],
)
def test_a_source_file_name_that_cannot_be_opened_is_a_located_problem(
    tmp_path, name, make, fragment
):
    import json

    folder = tmp_path / "d"
    shutil.copytree(BASE, folder)
    if make:
        make(folder)
    text = (folder / "debate.yaml").read_text(encoding="utf-8")
    (folder / "debate.yaml").write_text(
        text.replace("file: source.txt", f"file: {json.dumps(name)}", 1), encoding="utf-8"
    )
    problems = validate_debate(folder)
    assert [(p.field, p.line) for p in problems] == [("source.file", 5)], [str(p) for p in problems]
    assert fragment in problems[0].message
    with pytest.raises(DebateError):
        load_debate(folder)
