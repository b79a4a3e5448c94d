"""The annotation lint: slips in a valid debate that a program can catch.

:func:`validate_debate` proves that a debate folder is well formed and that
every quote is in the text. The lint reads a valid folder again for five
kinds of slip that still teach a falsehood, each reported as a
:class:`~symposium_kit.debate.problems.Problem` (``file:line: field: rule:
message``):

``hedge``
    A paraphrase (a position's summary, a claim's text, an evidence
    summary, a forecast's hedge) drops a hedge its quote has: *must*, *may*,
    *might*, *could*, *seems*, *appears*, *probably*, *likely*, *perhaps*,
    *reportedly*, *in one respect*...
``descriptor``
    A reference score's rationale uses the wording of a different level's
    descriptor (in the rubric) at least as much as its own level's: two or
    more word pairs found only in that level's descriptor. It is a lexical
    check: it catches a rationale that copies another level's words, not
    one that paraphrases them.
``one-outcome``
    Two forecasts are settled by the same outcome: in a Brier score that
    outcome would count twice.
``resolution``
    A resolved forecast names no outcome of ``outcomes.yaml`` (the reported
    facts kept beside ``debate.yaml``), cites a source that is not that
    outcome's, or is dated after the report it cites.
``event-date``
    An event's date is not given by the text (its words are not in the text,
    or its sort key's year is not) and no ``date_note`` says where it comes
    from; or an evidence item's date is not in the text.

A warning that does not apply is answered in the data, under ``lint:
answered:`` with the rule, the item (as the lint names it) and ``because``;
the lint then stays silent on it, and reports an answer that matches no
warning, so that answers do not outlive their reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import Problem, field_path
from .yaml_lines import ParsedYaml, parse_yaml

OUTCOMES_FILE = "outcomes.yaml"
RULES = ("hedge", "descriptor", "one-outcome", "resolution", "event-date")

# A hedge family: the quote has the hedge when one of its patterns occurs; a
# paraphrase keeps it when any pattern of the same family occurs.
HEDGES: dict[str, tuple[str, ...]] = {
    "must": (r"must",),
    "may, might, could": (
        r"may",
        r"might",
        r"maybe",
        r"could",
        r"possibly",
        r"possible",
        r"perhaps",
    ),
    "seems, appears": (
        r"seems?",
        r"seemed",
        r"seemingly",
        r"appears?",
        r"appeared",
        r"apparently",
        r"on the surface",
    ),
    "probably, likely": (r"probably", r"probable", r"likely", r"unlikely"),
    "reportedly": (r"reportedly", r"reported"),
    "in one respect": (r"in (?:one|this|some) respects?",),
}
_HEDGE_RES = {
    name: re.compile(r"\b(?:" + "|".join(pats) + r")\b", re.IGNORECASE)
    for name, pats in HEDGES.items()
}

_STOP = frozenset(
    "a an and are as at be but by for from has have in is it its of on or the their them "
    "this to was were what when which who with".split()
)


@dataclass(frozen=True)
class _Warning:
    rule: str
    item: str
    path: tuple[str | int, ...]
    message: str


def hedges_in(text: str) -> set[str]:
    """The hedge families that occur in ``text``.

    Examples
    --------
    >>> sorted(hedges_in("They must have been shocked; it seems likely."))
    ['must', 'probably, likely', 'seems, appears']
    >>> hedges_in("They were shocked.")
    set()
    """
    return {name for name, rx in _HEDGE_RES.items() if rx.search(text)}


def dropped_hedges(quote: str, paraphrase: str) -> list[str]:
    """The hedge families of ``quote`` that ``paraphrase`` does not keep.

    Examples
    --------
    >>> dropped_hedges("don’t appear to be strategically significant", "not significant")
    ['seems, appears']
    >>> dropped_hedges("don’t appear to be strategically significant", "do not appear to be")
    []
    """
    return sorted(hedges_in(quote) - hedges_in(paraphrase))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower().replace("’", "'"))


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Word pairs within a clause (punctuation ends one), not both small words."""
    out = set()
    for clause in re.split(r"[.,;:()!?—–\"“”]", text):
        w = _words(clause)
        out |= {(a, b) for a, b in zip(w, w[1:], strict=False) if a not in _STOP or b not in _STOP}
    return out


def descriptor_matches(rationale: str, levels: dict[int, str]) -> dict[int, int]:
    """How many of each level's own word pairs a rationale uses.

    A word pair counts for a level when it is in that level's descriptor and
    in no other level's of the same criterion (pairs of two small words such
    as "of the" never count).

    Examples
    --------
    >>> levels = {0: "Gives a reader reasons to doubt.", 1: "Sustained mockery throughout."}
    >>> descriptor_matches("It gives a reader reasons to doubt it.", levels)
    {0: 5, 1: 0}
    """
    grams = {k: _bigrams(v) for k, v in levels.items()}
    used = _bigrams(rationale)
    out = {}
    for k, g in grams.items():
        others = set().union(*(v for j, v in grams.items() if j != k))
        out[k] = len((g - others) & used)
    return out


def lint_debate(path: str | Path | None = None) -> list[Problem]:
    """Every lint warning of a debate folder (empty when it has none).

    An invalid folder gives its validation problems instead: fix them first.

    Parameters
    ----------
    path
        A debate folder holding ``debate.yaml`` (or the YAML file itself);
        None lints the debate that ships with the kit.

    Examples
    --------
    >>> lint_debate()
    []
    """
    from .load import _load, _resolve_paths

    result = _load(path, use_compiled=False)  # the lint needs the lines of the YAML
    if result.problems:
        return result.problems
    assert result.debate is not None and result.parsed is not None
    folder, yaml_path = _resolve_paths(path)
    yname = str(yaml_path)
    parsed = result.parsed
    data: dict[str, Any] = parsed.data
    text = result.debate.source.text

    outcome_problems, outcomes = _read_outcomes(folder / OUTCOMES_FILE)
    warnings = [
        *_hedge_warnings(data),
        *_descriptor_warnings(data),
        *_outcome_warnings(data, outcomes, outcome_problems is not None),
        *_date_warnings(data, text),
    ]
    problems = list(outcome_problems or [])
    answered = (data.get("lint") or {}).get("answered", [])
    used = [False] * len(answered)
    for w in warnings:
        hits = [i for i, a in enumerate(answered) if a["rule"] == w.rule and a["item"] == w.item]
        for i in hits:
            used[i] = True
        if not hits:
            problems.append(
                Problem(yname, parsed.line_of(w.path), field_path(w.path), f"{w.rule}: {w.message}")
            )
    for i, a in enumerate(answered):
        if not used[i]:
            where = ("lint", "answered", i)
            msg = (
                f"answers {a['rule']} on {a['item']!r}, but the lint gives no such warning; "
                "remove the answer"
            )
            problems.append(Problem(yname, parsed.line_of(where), field_path(where), msg))
    return sorted(problems, key=lambda p: (p.file, p.line))


# -- hedge ----------------------------------------------------------------


def _hedge_warnings(data: dict) -> list[_Warning]:
    out: list[_Warning] = []

    def check(item: str, path: tuple, quote: str, paraphrase: str, what: str) -> None:
        lost = dropped_hedges(quote, paraphrase)
        if lost:
            out.append(
                _Warning(
                    "hedge",
                    item,
                    path,
                    f"the quote hedges ({'; '.join(lost)}) but the {what} does not: "
                    f"“{quote}”. Keep the hedge, or answer the warning under lint: answered:",
                )
            )

    for i, p in enumerate(data.get("positions", [])):
        for q in p.get("quotes", []):
            check(
                f"position {p['participant']}",
                ("positions", i, "summary"),
                q["quote"],
                p["summary"],
                "summary",
            )
    for i, c in enumerate(data.get("claims", [])):
        check(c["id"], ("claims", i, "text"), c["quote"], c["text"], "claim's text")
    for i, e in enumerate(data.get("evidence", [])):
        for c in e.get("citations", []):
            check(e["id"], ("evidence", i, "summary"), c["quote"], e["summary"], "summary")
    for i, p in enumerate(data.get("predictions", [])):
        check(
            p["id"],
            ("predictions", i, "hedge"),
            p["quote"],
            f"{p['hedge']} {p['statement']}",
            "hedge (or the statement)",
        )
    return out


# -- descriptor -------------------------------------------------------------


def _descriptor_warnings(data: dict) -> list[_Warning]:
    out: list[_Warning] = []
    criteria = {c["id"]: c for c in data["rubric"]["criteria"]}
    for i, r in enumerate(data.get("reference_scores", [])):
        score = r["score"]
        if score is None or r["criterion"] not in criteria:
            continue
        levels = {int(k): v for k, v in criteria[r["criterion"]]["levels"].items()}
        matches = descriptor_matches(r["rationale"], levels)
        others = [k for k in matches if k != score]
        if not others:
            continue
        best = max(others, key=lambda k: (matches[k], -abs(k - score)))
        if matches[best] >= 2 and matches[best] >= matches.get(score, 0):
            out.append(
                _Warning(
                    "descriptor",
                    f"{r['participant']}/{r['criterion']}",
                    ("reference_scores", i, "rationale"),
                    f"scored {score}, but the rationale uses the wording of level {best} "
                    f"({matches[best]} phrases, against {matches.get(score, 0)} of level "
                    f"{score}): “{levels[best]}” Match the score to the rationale, or reword it",
                )
            )
    return out


# -- outcomes and resolutions -------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One reported fact that can settle forecasts (an entry of ``outcomes.yaml``)."""

    id: str
    date: str  # ISO day, or a range such as 2025-10-30/31
    source: str
    url: str
    fact: str
    also: tuple[str, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        """Every address that reports the fact."""
        return (self.url, *self.also)

    @property
    def last_day(self) -> str:
        """The last day of ``date`` (the day itself, or a range's end).

        Examples
        --------
        >>> Outcome("x", "2025-10-30/31", "s", "u", "f").last_day
        '2025-10-31'
        """
        day, _, end = self.date.partition("/")
        return day[: len(day) - len(end)] + end if end else day


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(/\d{2})?$")


def _read_outcomes(file: Path) -> tuple[list[Problem] | None, dict[str, Outcome]]:
    """The outcomes beside a debate; problems is None when there is no file."""
    if not file.is_file():
        return None, {}
    name = str(file)
    parsed: ParsedYaml = parse_yaml(file.read_bytes(), name)
    if parsed.problems:
        return parsed.problems, {}
    items = parsed.data.get("outcomes") if isinstance(parsed.data, dict) else None
    if not isinstance(items, list):
        msg = "expected `outcomes:` with a list of reported facts (id, date, source, url, fact)"
        return [Problem(name, 1, "outcomes", msg)], {}
    problems: list[Problem] = []
    outcomes: dict[str, Outcome] = {}
    for i, o in enumerate(items):
        path = ("outcomes", i)
        need = [
            k
            for k in ("id", "date", "source", "url", "fact")
            if not isinstance(o, dict) or not isinstance(o.get(k), str)
        ]
        if need:
            msg = f"an outcome needs {', '.join(need)} (text)"
            problems.append(Problem(name, parsed.line_of(path), field_path(path), msg))
            continue
        if not _ISO_DAY.match(o["date"]):
            msg = (
                f"date {o['date']!r} is not an ISO day (2025-10-30, or 2025-10-30/31 for two days)"
            )
            problems.append(
                Problem(name, parsed.line_of((*path, "date")), field_path((*path, "date")), msg)
            )
        if o["id"] in outcomes:
            msg = f"duplicate outcome id {o['id']!r}"
            problems.append(
                Problem(name, parsed.line_of((*path, "id")), field_path((*path, "id")), msg)
            )
        also = tuple(str(u) for u in o.get("also") or ())
        outcomes[o["id"]] = Outcome(o["id"], o["date"], o["source"], o["url"], o["fact"], also)
    return problems, outcomes


def _outcome_warnings(data: dict, outcomes: dict[str, Outcome], have_file: bool) -> list[_Warning]:
    out: list[_Warning] = []
    settled: dict[str, str] = {}
    for i, p in enumerate(data.get("predictions", [])):
        res = p["resolution"]
        pid, path = p["id"], ("predictions", i, "resolution")
        key = res.get("settled_by")
        if res["outcome"] is None:
            if key:
                msg = "an unresolved forecast names an outcome (settled_by); resolve it or drop settled_by"
                out.append(_Warning("resolution", pid, (*path, "settled_by"), msg))
            continue
        if not have_file:
            msg = f"resolved, but there is no {OUTCOMES_FILE} beside debate.yaml to say what settles it"
            out.append(_Warning("resolution", pid, path, msg))
            continue
        if not key:
            msg = f"resolved, but names no outcome; add settled_by: <an id of {OUTCOMES_FILE}>"
            out.append(_Warning("resolution", pid, path, msg))
            continue
        if key not in outcomes:
            known = ", ".join(sorted(outcomes)) or "none"
            msg = f"settled_by {key!r} is not an outcome of {OUTCOMES_FILE} (known: {known})"
            out.append(_Warning("resolution", pid, (*path, "settled_by"), msg))
            continue
        o = outcomes[key]
        if res.get("source") not in o.urls:
            msg = f"source {res.get('source')!r} is not a source of outcome {key!r} ({', '.join(o.urls)})"
            out.append(_Warning("resolution", pid, (*path, "source"), msg))
        reported = res.get("reported") or ""
        if reported > o.last_day:
            msg = f"reported {reported}, after the report it cites ({key}: {o.date})"
            out.append(_Warning("resolution", pid, (*path, "reported"), msg))
        if key in settled:
            msg = (
                f"settled by {key!r}, which already settles {settled[key]}: one outcome counts "
                "once in Brier scores; leave one of them unresolved, with a note"
            )
            out.append(_Warning("one-outcome", pid, (*path, "settled_by"), msg))
        else:
            settled[key] = pid
    return out


# -- dates ----------------------------------------------------------------------


def _date_warnings(data: dict, text: str) -> list[_Warning]:
    out: list[_Warning] = []
    lowered = text.lower()
    for i, e in enumerate(data.get("events", [])):
        if e.get("date_note"):
            continue
        if e["date"].lower() not in lowered:
            msg = f"date {e['date']!r} is not in the text; say where it comes from in date_note"
            out.append(_Warning("event-date", e["id"], ("events", i, "date"), msg))
        elif not re.search(rf"\b{e['sort_key'][:4]}\b", text):
            msg = (
                f"the text gives no year {e['sort_key'][:4]} (sort_key {e['sort_key']!r}); "
                "say how it was inferred in date_note"
            )
            out.append(_Warning("event-date", e["id"], ("events", i, "sort_key"), msg))
    for i, e in enumerate(data.get("evidence", [])):
        date = e.get("date")
        if date and date.lower() not in lowered:
            msg = f"date {date!r} is not in the text; give the date as the text words it"
            out.append(_Warning("event-date", e["id"], ("evidence", i, "date"), msg))
    return out
