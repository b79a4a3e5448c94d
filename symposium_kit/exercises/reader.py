"""Read one exercise file: check it against its JSON Schema, then resolve every entry's key.

The structure of an exercise file (which fields, their types, the kinds, the
id pattern, what each kind requires or forbids) is described by
``data/schema/exercises.schema.json`` (:func:`exercises_schema_path`). A
file is checked against it first, with a validator that fastjsonschema
compiles once per process; only an invalid file is checked again by
``jsonschema``, which lists every error. The reader then checks what a schema
cannot: names, evidence ids and claim roles against the debate, derived keys,
answers against options, and hints that would give the answer away.

Problems are reported like the debate loader's, as ``file:line: field: message``;
an entry with a problem is left out, the others are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..debate.model import Debate
from ..debate.problems import Problem, field_path
from ..debate.yaml_lines import ParsedYaml, parse_yaml
from .keys import DERIVATIONS, UnknownDerivation, derive_key, speaker
from .model import Exercise, FeedbackRule
from .schema import schema_problems

Path_ = tuple[str | int, ...]


# -- reading a file -----------------------------------------------------------


def parse_exercise_file(
    raw: bytes,
    file: str,
    debate: Debate,
    notebook: str = "",
    broken: dict[str, list[Problem]] | None = None,
) -> tuple[list[Exercise], list[Problem]]:
    """Parse one exercise file; return the valid exercises and every problem.

    Parameters
    ----------
    raw
        The file's bytes (UTF-8 YAML).
    file
        The file's name, used in the problems.
    debate
        The debate the exercises are about; keys are derived from it.
    notebook
        The notebook the file belongs to (its name without ``.yaml``).
    broken
        When given, filled with exercise id -> its problems, for the entries
        left out.

    Returns
    -------
    tuple
        The valid exercises, in file order, and every problem found.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> text = b'''
    ... exercises:
    ...   - id: demo.who-cites
    ...     kind: multiple_choice
    ...     prompt: Who cites the chip-ban reversal?
    ...     options: contributors
    ...     derive: cited_by:chip-ban-reversal
    ...     hints: [Look at the citations table.]
    ... '''
    >>> exs, problems = parse_exercise_file(text, "demo.yaml", load_debate(), "demo")
    >>> problems, exs[0].key
    ([], ('cutler', 'mann', 'roach'))
    >>> bad = b"exercises:\\n  - id: Bad Id\\n"
    >>> _, problems = parse_exercise_file(bad, "x.yaml", load_debate())
    >>> print(problems[0])  # doctest: +ELLIPSIS
    x.yaml:2: exercises[0].id: 'Bad Id' is not a valid id; use '<topic>.<slug>' in lowercase, ...
    """
    parsed = parse_yaml(raw, file)
    if parsed.data is None:
        return [], parsed.problems
    problems = list(parsed.problems)
    data = parsed.data
    if isinstance(data, dict):
        notebook = str(data.get("notebook", notebook) or notebook)
    by_entry: dict[int, list[Problem]] = {}
    for path, problem in schema_problems(data, parsed, file, notebook):
        if len(path) >= 2 and path[0] == "exercises" and isinstance(path[1], int):
            by_entry.setdefault(path[1], []).append(problem)
        else:
            problems.append(problem)
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        return [], problems  # the schema problems say what is wrong
    out = []
    for i, item in enumerate(data["exercises"]):
        entry_problems = by_entry.get(i, [])
        if not entry_problems:
            reader = _Reader(parsed, file, ("exercises", i), debate)
            ex = reader.exercise(item, notebook)
            entry_problems = reader.problems
            if ex is not None and not entry_problems:
                out.append(ex)
                continue
        problems += entry_problems
        if broken is not None and isinstance(item, dict) and isinstance(item.get("id"), str):
            broken.setdefault(item["id"], []).extend(entry_problems)
    return out, problems


class _Reader:
    """Resolve one exercise entry that the schema accepts, collecting problems.

    The schema has checked the structure (fields, types, kinds, the id, what
    each kind requires); what is left needs the debate: names, evidence ids,
    claim roles, derived keys, answers against options, hints.
    """

    def __init__(self, parsed: ParsedYaml, file: str, path: Path_, debate: Debate) -> None:
        self.parsed, self.file, self.path, self.debate = parsed, file, path, debate
        self.problems: list[Problem] = []

    def problem(self, fld: str | Path_, message: str) -> None:
        """Record a problem about field ``fld`` of this entry (a name or a sub-path)."""
        sub = (fld,) if isinstance(fld, str) else tuple(fld)
        path = self.path + tuple(s for s in sub if s != "")
        self.problems.append(
            Problem(self.file, self.parsed.line_of(path), field_path(path), message)
        )

    # ------------------------------------------------------------------
    def exercise(self, item: dict[str, Any], notebook: str) -> Exercise | None:
        """The exercise of ``item``, or None (with problems) when it cannot be resolved."""
        kind = item["kind"]
        nb = item.get("notebook", notebook)
        if notebook and nb != notebook:
            self.problem("notebook", f"must be {notebook!r}, the name of this file")
        fields: dict[str, Any] = dict(
            id=item["id"],
            notebook=nb,
            kind=kind,
            prompt=item["prompt"].strip(),
            hints=tuple(h.strip() for h in item.get("hints") or ()),
            title=item.get("title", ""),
            debate=self.debate.id,
            file=self.file,
            line=self.parsed.line_of(self.path),
        )
        for hand_graded in ("points", "rubric"):
            if hand_graded in item and kind != "short_text":
                self.problem(
                    hand_graded,
                    f"only short_text exercises are graded by hand; a {kind} exercise is "
                    "graded by the kit and worth 1 point",
                )
        getattr(self, f"_kind_{kind}")(item, fields)
        if self.problems:
            return None
        fields["feedback"] = self.feedback(item, fields)
        self.check_hints(fields)
        if self.problems:
            return None
        return Exercise(**fields)

    def check_hints(self, fields: dict[str, Any]) -> None:
        """A hint must not give the answer away: report one that spells out the key."""
        key, kind = fields.get("key"), fields["kind"]
        if kind not in ("single_choice", "multiple_choice", "ordering") or not key:
            return
        if kind == "single_choice":
            items = [key]
        else:
            items = [x for g in key for x in g] if kind == "ordering" else list(key)
            if len(items) < 2:
                return

        def spellings(item: str) -> list[str]:
            if not fields.get("names"):
                return [item]
            p = self.debate.participant(item)
            return [p.id, p.name, p.label, p.name.split()[-1]]

        for i, hint in enumerate(fields["hints"]):
            folded = hint.casefold()
            found = [
                any(re.search(rf"\b{re.escape(s.casefold())}\b", folded) for s in spellings(x))
                for x in items
            ]
            if all(found):
                what = "the answer" if kind == "single_choice" else "every item of the answer"
                self.problem(("hints", i), f"this hint names {what}; hint without giving it away")

    def whole(self, item: dict[str, Any], name: str, default: int, minimum: int) -> int:
        """A whole-number field; JSON Schema's ``integer`` also admits ``3.0``, the reader does not."""
        value = item.get(name, default)
        if isinstance(value, float):
            whole = f"{value:.0f}" if value.is_integer() else "a whole number"
            self.problem(name, f"expected a whole number >= {minimum}: write {whole}, not {value}")
            return default
        result: int = value
        return result

    # -- keys ------------------------------------------------------------
    def key(self, item: dict[str, Any], fields: dict[str, Any]) -> Any:
        """The literal or derived key (None, with a problem, when it cannot be derived)."""
        if "derive" in item:
            spec = item["derive"]
            fields["derive"] = spec
            return self.derived(spec, fields)
        return item["answer"]  # the schema requires one of the two

    def derived(self, spec: str, fields: dict[str, Any]) -> Any:
        """The key a ``derive:`` spec gives; its extra fields go into ``fields``."""
        try:
            key, extra = derive_key(self.debate, spec)
        except UnknownDerivation:  # the schema knows the names; this is a safety net
            known = ", ".join(sorted(DERIVATIONS))
            self.problem("derive", f"unknown derivation {spec!r}; known: {known}")
            return None
        except KeyError as exc:
            msg = exc.args[0] if exc.args else str(exc)
            self.problem("derive", f"cannot derive {spec!r}: {msg}")
            return None
        fields.update(extra)
        return key

    def name_or_text(self, value: Any, names: bool, where: Path_) -> Any:
        """A participant id for a name (when ``names``), else the value as given."""
        if not names or not isinstance(value, str):
            return value
        try:
            return self.debate.participant(value).id
        except KeyError:
            self.problem(where, f"{value!r} is not a participant of the debate")
            return value

    def options(self, item: dict[str, Any], fields: dict[str, Any]) -> tuple[str, ...]:
        """The options (participant ids when they are participants); the schema checked their form."""
        opts = item["options"]
        if opts == "contributors":
            fields["names"] = True
            return tuple(p.id for p in self.debate.contributors)
        strs = [str(o) for o in opts]
        if len({s.casefold() for s in strs}) != len(strs):
            self.problem("options", "options must differ from each other")
        if all(_is_participant(self.debate, s) for s in strs):
            fields["names"] = True
            return tuple(self.debate.participant(s).id for s in strs)
        return tuple(strs)

    def _check_in_options(self, values: list[str], options: tuple[str, ...]) -> None:
        folded = {o.casefold() for o in options}
        for v in values:
            if str(v).casefold() not in folded:
                self.problem("answer", f"the answer {v!r} is not one of the options")

    # A derived key is not seen by the schema, so each kind still checks the
    # form of its key (a derivation made for another kind gives the wrong form).

    def _kind_single_choice(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        key = self.key(item, fields)
        options = self.options(item, fields)
        if self.problems:
            return
        key = self.name_or_text(key, fields.get("names", False), ("answer",))
        if not isinstance(key, (str, int, float)) or isinstance(key, bool):
            self.problem("answer", "expected one option")
            return
        key = str(key)
        self._check_in_options([key], options)
        fields.update(options=options, key=_canonical_option(key, options))

    def _kind_multiple_choice(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        key = self.key(item, fields)
        options = self.options(item, fields)
        if self.problems:
            return
        if not isinstance(key, (list, tuple)) or not key:
            self.problem("answer", "expected a non-empty list of options")
            return
        names = fields.get("names", False)
        key = [str(self.name_or_text(k, names, ("answer",))) for k in key]
        self._check_in_options(key, options)
        fields.update(
            options=options, key=tuple(sorted(_canonical_option(k, options) for k in key))
        )

    def _kind_ordering(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        key = self.key(item, fields)
        if self.problems:
            return
        if not isinstance(key, (list, tuple)) or not key:
            self.problem("answer", "expected a list of items in order (or a list of groups)")
            return
        groups = [tuple(g) if isinstance(g, (list, tuple)) else (g,) for g in key]
        if item.get("ties", "allowed" if fields.get("derive") else "none") == "none":
            groups = [(x,) for g in groups for x in g]
        flat = [str(x) for g in groups for x in g]
        names = all(_is_participant(self.debate, x) for x in flat)
        if names:
            groups = [tuple(self.debate.participant(str(x)).id for x in g) for g in groups]
        else:
            groups = [tuple(str(x) for x in g) for g in groups]
        flat = [x for g in groups for x in g]
        if len(set(flat)) != len(flat):
            self.problem("answer", "an item appears twice in the order")
            return
        fields.update(key=tuple(groups), names=names, options=tuple(sorted(flat)))

    def _kind_matching(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        key = self.key(item, fields)
        raw_items = item.get("items")
        items = [(str(k), str(v)) for k, v in raw_items.items()] if raw_items else []
        if self.problems:
            return
        if "items" in fields and not items:  # derived together with the key
            items = list(fields["items"])
        if key == "speakers":
            if not items:
                self.problem("items", "`derive: speakers` needs `items:` (label -> quote)")
                return
            key = {}
            for label, quote in items:
                who = speaker(self.debate, quote)
                if who is None:
                    self.problem(
                        ("items", label), f"quote {quote[:40]!r}... is not verbatim in the text"
                    )
                else:
                    key[label] = who
        if not isinstance(key, dict) or not key:
            self.problem("answer", "expected a mapping item -> matching value")
            return
        values = [str(v) for v in key.values()]
        names = all(_is_participant(self.debate, v) for v in values)
        key = {
            str(k): (self.debate.participant(str(v)).id if names else str(v))
            for k, v in key.items()
        }
        if items and set(key) != {label for label, _ in items}:
            self.problem("answer", "the answer must match every item label exactly once")
            return
        opts: tuple[str, ...] = tuple(fields.get("options", ()))
        if item.get("options") is not None:
            opts = self.options(item, fields)
        fields.update(
            key=key,
            items=tuple(items),
            names=names or fields.get("names", False),
            options=opts or tuple(sorted(set(key.values()))),
        )

    def _kind_numeric(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        key = self.key(item, fields)
        if self.problems:
            return
        if not isinstance(key, (int, float)) or isinstance(key, bool):
            self.problem("answer", "expected a number")
            return
        fields.update(key=key, tolerance=float(item.get("tolerance", 0)))

    def _kind_short_text(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        fields.update(min_words=self.whole(item, "min_words", 0, 0))
        if "points" in item:
            fields["points"] = float(item["points"])  # the schema checked: a number > 0
        if "rubric" in item:
            fields["rubric"] = " ".join(str(item["rubric"]).split())

    def _kind_quote(self, item: dict[str, Any], fields: dict[str, Any]) -> None:
        if "derive" in item:  # the schema requires quote_by:<participant>:<role>
            self.derived(item["derive"], fields)
        else:
            who, role = item["participant"], item.get("role", "concession")
            try:
                fields["participant"] = self.debate.participant(who).id
            except KeyError:
                self.problem(
                    "participant", f"{who!r} is not a participant; or use derive: quote_by:..."
                )
                return
            if not self.debate.claims_by(fields["participant"], role):
                self.problem("role", f"{who} has no claim with role {role!r}")
                return
            fields["role"] = role
        near = self.whole(item, "near", 200, 0)
        mw = self.whole(item, "min_words", 4, 1)
        fields.update(near=near, min_words=mw, names=True)

    # -- feedback rules -----------------------------------------------------
    def feedback(self, item: dict[str, Any], fields: dict[str, Any]) -> tuple[FeedbackRule, ...]:
        """The feedback rules, with participant names in ``when`` made ids."""
        out = []
        for i, rule in enumerate(item.get("feedback") or ()):
            when = rule["when"]
            if fields.get("names"):

                def unknown(v: str, i: int = i) -> None:
                    where = ("feedback", i, "when")
                    self.problem(where, f"{v!r} is not a participant of the debate")

                when = _map_names(self.debate, when, unknown)
            out.append(FeedbackRule(when, rule["say"].strip()))
        return tuple(out)


def _map_names(debate: Debate, value: Any, on_unknown: Callable[[str], None]) -> Any:
    """``value`` with every text that names a participant replaced by their id."""
    if isinstance(value, str):
        try:
            return debate.participant(value).id
        except KeyError:
            on_unknown(value)
            return value
    if isinstance(value, list):
        return [_map_names(debate, v, on_unknown) for v in value]
    if isinstance(value, dict):
        return {k: _map_names(debate, v, on_unknown) for k, v in value.items()}
    return value


def _is_participant(debate: Debate, value: Any) -> bool:
    """Whether ``value`` is text naming a participant of the debate."""
    if not isinstance(value, str):
        return False
    try:
        debate.participant(value)
        return True
    except KeyError:
        return False


def _canonical_option(value: str, options: tuple[str, ...]) -> str:
    """The option as written in the options, for a value that matches it ignoring case."""
    for o in options:
        if o.casefold() == value.casefold():
            return o
    return value


# -- schema errors a teacher can act on ---------------------------------------------
