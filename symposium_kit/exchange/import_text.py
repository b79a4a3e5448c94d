"""Turn a plain-text symposium into a debate folder ready to annotate.

``symposium-kit import TEXT -o DIR`` keeps the text verbatim as ``source.txt``
and writes a ``debate.yaml`` with the participants it detected, the layout it
read, and empty sections (with comments) for the annotator to fill. The
result passes ``symposium-kit validate`` at once.

Layouts read: an editors' introduction (optionally signed, e.g. "—The
Editors"); a separator line (``Comments``, ``Responses``…) or none; each
contribution headed by the name on its own line (optionally followed by an
affiliation line) or by ``Name:`` at the start of its first paragraph;
paragraphs one per line or separated by blank lines; CRLF line ends; a
byte-order mark; straight or curly quotes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..debate.layout import SEPARATORS, Contributor, Layout, looks_like_name, segment, split_lines
from ..debate.load import validate_debate

MAX_TEXT_BYTES = 5_000_000
_INLINE = re.compile(r"^\ufeff?\s*([A-Z][\w'’.\- ]{2,60}?):\s+\S")
_AFFILIATION_WORDS = re.compile(
    r"\b(University|Institute|Professor|Director|Fellow|Center|Centre|Council|School|"
    r"Foundation|Society|Former|Senior|Editor|President|Chair|College|Group)\b|,"
)


class ImportProblem(ValueError):
    """The text could not be imported; the message says why and what to do."""


@dataclass
class Detected:
    """What the importer read from a text."""

    layout: Layout
    editors: bool
    contributors: list[Contributor]
    notes: list[str] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file's text, or an :class:`ImportProblem` for empty, binary or non-UTF-8 input."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportProblem(f"{path}: the file is empty")
    if len(raw) > MAX_TEXT_BYTES:
        raise ImportProblem(f"{path}: the file is too large ({len(raw):,} bytes)")
    if b"\x00" in raw:
        raise ImportProblem(
            f"{path}: this looks like a binary file (it holds NUL bytes), not plain text"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportProblem(
            f"{path}:{line}: not UTF-8 text; save it as UTF-8 and try again"
        ) from exc


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines as (index, stripped text)."""
    return [
        (i, ln.strip(" \t\r\ufeff"))
        for i, (_, _, ln) in enumerate(split_lines(text))
        if ln.strip(" \t\r\ufeff")
    ]


def detect(text: str, names: list[str] | None = None) -> Detected:
    """Read the layout and the contributors of a symposium text.

    Parameters
    ----------
    text
        The symposium's text.
    names
        The contributors' names, when the layout is ambiguous; each must
        head a section (on its own line or as ``Name:``).

    Raises
    ------
    ImportProblem
        When no contribution is found, or a line may be a name or a heading
        and ``names`` is not given (the message lists the lines).

    Examples
    --------
    >>> d = detect("Intro?\\nComments\\nAnn Lee\\nI think so, and here is why it matters.\\n"
    ...            "Bo Chan\\nI do not, for a reason.")
    >>> [c.name for c in d.contributors], d.layout.separator
    (['Ann Lee', 'Bo Chan'], 'Comments')
    """
    lines = _content_lines(text)
    separator = next((s for _, s in lines if s in SEPARATORS), None)
    sep_index = next((i for i, s in lines if s == separator), -1) if separator else -1
    after = [(i, s) for i, s in lines if i > sep_index]

    if names:
        return _with_names(text, names, separator, lines)

    inline = [
        (i, m.group(1).strip())
        for i, s in after
        if (m := _INLINE.match(s)) and looks_like_name(m.group(1))
    ]
    heads = [(k, i, s) for k, (i, s) in enumerate(after) if looks_like_name(s)]
    notes: list[str] = []
    if len(heads) < 2 and len(inline) >= 2:
        contributors = _unique_ids([Contributor(_slug(n, set()), n) for _, n in inline])
        layout = Layout(separator, "inline", _paragraph_style(text))
        notes.append(f"contributions headed 'Name:' ({len(inline)} found)")
        return Detected(layout, _has_intro(lines, inline[0][0]), contributors, notes)

    contributors = []
    ambiguous: list[str] = []
    k = 0
    while k < len(heads):
        pos, i, name = heads[k]
        nxt = after[pos + 1][1] if pos + 1 < len(after) else ""
        affiliation = ""
        directly_below = pos + 1 < len(after) and after[pos + 1][0] == i + 1
        if nxt and directly_below and _is_short(nxt) and pos + 2 < len(after):
            if looks_like_name(nxt) and not _AFFILIATION_WORDS.search(nxt):
                ambiguous.append(f"line {i + 1} {name!r} and line {after[pos + 1][0] + 1} {nxt!r}")
            else:
                affiliation = nxt
        if not nxt:
            ambiguous.append(f"line {i + 1} {name!r} (nothing follows it)")
        contributors.append(Contributor("", name, affiliation))
        k += (
            2 if k + 1 < len(heads) and heads[k + 1][0] == pos + 1 else 1
        )  # skip a name-like second line
    raw = [ln.strip(" \t\r\ufeff") for _, _, ln in split_lines(text)]
    blocks = _paragraph_style(text) == "blocks"
    for i, s in after:
        # In a blank-line layout a short line inside a wrapped paragraph is text, not a heading.
        alone = (i == 0 or not raw[i - 1]) and (i + 1 >= len(raw) or not raw[i + 1])
        if blocks and not alone:
            continue
        if (
            _is_short(s)
            and not looks_like_name(s)
            and s not in {c.affiliation for c in contributors}
        ):
            ambiguous.append(f"line {i + 1} {s!r} (a heading or a name?)")
    if ambiguous:
        raise ImportProblem(
            "the layout is ambiguous: these short lines may be names or headings: "
            + "; ".join(ambiguous)
            + '. Say who the contributors are with --names "First Last, First Last, ..."'
        )
    if len(contributors) < 1:
        raise ImportProblem(
            "no contributions found: expected each to start with the contributor's name on its own "
            'line, or with "Name:" at the start of its first paragraph; or give --names'
        )
    contributors = _unique_ids(contributors)
    first = next(i for _, i, s in heads if s == contributors[0].name)
    layout = Layout(separator, "line", _paragraph_style(text))
    notes.append(f"contributions headed by a name line ({len(contributors)} found)")
    return Detected(layout, _has_intro(lines, first), contributors, notes)


def _with_names(
    text: str, names: list[str], separator: str | None, lines: list[tuple[int, str]]
) -> Detected:
    texts = {s for _, s in lines}
    contributors, style, first = [], None, None
    for name in names:
        on_line = name in texts
        inline = any(s.startswith(name + ":") for _, s in lines)
        if not (on_line or inline):
            raise ImportProblem(
                f"--names: {name!r} heads no section (neither a line of its own nor 'Name:')"
            )
        this = "line" if on_line else "inline"
        if style and style != this:
            raise ImportProblem(
                "--names: some names stand on their own line and others open a paragraph"
            )
        style = this
        idx = next(i for i, s in lines if s == name or s.startswith(name + ":"))
        first = idx if first is None else min(first, idx)
        contributors.append(Contributor("", name))
    layout = Layout(separator, style or "line", _paragraph_style(text))
    return Detected(
        layout,
        _has_intro(lines, first or 0),
        _unique_ids(contributors),
        ["names given with --names"],
    )


def _is_short(s: str) -> bool:
    return len(s.split()) <= 8 and s[-1:] not in '.?!”"'


def _has_intro(lines: list[tuple[int, str]], first_heading: int) -> bool:
    return any(i < first_heading and s not in SEPARATORS for i, s in lines)


def _paragraph_style(text: str) -> str:
    """``blocks`` when blank lines, rather than line ends, separate the paragraphs.

    Blank gaps between text are counted against pairs of adjacent text lines
    (names excepted): a text with one paragraph per line and a stray blank
    line stays ``lines``.
    """
    raw = [ln.strip(" \t\r\ufeff") for _, _, ln in split_lines(text)]
    gaps = sum(1 for a, b in zip(raw, raw[1:], strict=False) if a and not b)
    adjacent = sum(
        1
        for a, b in zip(raw, raw[1:], strict=False)
        if a and b and not looks_like_name(a) and a not in SEPARATORS
    )
    return "blocks" if gaps >= 2 and gaps > adjacent else "lines"


def _slug(name: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    base = words[-1] if words else "contributor"
    slug = base if base not in taken else "-".join(words) or base
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unique_ids(contributors: list[Contributor]) -> list[Contributor]:
    taken: set[str] = {"editors"}
    out = []
    for c in contributors:
        pid = _slug(c.name, taken)
        taken.add(pid)
        out.append(Contributor(pid, c.name, c.affiliation))
    return out


def _question(text: str, detected: Detected) -> str | None:
    """The first question of the editors' last paragraph that asks any, if it is unique in the text."""
    if not detected.editors:
        return None
    sections = segment(text, detected.layout, "editors", detected.contributors)
    for para in reversed(sections.paragraphs.get("editors", ())):
        found = re.findall(r"[^.?!]*\?", para.text)
        if found:
            q = found[0].strip()
            if para.text.count(q) == 1 and len(q) >= 3:
                return q
    return None


def _yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _bundled_rubric_yaml() -> str:
    """The bundled debate's rubric section, reused as a starting point."""
    text = (
        resources.files("symposium_kit") / "data" / "debates" / "trump-china-2025" / "debate.yaml"
    ).read_text(encoding="utf-8")
    start = text.index("\nrubric:") + 1
    end = text.find("\nreference_scores:", start)
    return text[start:end].rstrip() + "\n"


def render_yaml(
    debate_id: str,
    title: str,
    url: str | None,
    detected: Detected,
    question: str | None,
    source_name: str,
) -> str:
    """The text of a new ``debate.yaml`` for an imported symposium."""
    lay = detected.layout
    out = [
        "# Made by `symposium-kit import`. Fill in the sections below; every `quote`",
        "# must be copied verbatim from the source text and lie in the section of the",
        "# participant it is attributed to. Check with `symposium-kit validate DIR`.",
        "schema_version: 1",
        f"id: {debate_id}",
        f"title: {_yaml_str(title)}",
        "",
        "source:",
        f"  file: {source_name}",
        f"  title: {_yaml_str(title)}",
    ]
    if url:
        out.append(f"  url: {_yaml_str(url)}")
    out += [
        "  # publisher: ...",
        "  # year: ...",
        "",
        "layout:",
        f"  separator: {_yaml_str(lay.separator) if lay.separator else 'null'}",
        f"  headings: {lay.headings}",
        f"  paragraphs: {lay.paragraphs}",
        "",
    ]
    if question:
        out += ["question:", "  participant: editors", f"  quote: {_yaml_str(question)}", ""]
    out.append("participants:")
    if detected.editors:
        out += ["  - id: editors", "    name: The Editors", "    role: editors"]
    for c in detected.contributors:
        out += [f"  - id: {c.id}", f"    name: {_yaml_str(c.name)}", "    role: contributor"]
        if c.affiliation:
            out.append(f"    affiliation: {_yaml_str(c.affiliation)}")
    out += [
        "",
        "stance_scale:  # edit the labels to fit the editors' question",
        "  - {value: -2, label: strongly no}",
        "  - {value: -1, label: mostly no}",
        "  - {value: 0, label: neither}",
        "  - {value: 1, label: mostly yes}",
        "  - {value: 2, label: strongly yes}",
        "",
        "# One per contributor:",
        "#   - participant: <id>",
        "#     stance: <a value of the scale>",
        "#     framing: accepts | rejects | reframes",
        "#     summary: <one sentence>",
        "#     quotes: [{quote: <exact words>}]",
        "positions: []",
        "",
        "# - id: <participant>.<slug>",
        "#   participant: <id>",
        "#   role: thesis | reason | concession | rebuttal | recommendation | qualification | implication",
        "#   text: <the claim in one sentence>",
        "#   quote: <exact words>",
        "#   supports: [<claim ids>]",
        "#   attacks: [<claim ids>]",
        "#   evidence: [<evidence ids>]",
        "claims: []",
        "",
        "# - id: <slug>",
        "#   kind: event | statistic | quotation | anecdote | authority | historical_comparison | deadline",
        "#   summary: <what it is>",
        "#   citations:",
        "#     - {participant: <id>, quote: <exact words>, use: <for which conclusion>, supports: [<claim ids>]}",
        "evidence: []",
        "",
        "# - id: <participant>.<slug>",
        "#   participant: <id>",
        "#   quote: <exact words>",
        "#   statement: <a restatement that can be resolved true or false>",
        "#   horizon: <as stated, or 'none stated'>",
        "#   hedge: <the words that carry the confidence>",
        "#   resolution: {outcome: null, source: null, reported: null, note: null}",
        "predictions: []",
        "",
        "# - id: <slug>",
        "#   date: <as the text gives it>",
        "#   sort_key: 'YYYY-MM-DD'",
        "#   description: <what happened>",
        "#   evidence: [<evidence ids>]",
        "events: []",
        "",
        "# The rubric below is the kit's rubric for expert commentary; adapt it if needed.",
        _bundled_rubric_yaml().rstrip(),
        "",
        "reference_scores: []",
        "",
    ]
    return "\n".join(out)


@dataclass
class ImportResult:
    folder: Path
    detected: Detected
    paragraphs: dict[str, int]
    question: str | None


def import_text(
    text_file: str | Path,
    out_dir: str | Path,
    title: str | None = None,
    url: str | None = None,
    names: list[str] | None = None,
    force: bool = False,
) -> ImportResult:
    """Import a plain-text symposium into a new debate folder.

    Parameters
    ----------
    text_file
        The symposium as UTF-8 text.
    out_dir
        The debate folder to create (``source.txt`` and ``debate.yaml``).
    title, url
        The source's title (default: from the file name) and address.
    names
        The contributors' names, when the layout is ambiguous.
    force
        Write into an existing non-empty folder.

    Raises
    ------
    ImportProblem
        With a message that says what is wrong and what to do.
    """
    src = Path(text_file)
    if not src.is_file():
        raise ImportProblem(f"{src}: no such file")
    text = read_text(src)
    detected = detect(text, names)
    sections = segment(
        text, detected.layout, "editors" if detected.editors else None, detected.contributors
    )
    empty = [c.name for c in detected.contributors if not sections.paragraphs.get(c.id)]
    if empty:
        raise ImportProblem(
            f"no text found for: {', '.join(empty)}; check the names (--names) or the layout"
        )
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not force:
        raise ImportProblem(f"{out} exists and is not empty; choose a new folder or pass --force")
    out.mkdir(parents=True, exist_ok=True)
    title = title or src.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    debate_id = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "debate"
    (out / "source.txt").write_bytes(src.read_bytes())
    question = _question(text, detected)
    (out / "debate.yaml").write_text(
        render_yaml(debate_id, title, url, detected, question, "source.txt"), encoding="utf-8"
    )
    problems = validate_debate(out)
    if problems:  # a bug in the importer, not in the user's text: say so plainly
        raise ImportProblem(
            "the imported folder does not validate:\n" + "\n".join(str(p) for p in problems)
        )
    return ImportResult(
        out, detected, {k: len(v) for k, v in sections.paragraphs.items()}, question
    )
