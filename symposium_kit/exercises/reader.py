"""Read one exercise file: validate every entry and resolve its answer key.

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
from .model import ID_PATTERN, KINDS, Exercise, FeedbackRule

_FIELDS = {
    "id",
    "notebook",
    "kind",
    "prompt",
    "answer",
    "derive",
    "options",
    "items",
    "ties",
    "tolerance",
    "hints",
    "feedback",
    "participant",
    "role",
    "near",
    "min_words",
    "title",
}


def parse_exercise_file(
    raw: bytes,
    file: str,
    debate: Debate,
    notebook: str = "",
    broken: dict[str, list[Problem]] | None = None,
) -> tuple[list[Exercise], list[Problem]]:
    """Parse one exercise file; return the valid exercises and every problem.

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
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        problems.append(
            Problem(file, 1, "exercises", "expected a mapping with a list `exercises:`")
        )
        return [], problems
    extra_top = [k for k in data if k not in ("exercises", "notebook")]
    for k in extra_top:
        problems.append(
            Problem(
                file, parsed.line_of((k,)), str(k), "unknown field; allowed: exercises, notebook"
            )
        )
    notebook = data.get("notebook", notebook) or notebook
    out = []
    for i, item in enumerate(data["exercises"]):
        reader = _Reader(parsed, file, ("exercises", i), debate)
        ex = reader.exercise(item, str(notebook))
        problems += reader.problems
        if ex is not None and not reader.problems:
            out.append(ex)
        elif broken is not None and isinstance(item, dict) and isinstance(item.get("id"), str):
            broken.setdefault(item["id"], []).extend(reader.problems)
    return out, problems


class _Reader:
    """Validate and resolve one exercise entry, collecting problems."""

    def __init__(self, parsed: ParsedYaml, file: str, path: tuple, debate: Debate):
        self.parsed, self.file, self.path, self.debate = parsed, file, path, debate
        self.problems: list[Problem] = []

    def problem(self, fld: str | tuple, message: str) -> None:
        sub = (fld,) if isinstance(fld, str) else tuple(fld)
        path = self.path + tuple(s for s in sub if s != "")
        self.problems.append(
            Problem(self.file, self.parsed.line_of(path), field_path(path), message)
        )

    # ------------------------------------------------------------------
    def exercise(self, item: Any, notebook: str) -> Exercise | None:
        if not isinstance(item, dict):
            self.problem("", "expected a mapping with id, kind, prompt, ...")
            return None
        for k in item:
            if k not in _FIELDS:
                self.problem(str(k), f"unknown field {k!r}; allowed: {', '.join(sorted(_FIELDS))}")
        ex_id = item.get("id")
        if not isinstance(ex_id, str) or not ID_PATTERN.match(ex_id):
            self.problem(
                "id",
                f"{ex_id!r} is not a valid id; use '<topic>.<slug>' in lowercase, "
                "e.g. 'positions.stance-order'",
            )
            return None
        kind = item.get("kind")
        if kind not in KINDS:
            self.problem("kind", f"kind {kind!r} is not known; use one of: {', '.join(KINDS)}")
            return None
        prompt = item.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            self.problem("prompt", "missing or empty: write the question the student answers")
            prompt = ""
        nb = item.get("notebook", notebook)
        if not isinstance(nb, str) or (notebook and nb != notebook):
            self.problem("notebook", f"must be {notebook!r}, the name of this file")
        hints = self.strings(item, "hints", required=kind != "short_text")
        title = item.get("title", "")
        if not isinstance(title, str):
            self.problem("title", "must be text")
            title = ""
        fields: dict[str, Any] = dict(
            id=ex_id,
            notebook=str(nb),
            kind=kind,
            prompt=(prompt or "").strip(),
            hints=tuple(hints),
            title=title,
            debate=self.debate.id,
            file=self.file,
            line=self.parsed.line_of(self.path),
        )
        if "answer" in item and "derive" in item:
            self.problem("derive", "give either `answer:` or `derive:`, not both")
            return None
        getattr(self, f"_kind_{kind}")(item, fields)
        if self.problems:
            return None
        fields["feedback"] = self.feedback(item, fields)
        self.check_hints(fields)
        if self.problems:
            return None
        return Exercise(**fields)

    def check_hints(self, fields: dict) -> None:
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

    def strings(self, item: dict, name: str, required: bool = False) -> list[str]:
        value = item.get(name)
        if value is None:
            if required:
                self.problem(name, f"missing: give at least one entry in `{name}:`")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(name, "expected a list of non-empty texts")
            return []
        return [v.strip() for v in value]

    # -- keys ------------------------------------------------------------
    def key(self, item: dict, fields: dict) -> Any:
        """The literal or derived key (None, with a problem, when neither is given)."""
        if "derive" in item:
            spec = item["derive"]
            fields["derive"] = str(spec)
            return self.derived(spec, fields)
        if "answer" not in item:
            self.problem(
                "answer", "missing: give `answer:` or `derive:` (see the exercises README)"
            )
            return None
        return item["answer"]

    def derived(self, spec: Any, fields: dict) -> Any:
        if not isinstance(spec, str):
            self.problem("derive", "expected text such as 'cited_by:chip-ban-reversal'")
            return None
        try:
            key, extra = derive_key(self.debate, spec)
        except UnknownDerivation:
            known = ", ".join(sorted(DERIVATIONS))
            self.problem("derive", f"unknown derivation {spec!r}; known: {known}")
            return None
        except KeyError as exc:
            msg = exc.args[0] if exc.args else str(exc)
            self.problem("derive", f"cannot derive {spec!r}: {msg}")
            return None
        fields.update(extra)
        return key

    def name_or_text(self, value: Any, names: bool, where: tuple) -> Any:
        """A participant id for a name (when ``names``), else the value as given."""
        if not names or not isinstance(value, str):
            return value
        try:
            return self.debate.participant(value).id
        except KeyError:
            self.problem(where, f"{value!r} is not a participant of the debate")
            return value

    def options(self, item: dict, fields: dict, key_items: list) -> tuple[str, ...]:
        opts = item.get("options")
        if opts == "contributors":
            fields["names"] = True
            return tuple(p.id for p in self.debate.contributors)
        if opts is None:
            self.problem("options", "missing: list the options, or write `options: contributors`")
            return ()
        if (
            not isinstance(opts, list)
            or not opts
            or not all(isinstance(o, (str, int, float)) for o in opts)
        ):
            self.problem("options", "expected a list of options (texts) or `contributors`")
            return ()
        strs = [str(o) for o in opts]
        if len({s.casefold() for s in strs}) != len(strs):
            self.problem("options", "options must differ from each other")
        if all(_is_participant(self.debate, s) for s in strs):
            fields["names"] = True
            return tuple(self.debate.participant(s).id for s in strs)
        return tuple(strs)

    def _check_in_options(self, values: list, options: tuple[str, ...], names: bool) -> None:
        folded = {o.casefold() for o in options}
        for v in values:
            if str(v).casefold() not in folded:
                self.problem("answer", f"the answer {v!r} is not one of the options")

    def _kind_single_choice(self, item: dict, fields: dict) -> None:
        key = self.key(item, fields)
        options = self.options(item, fields, [key])
        if self.problems:
            return
        key = self.name_or_text(key, fields.get("names", False), ("answer",))
        if not isinstance(key, (str, int, float)) or isinstance(key, bool):
            self.problem("answer", "expected one option")
            return
        key = str(key)
        self._check_in_options([key], options, fields.get("names", False))
        fields.update(options=options, key=_canonical_option(key, options))

    def _kind_multiple_choice(self, item: dict, fields: dict) -> None:
        key = self.key(item, fields)
        options = self.options(item, fields, [])
        if self.problems:
            return
        if not isinstance(key, (list, tuple)) or not key:
            self.problem("answer", "expected a non-empty list of options")
            return
        names = fields.get("names", False)
        key = [str(self.name_or_text(k, names, ("answer",))) for k in key]
        self._check_in_options(key, options, names)
        fields.update(
            options=options, key=tuple(sorted(_canonical_option(k, options) for k in key))
        )

    def _kind_ordering(self, item: dict, fields: dict) -> None:
        key = self.key(item, fields)
        if self.problems:
            return
        if not isinstance(key, (list, tuple)) or not key:
            self.problem("answer", "expected a list of items in order (or a list of groups)")
            return
        groups = [tuple(g) if isinstance(g, (list, tuple)) else (g,) for g in key]
        ties = item.get("ties", "allowed" if fields.get("derive") else "none")
        if ties not in ("allowed", "none"):
            self.problem("ties", "use `ties: allowed` or `ties: none`")
            return
        if ties == "none":
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

    def _kind_matching(self, item: dict, fields: dict) -> None:
        key = self.key(item, fields)
        raw_items = item.get("items")
        items: list[tuple[str, str]] = []
        if raw_items is not None:
            if not isinstance(raw_items, dict) or not raw_items:
                self.problem("items", "expected a mapping label -> text shown to the student")
                return
            items = [(str(k), str(v)) for k, v in raw_items.items()]
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
        options = item.get("options")
        opts: tuple[str, ...] = tuple(fields.get("options", ()))
        if options is not None:
            opts = self.options(item, fields, [])
        fields.update(
            key=key,
            items=tuple(items),
            names=names or fields.get("names", False),
            options=opts or tuple(sorted(set(key.values()))),
        )

    def _kind_numeric(self, item: dict, fields: dict) -> None:
        key = self.key(item, fields)
        if self.problems:
            return
        if not isinstance(key, (int, float)) or isinstance(key, bool):
            self.problem("answer", "expected a number")
            return
        tol = item.get("tolerance", 0)
        if not isinstance(tol, (int, float)) or isinstance(tol, bool) or tol < 0:
            self.problem("tolerance", "expected a number >= 0")
            return
        fields.update(key=key, tolerance=float(tol))

    def _kind_short_text(self, item: dict, fields: dict) -> None:
        if "answer" in item or "derive" in item:
            self.problem("answer", "short_text is recorded, not graded: remove the answer key")
        mw = item.get("min_words", 0)
        if not isinstance(mw, int) or isinstance(mw, bool) or mw < 0:
            self.problem("min_words", "expected a whole number >= 0")
            return
        fields.update(min_words=mw)

    def _kind_quote(self, item: dict, fields: dict) -> None:
        if "derive" in item:
            self.derived(item["derive"], fields)
            if not str(item["derive"]).startswith("quote_by:"):
                self.problem(
                    "derive", "a quote exercise derives its key with quote_by:<participant>:<role>"
                )
        else:
            who, role = item.get("participant"), item.get("role", "concession")
            try:
                fields["participant"] = self.debate.participant(str(who)).id
            except KeyError:
                self.problem(
                    "participant", f"{who!r} is not a participant; or use derive: quote_by:..."
                )
                return
            if not self.debate.claims_by(fields["participant"], str(role)):
                self.problem("role", f"{who} has no claim with role {role!r}")
                return
            fields["role"] = str(role)
        near = item.get("near", 200)
        mw = item.get("min_words", 4)
        if not isinstance(near, int) or isinstance(near, bool) or near < 0:
            self.problem("near", "expected a whole number of characters >= 0")
        if not isinstance(mw, int) or isinstance(mw, bool) or mw < 1:
            self.problem("min_words", "expected a whole number >= 1")
        fields.update(near=near, min_words=mw, names=True)

    # -- feedback rules -----------------------------------------------------
    def feedback(self, item: dict, fields: dict) -> tuple[FeedbackRule, ...]:
        rules = item.get("feedback")
        if rules is None:
            return ()
        if not isinstance(rules, list):
            self.problem("feedback", "expected a list of {when: ..., say: ...}")
            return ()
        out = []
        for i, rule in enumerate(rules):
            if not isinstance(rule, dict) or set(rule) != {"when", "say"}:
                self.problem(("feedback", i), "expected exactly the fields `when` and `say`")
                continue
            if isinstance(rule["say"], bool):
                self.problem(
                    ("feedback", i, "say"),
                    "YAML read this as true/false: put the message in quotes",
                )
                continue
            if not isinstance(rule["say"], str) or not rule["say"].strip():
                self.problem(("feedback", i, "say"), "expected the message to show")
                continue
            when = rule["when"]
            if fields.get("names"):
                when = _map_names(
                    self.debate,
                    when,
                    lambda v, i=i: self.problem(
                        ("feedback", i, "when"), f"{v!r} is not a participant of the debate"
                    ),
                )
            out.append(FeedbackRule(when, rule["say"].strip()))
        return tuple(out)


def _map_names(debate: Debate, value: Any, on_unknown: Callable[..., object]) -> Any:
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
    if not isinstance(value, str):
        return False
    try:
        debate.participant(value)
        return True
    except KeyError:
        return False


def _canonical_option(value: str, options: tuple[str, ...]) -> str:
    for o in options:
        if o.casefold() == value.casefold():
            return o
    return value
