"""Check a student's answer against an exercise: pure logic, no display, never raises.

:func:`check_answer` returns a :class:`Feedback` record saying whether the
answer is correct, partly right (and which part), wrong (with the exercise's
message for that likely mistake, if any), of the wrong kind (``invalid``,
saying what kind of answer is expected), not answered yet, or recorded (open
text, not graded).
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..debate.model import Debate
from .catalog import Exercise

_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check.

    ``right`` and ``wrong`` name the parts of the answer that are right and
    wrong (as the student can read them); ``missing`` counts what is still
    missing, without saying what it is.
    """

    exercise: str
    result: str
    message: str
    right: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    missing: int = 0
    answer: Any = None

    @property
    def headline(self) -> str:
        """A short label for the result, e.g. ``'Correct'``."""
        return {
            "correct": "Correct",
            "partly": "Partly right",
            "wrong": "Not yet right",
            "unanswered": "Not answered yet",
            "invalid": "Not the kind of answer expected",
            "recorded": "Saved",
        }.get(self.result, self.result)


def json_answer(answer: Any) -> Any:
    """The answer as plain JSON data, for the work file and the notebook.

    Examples
    --------
    >>> json_answer(("a", {"x": 1.0}, {3, 1}, ...))
    ['a', {'x': 1.0}, [1, 3], None]
    >>> json_answer(object())
    '<object>'
    """
    if answer is None or answer is Ellipsis:
        return None
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, int):  # past 4,300 digits str() and json.dumps() raise
        return int(answer) if abs(answer) < 10**4000 else "<a whole number too long to show>"
    if isinstance(answer, float):
        return answer if math.isfinite(answer) else str(answer)
    if isinstance(answer, str):
        return answer[:MAX_TEXT]
    if isinstance(answer, (list, tuple)):
        return [json_answer(a) for a in answer[:200]]
    if isinstance(answer, (set, frozenset)):
        items = [json_answer(a) for a in answer]
        return sorted(items, key=lambda v: (str(type(v)), str(v)))[:200]
    if isinstance(answer, dict):
        return {str(k): json_answer(v) for k, v in list(answer.items())[:200]}
    if isinstance(answer, (Decimal, numbers.Rational)):  # Decimal("0.7"), Fraction(7, 10)
        value = float(answer)
        return value if math.isfinite(value) else str(answer)
    if hasattr(answer, "item") and callable(answer.item):  # numpy scalars
        try:
            return json_answer(answer.item())
        except Exception:  # noqa: BLE001 - anything odd is shown by its type name
            pass
    return f"<{type(answer).__name__}>"


# -- names -----------------------------------------------------------------


# Per-debate tables that every check would otherwise rebuild, keyed by the debate
# object's id (the debate is kept alongside, so an id is never reused while cached).
_per_debate: dict[tuple[str, int], tuple[Debate, Any]] = {}


def _memo(kind: str, debate: Debate, make: Callable[[Debate], Any]) -> Any:
    hit = _per_debate.get((kind, id(debate)))
    if hit is not None and hit[0] is debate:
        return hit[1]
    if len(_per_debate) > 32:  # a long session that loads many debates
        _per_debate.clear()
    value = make(debate)
    _per_debate[(kind, id(debate))] = (debate, value)
    return value


def _punctuation_folded(debate: Debate) -> str:
    """The source text with curly quotes and dashes made plain (computed once per debate)."""
    return _memo("text", debate, lambda d: d.source.text.translate(_PUNCT))


def name_keys(debate: Debate) -> dict[str, str]:
    """Every accepted spelling of a participant (case-folded) -> participant id.

    Ids, full names, short names, last names, and first + last names. Built once
    per debate; the returned mapping is shared, so do not change it.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> keys = name_keys(load_debate())
    >>> keys["roach"], keys["stephen roach"], keys["stephen s. roach"]
    ('roach', 'roach', 'roach')
    """
    return _memo("names", debate, _build_name_keys)


def _build_name_keys(debate: Debate) -> dict[str, str]:
    """The table :func:`name_keys` returns, built afresh."""
    out: dict[str, str] = {}
    for p in debate.participants:
        words = p.name.replace(".", " ").split()
        forms = [p.id, p.name, p.short_name]
        if p.role == "contributor" and words:
            forms += [words[-1], f"{words[0]} {words[-1]}"]
        else:
            forms += [p.name.removeprefix("The ").strip()]
        for f in forms:
            if f:
                out.setdefault(" ".join(f.casefold().split()), p.id)
    return out


def resolve_name(debate: Debate, text: str) -> str | None:
    """The participant id a student means by ``text``, or None."""
    key = " ".join(str(text).casefold().replace("_", " ").split())
    keys = name_keys(debate)
    return keys.get(key) or keys.get(key.replace(".", " ").replace("  ", " "))


def suggest_name(debate: Debate, text: str, allowed: tuple[str, ...] = ()) -> str | None:
    """A participant's display name close to ``text`` (for "did you mean ...?")."""
    keys = name_keys(debate)
    if allowed:
        keys = {k: v for k, v in keys.items() if v in allowed}
    close = difflib.get_close_matches(str(text).casefold().strip(), list(keys), n=1, cutoff=0.6)
    return debate.participant(keys[close[0]]).label if close else None


def _suggest_option(text: str, options: tuple[str, ...]) -> str | None:
    folded = {o.casefold(): o for o in options}
    close = difflib.get_close_matches(str(text).casefold().strip(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


# -- the check -------------------------------------------------------------


class _Invalid(Exception):
    """The answer is not of the kind expected; the message says what is expected."""


def expected_kind(ex: Exercise, debate: Debate | None = None) -> str:
    """What kind of answer an exercise expects, in words a student reads."""
    noun = "contributor names" if ex.names else "options"
    one = "a contributor's name" if ex.names else "one of the options"
    if ex.kind == "single_choice":
        return f'{one}, as text in quotes, e.g. answer = "..."'
    if ex.kind == "multiple_choice":
        return f'a list of {noun}, e.g. answer = ["...", "..."]'
    if ex.kind == "ordering":
        what = "contributor names" if ex.names else "items"
        n = len(ex.options)
        return f'a list of all {n} {what} in order, each once, e.g. answer = ["...", "...", ...]'
    if ex.kind == "matching":
        labels = [label for label, _ in ex.items] or sorted(ex.key)
        value = "a contributor's name" if ex.names else "one of the values listed"
        return (
            f"a dictionary that gives each of {', '.join(repr(x) for x in labels)} {value}, "
            f'e.g. answer = {{{labels[0]!r}: "...", ...}}'
        )
    if ex.kind == "numeric":
        return "a number, e.g. answer = 3"
    if ex.kind == "short_text":
        return 'a few sentences of text in quotes, e.g. answer = "..."'
    if ex.kind == "quote":
        who = debate.participant(ex.participant).label if debate else ex.participant
        return f"words copied exactly from {who}'s text, in quotes (at least {ex.min_words} words)"
    return "an answer"


def is_unanswered(answer: Any) -> bool:
    """True for ``...`` and None: the placeholder of an exercise not yet done."""
    return answer is Ellipsis or answer is None


def _is_empty(answer: Any) -> bool:
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        return len(answer) == 0
    return False


def check_answer(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    """Check ``answer`` against exercise ``ex``; never raises.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> from symposium_kit.exercises.catalog import Exercise
    >>> d = load_debate()
    >>> ex = Exercise("demo.who", "demo", "multiple_choice", "Who?", key=("cutler", "mann"),
    ...               options=tuple(p.id for p in d.contributors), names=True)
    >>> check_answer(ex, ["Cutler", "James Mann"], d).result
    'correct'
    >>> fb = check_answer(ex, ["cutler", "roach"], d)
    >>> fb.result, fb.right, fb.wrong, fb.missing
    ('partly', ('Cutler',), ('Roach',), 1)
    >>> print(check_answer(ex, ["Cutlr"], d).message)  # doctest: +ELLIPSIS
    'Cutlr' is not a contributor of this debate: did you mean 'Cutler'? Expected: a list of ...
    >>> check_answer(ex, ..., d).result
    'unanswered'
    """
    try:
        plain = json_answer(answer)
    except Exception:  # noqa: BLE001 - e.g. a self-referencing list, a key whose str() raises
        plain = None
    try:
        if is_unanswered(answer):
            return Feedback(
                ex.id,
                "unanswered",
                f"Write your answer in place of ... : {expected_kind(ex, debate)}.",
            )
        if _is_empty(answer):
            return Feedback(
                ex.id,
                "unanswered",
                f"Your answer is empty. Expected: {expected_kind(ex, debate)}.",
                answer=plain,
            )
        fb = _CHECKERS[ex.kind](ex, answer, debate)
        return Feedback(ex.id, fb.result, fb.message, fb.right, fb.wrong, fb.missing, plain)
    except _Invalid as exc:
        return Feedback(
            ex.id, "invalid", f"{exc} Expected: {expected_kind(ex, debate)}.", answer=plain
        )
    except Exception as exc:  # noqa: BLE001 - a check must never raise into a notebook
        return Feedback(
            ex.id,
            "invalid",
            f"This answer could not be checked ({type(exc).__name__}). "
            f"Expected: {expected_kind(ex, debate) if ex else 'an answer'}.",
            answer=plain,
        )


def _rule_message(ex: Exercise, normalized: Any) -> str:
    for rule in ex.feedback:
        when = rule.when
        if ex.kind == "ordering" and isinstance(when, list) and isinstance(normalized, list):
            group = {x.casefold(): g for g, grp in enumerate(ex.key) for x in grp}
            if [group.get(str(w).casefold(), -1) for w in when] == [
                group[n.casefold()] for n in normalized
            ]:
                return rule.say
        elif isinstance(when, list) and ex.kind == "multiple_choice":
            if sorted(str(w).casefold() for w in when) == sorted(
                str(n).casefold() for n in normalized
            ):
                return rule.say
        elif isinstance(when, list) and isinstance(normalized, list):
            if [str(w).casefold() for w in when] == [str(n).casefold() for n in normalized]:
                return rule.say
        elif isinstance(when, (int, float)) and isinstance(normalized, (int, float)):
            if within(normalized, when, ex.tolerance):
                return rule.say
        elif isinstance(when, dict) and isinstance(normalized, dict):
            if all(
                str(normalized.get(k, "")).casefold() == str(v).casefold() for k, v in when.items()
            ):
                return rule.say
        elif str(when).casefold() == str(normalized).casefold():
            return rule.say
    return ""


def _label(ex: Exercise, debate: Debate, value: str) -> str:
    if ex.names:
        try:
            return debate.participant(value).label
        except KeyError:
            return value
    return value


def _show(value: Any, limit: int = 60) -> str:
    """A short, safe repr of part of an answer, for a message.

    Examples
    --------
    >>> _show("word " * 30)
    "'word word word word word word word word word word word ...'"
    >>> _show(object())
    '<object>'
    """
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - an odd object is named by its type
        return f"<{type(value).__name__}>"
    if " at 0x" in text:
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _one_item(ex: Exercise, debate: Debate, value: Any, allowed: tuple[str, ...]) -> str:
    """Normalize one item of an answer to an option (or participant id), or raise _Invalid."""
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not ex.names:
            value = str(value)
        else:
            what = "a name" if ex.names else "an option"
            raise _Invalid(
                f"{_show(value)} is {type(value).__name__}, not text: write {what} in quotes."
            )
    if ex.names:
        pid = resolve_name(debate, value)
        if pid is None or (allowed and pid not in allowed):
            guess = suggest_name(debate, value, allowed)
            if pid is not None:
                raise _Invalid(f"{debate.participant(pid).label!r} is not one of the choices here.")
            tip = f": did you mean {guess!r}?" if guess else "."
            raise _Invalid(f"{_show(value)} is not a contributor of this debate{tip}")
        return pid
    for o in allowed:
        if " ".join(o.casefold().split()) == " ".join(value.casefold().split()):
            return o
    guess = _suggest_option(value, allowed)
    tip = f" Did you mean {guess!r}?" if guess else ""
    raise _Invalid(f"{_show(value)} is not one of the options.{tip}")


def _as_list(answer: Any) -> list:
    if isinstance(answer, str):
        return [answer]
    if isinstance(answer, (list, tuple, set, frozenset)):
        return list(answer)
    if hasattr(answer, "tolist"):
        return list(answer.tolist())
    raise _Invalid(f"Your answer is {type(answer).__name__}, not a list.")


def _check_single(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    if isinstance(answer, (list, tuple, set)):
        if len(answer) != 1:
            raise _Invalid("This exercise has one answer, not a list.")
        answer = list(answer)[0]
    value = _one_item(ex, debate, answer, ex.options)
    if value == ex.key:
        return Feedback(ex.id, "correct", f"{_label(ex, debate, value)!r} is right.")
    say = _rule_message(ex, value)
    msg = say or "That is not the answer. Ask for a hint if you are stuck."
    return Feedback(ex.id, "wrong", msg, wrong=(_label(ex, debate, value),))


def _check_multiple(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    items = [_one_item(ex, debate, a, ex.options) for a in _as_list(answer)]
    chosen = list(dict.fromkeys(items))
    key = set(ex.key)
    right = [c for c in chosen if c in key]
    wrong = [c for c in chosen if c not in key]
    missing = len(key - set(chosen))
    lab = lambda xs: tuple(_label(ex, debate, x) for x in xs)  # noqa: E731
    if not wrong and not missing:
        everyone = "Both are right." if len(key) == 2 else f"All {len(key)} are right."
        return Feedback(ex.id, "correct", everyone, right=lab(right))
    say = _rule_message(ex, sorted(chosen))
    parts = []
    if right:
        parts.append(f"Right: {', '.join(lab(right))}.")
    if wrong:
        parts.append(f"{'Does' if len(wrong) == 1 else 'Do'} not belong: {', '.join(lab(wrong))}.")
    if missing:
        parts.append(f"{missing} more to find.")
    result = "partly" if right else "wrong"
    lead = "Partly right. " if right else "Not yet. "
    msg = lead + " ".join(parts) + (f" {say}" if say else "")
    return Feedback(ex.id, result, msg, right=lab(right), wrong=lab(wrong), missing=missing)


def event_aliases(debate: Debate, options: tuple[str, ...]) -> dict[str, str]:
    """Evidence id -> event id, for events among ``options`` whose evidence names them.

    The timeline orders events (``h20-reversal``) while lesson 03's tables
    speak of the evidence items of the same facts (``chip-ban-reversal``);
    either id is accepted for the event.

    Examples
    --------
    >>> from symposium_kit import load_debate
    >>> event_aliases(load_debate(), ("h20-reversal",))["chip-ban-reversal"]
    'h20-reversal'
    """
    events = {e.id: e for e in debate.events}
    found: dict[str, list[str]] = {}
    for o in options:
        if o in events:
            for ev_id in events[o].evidence:
                found.setdefault(ev_id, []).append(o)
    return {k: v[0] for k, v in found.items() if len(v) == 1 and k not in options}


def _check_ordering(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    aliases = event_aliases(debate, ex.options)
    given = _as_list(answer)
    given = [
        aliases.get(" ".join(a.casefold().split()), a) if isinstance(a, str) else a for a in given
    ]
    items = [_one_item(ex, debate, a, ex.options) for a in given]
    n = len(ex.options)
    if len(set(items)) != len(items):
        dup = [_label(ex, debate, x) for x in items if items.count(x) > 1][0]
        raise _Invalid(f"{dup!r} appears more than once.")
    if len(items) != n:
        raise _Invalid(f"Your list has {len(items)} item(s); the order needs all {n}.")
    group_of = {x: g for g, grp in enumerate(ex.key) for x in grp}
    # The places each group may occupy.
    spans, pos = {}, 0
    for g, grp in enumerate(ex.key):
        spans[g] = range(pos, pos + len(grp))
        pos += len(grp)
    right = [x for i, x in enumerate(items) if i in spans[group_of[x]]]
    wrong = [x for x in items if x not in right]
    lab = lambda xs: tuple(_label(ex, debate, x) for x in xs)  # noqa: E731
    if not wrong:
        return Feedback(ex.id, "correct", "The order is right.", right=lab(right))
    say = _rule_message(ex, items)
    if right:
        msg = (
            f"Partly right. {len(right)} of {n} are in a right place: {', '.join(lab(right))}. "
            f"Not yet: {', '.join(lab(wrong))}."
        )
    else:
        msg = "Not yet. None of the items is in a right place."
    if say:
        msg += f" {say}"
    return Feedback(ex.id, "partly" if right else "wrong", msg, right=lab(right), wrong=lab(wrong))


def _check_matching(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    if not isinstance(answer, dict):
        raise _Invalid(f"Your answer is {type(answer).__name__}, not a dictionary.")
    labels = {str(k).casefold(): k for k in ex.key}
    given: dict[str, str] = {}
    for k, v in answer.items():
        label = labels.get(str(k).strip().casefold())
        if label is None and isinstance(k, str) and (named := resolve_name(debate, k)):
            # items labelled by contributor may be named any way a name is accepted
            label = labels.get(debate.participant(named).label.casefold())
        if label is None:
            raise _Invalid(f"{_show(k)} is not one of the items to match.")
        if ex.names:
            everyone = tuple(p.id for p in debate.participants)
            given[label] = _one_item(ex, debate, v, everyone)
        elif ex.options:
            given[label] = _one_item(ex, debate, v, ex.options)
        else:
            given[label] = str(v)
    right = [k for k in ex.key if k in given and _same(given[k], ex.key[k])]
    wrong = [k for k in ex.key if k in given and not _same(given[k], ex.key[k])]
    missing = len([k for k in ex.key if k not in given])
    if not wrong and not missing:
        return Feedback(
            ex.id,
            "correct",
            "Both matches are right."
            if len(ex.key) == 2
            else f"All {len(ex.key)} matches are right.",
            right=tuple(right),
        )
    say = _rule_message(ex, given)
    parts = []
    if right:
        parts.append(f"Right: {', '.join(right)}.")
    if wrong:
        parts.append(f"Not yet right: {', '.join(wrong)}.")
    if missing:
        parts.append(f"{missing} item(s) not matched yet.")
    msg = (
        ("Partly right. " if right else "Not yet. ") + " ".join(parts) + (f" {say}" if say else "")
    )
    return Feedback(
        ex.id,
        "partly" if right else "wrong",
        msg,
        right=tuple(right),
        wrong=tuple(wrong),
        missing=missing,
    )


def _same(a: str, b: str) -> bool:
    return " ".join(str(a).casefold().split()) == " ".join(str(b).casefold().split())


def _decimal(value: Any) -> Decimal:
    """A real number as the decimal a person wrote: 0.8 is exactly 8/10, not 0.8000000000000000444."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def within(answer: Any, key: Any, tolerance: Any) -> bool:
    """Whether ``answer`` is ``key`` give or take ``tolerance``, bounds included exactly.

    The numbers are compared as the decimals they are written as, so that no
    binary rounding moves an answer on the bound to the wrong side.

    Examples
    --------
    >>> within(0.8, 0.7, 0.1), within(0.6, 0.7, 0.1), within(0.601, 0.7, 0.1)
    (True, True, True)
    >>> within(0.065, 0.07, 0.005), within(0.249, 0.25, 0.001), within(0.2489, 0.25, 0.001)
    (True, True, False)
    """
    return abs(_decimal(answer) - _decimal(key)) <= _decimal(tolerance)


def _real(answer: Any) -> Any:
    """A real-number answer as int, float, Fraction or Decimal; _Invalid for anything else."""
    if hasattr(answer, "item") and not isinstance(answer, (str, bytes)):
        try:
            answer = answer.item()  # numpy scalars
        except Exception:  # noqa: BLE001
            pass
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, Decimal)):
        what = "text" if isinstance(answer, str) else type(answer).__name__
        raise _Invalid(f"Your answer is {what}, not a number (write it without quotes).")
    if isinstance(answer, Decimal):
        if not answer.is_finite():
            raise _Invalid("Your answer is not a finite number.")
    elif not math.isfinite(float(answer)):
        raise _Invalid("Your answer is not a finite number.")
    return answer


def _shown(answer: Any) -> str:
    """A number as a student typed it (Fraction(1, 2) as 1/2, Decimal('0.5') as 0.5)."""
    return str(answer)


def _check_numeric(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    answer = _real(answer)
    note = ""
    if 0 < float(ex.key) < 1 and "probability" in ex.prompt and 1 < answer <= 100:
        # as record_forecasts does: a probability above 1 is read as a percentage
        note = f"(read {_shown(answer)} as a percentage: {answer / 100:g}) "
        answer = answer / 100
    if within(answer, ex.key, ex.tolerance):
        return Feedback(ex.id, "correct", f"{note}{_shown(answer)} is right.")
    if note:
        say = _rule_message(ex, float(answer))
        direction = "too high" if answer > float(ex.key) else "too low"
        return Feedback(ex.id, "wrong", note + (say or f"Not yet: {answer:g} is {direction}."))
    say = _rule_message(ex, float(answer))
    direction = "too high" if _decimal(answer) > _decimal(ex.key) else "too low"
    return Feedback(ex.id, "wrong", say or f"Not yet: {_shown(answer)} is {direction}.")


def real_words(text: str) -> list[str]:
    """The words of ``text``, leaving out ellipses and bare punctuation (``...``, ``…``, ``-``).

    Examples
    --------
    >>> real_words("shifting ... ... … -- it")
    ['shifting', 'it']
    """
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def _check_short_text(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    if not isinstance(answer, str):
        raise _Invalid(f"Your answer is {type(answer).__name__}, not text.")
    words = len(real_words(answer))
    plural = "s" if words != 1 else ""
    msg = f"{words} word{plural}. Your instructor reads this answer; it is not graded here."
    if ex.min_words and words < ex.min_words:
        msg += f" A fuller answer would use at least {ex.min_words} words."
    return Feedback(ex.id, "recorded", msg)


def find_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``; an ellipsis (``...`` or ``…``) in the quote skips words.

    The parts around an ellipsis must come in order within one paragraph (line).

    Examples
    --------
    >>> find_span("We agree. To be sure, it is late.\\nNext.", "To be sure ... late.")
    (10, 33)
    >>> find_span("We agree.\\nTo be sure, it is late.", "agree ... late") is None
    True
    """
    parts = [p.strip() for p in re.split(r"\.\.\.|…", quote) if p.strip()]
    if not parts:
        return None
    start = text.find(parts[0])
    while start >= 0:
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        pos, ok = start + len(parts[0]), True
        for part in parts[1:]:
            j = text.find(part, pos)
            if j < 0 or j + len(part) > line_end:
                ok = False
                break
            pos = j + len(part)
        if ok:
            return start, pos
        start = text.find(parts[0], start + 1)
    return None


def _check_quote(ex: Exercise, answer: Any, debate: Debate) -> Feedback:
    if not isinstance(answer, str):
        raise _Invalid(f"Your answer is {type(answer).__name__}, not text.")
    quote = " ".join(answer.strip().strip("\"'“”‘’").split()).translate(_PUNCT)
    n_words = len(real_words(quote))
    if n_words < ex.min_words:
        raise _Invalid(f"Your quote has {n_words} word(s) of the text.")
    who = debate.participant(ex.participant)
    text = _punctuation_folded(debate)
    span = find_span(text, quote)
    if span is None:
        low = find_span(text.casefold(), quote.casefold())
        tip = " (check capital letters)" if low is not None else ""
        return Feedback(
            ex.id,
            "wrong",
            f"These words are not found in the text exactly as written{tip}: copy and paste them "
            f"from {who.label}'s text.",
            wrong=("not verbatim",),
        )
    at, end = span
    speaker = debate.participant_at(at)
    if speaker != who.id:
        other = debate.participant(speaker).label if speaker else "no one"
        return Feedback(
            ex.id,
            "wrong",
            f"These words are by {other}, not {who.label}.",
            wrong=("not by " + who.label,),
        )
    for claim in debate.claims_by(who.id, ex.role):
        a = claim.anchor
        same_para = text.rfind("\n", 0, at) == text.rfind("\n", 0, a.start)
        gap = max(a.start - end, at - a.end, 0)
        if (at < a.end and a.start < end) or (same_para and gap <= ex.near):
            return Feedback(
                ex.id,
                "correct",
                f"Yes: these are {who.label}'s words, where {who.label} makes a {ex.role}.",
                right=("verbatim", f"by {who.label}", ex.role),
            )
    return Feedback(
        ex.id,
        "partly",
        f"Partly right. These are {who.label}'s exact words, but not where {who.label} makes a "
        f"{ex.role}. "
        + (
            f"Look for a place where {who.label} grants a point before going on."
            if ex.role == "concession"
            else "Ask for a hint if you are stuck."
        ),
        right=("verbatim", f"by {who.label}"),
        wrong=(ex.role,),
    )


_CHECKERS = {
    "single_choice": _check_single,
    "multiple_choice": _check_multiple,
    "ordering": _check_ordering,
    "matching": _check_matching,
    "numeric": _check_numeric,
    "short_text": _check_short_text,
    "quote": _check_quote,
}
