"""Mutations of the bundled debate.yaml: every outcome is a clean load or located problems.

Tags are put on values of every kind, bytes are flipped and lines are cut, with a
fixed seed; whatever comes out, the loader reports problems with a file and a
line (or loads the debate), and never raises anything but DebateError.
"""

from __future__ import annotations

import random
import shutil

import pytest

from symposium_kit import DebateError, bundled_debate_dir, load_debate

TAGS = [
    "!!map",
    "!!seq",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!binary",
    "!!timestamp",
    "!custom",
    "!!python/object/apply:os.system",
    "&a",
    "*a",
]


def _mutants(n: int, seed: int) -> list[bytes]:
    raw = (bundled_debate_dir() / "debate.yaml").read_bytes()
    lines = raw.split(b"\n")
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        ls = list(lines)
        i = rng.randrange(len(ls))
        how = rng.randrange(4)
        if how == 0 and b": " in ls[i]:  # a tag before a value
            key, _, value = ls[i].partition(b": ")
            ls[i] = key + b": " + rng.choice(TAGS).encode() + b" " + value
        elif how == 1:  # a byte changed
            if ls[i]:
                j = rng.randrange(len(ls[i]))
                ls[i] = ls[i][:j] + bytes([rng.randrange(256)]) + ls[i][j + 1 :]
        elif how == 2:  # a line cut short
            ls[i] = ls[i][: rng.randrange(len(ls[i]) + 1)]
        else:  # a line repeated
            ls.insert(i, ls[i])
        out.append(b"\n".join(ls))
    return out


@pytest.mark.slow
def test_every_mutant_loads_cleanly_or_reports_located_problems(tmp_path):
    folder = tmp_path / "debate"
    shutil.copytree(bundled_debate_dir(), folder, ignore=shutil.ignore_patterns("exercises"))
    outcomes = {"loaded": 0, "problems": 0}
    for k, raw in enumerate(_mutants(400, seed=20251110)):
        (folder / "debate.yaml").write_bytes(raw)
        try:
            load_debate(folder)  # DebateError is the only exception allowed
        except DebateError as exc:
            outcomes["problems"] += 1
            assert exc.problems, k
            for p in exc.problems:
                assert p.file and p.line >= 0 and "\n" not in p.message, (k, str(p))
        else:
            outcomes["loaded"] += 1
    assert outcomes["problems"] > 100 and outcomes["loaded"] > 0, outcomes
