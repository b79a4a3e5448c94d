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
_SERIES = re.compile(
    r"\b(Conversation|Symposium|Roundtable|Round Table|Forum|Debate|Dialogue|Exchange|"
    r"Discussion|Colloquy|Panel)s?\b"
)
_SIGNATURE = re.compile(r"^(?:(?:[—–―]|--?\s)\s*\S.{0,50}|The Editors)$")  # —The Editors
_AFFILIATION_WORDS = re.compile(
    r"\b(University|Institute|Professor|Director|Fellow|Center|Centre|Council|School|"
    r"Foundation|Society|Former|Senior|Editor|President|Chair|College|Group)\b|,"
)


class ImportProblem(ValueError):
    """The text could not be imported; the message says why and what to do."""


@dataclass
class _Front:
    """The lines before the introduction (title, series) and the editors' signature."""

    title: str | None = None
    series: str | None = None
    signature: str | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(x for x in (self.title, self.series, self.signature) if x)


@dataclass
class Detected:
    """What the importer read from a text."""

    layout: Layout
    editors: bool
    contributors: list[Contributor]
    notes: list[str] = field(default_factory=list)
    front: _Front = field(default_factory=_Front)

    @property
    def title(self) -> str | None:
        """The title line above the introduction, if there is one."""
        return self.front.title

    @property
    def series(self) -> str | None:
        """The series line above the introduction ("A ChinaFile Conversation"), if any."""
        return self.front.series


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


def _head_name(s: str) -> str | None:
    """The name on a heading line, ``Ann Lee`` or ``Ann Lee:``; None if it is not one."""
    bare = s[:-1].rstrip() if s.endswith(":") else s
    return bare if looks_like_name(bare) else None


def _inline_name(s: str) -> str | None:
    """The name of a paragraph that opens with ``Name: text``."""
    head, colon, rest = s.partition(":")
    if colon and rest[:1].isspace() and rest.strip() and looks_like_name(head):
        return head.strip()
    return None


def _title_cased(s: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", s)
    long = [w for w in words if len(w) >= 4]
    return len(words) <= 16 and len(long) >= 2 and all(w[0].isupper() for w in long)


def _front(lines: list[tuple[int, str]], separator: str | None) -> _Front:
    """Find a title and a series line at the top, and a signature line in the introduction."""
    front = _Front()
    head = [s for _, s in lines[:3]]
    k = next(
        (j for j, s in enumerate(head) if _SERIES.search(s) and len(s.split()) <= 8),
        None,
    )
    if k is not None and head[k][-1:] not in ".!:;,":
        front.series = head[k]
        if k == 1 and _titleish(head[0]):
            front.title = head[0]
        elif (
            k == 0
            and len(head) > 1
            and _titleish(head[1])
            and _title_cased(head[1])
            and not looks_like_name(head[1])  # a contributor's name when there is no introduction
        ):
            front.title = head[1]
    elif head and _titleish(head[0]) and _title_cased(head[0]) and not looks_like_name(head[0]):
        if len(lines) > 1:
            front.title = head[0]
    intro_end = next((j for j, (_, s) in enumerate(lines) if s == separator), len(lines))
    for _, s in lines[:intro_end]:
        if _SIGNATURE.match(s) and len(s.split()) <= 6 and s not in (front.title, front.series):
            front.signature = s
            break
    return front


def _titleish(s: str) -> bool:
    return len(s.split()) <= 20 and s[-1:] not in ".!:;,"


def detect(text: str, names: list[str] | None = None) -> Detected:
    """Read the layout and the contributors of a symposium text.

    Parameters
    ----------
    text
        The symposium's text.
    names
        The contributors' names, when the layout is ambiguous; each must
        head a section (on its own line, as ``Name:`` on its own line, or as
        ``Name:`` opening a paragraph).

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
    >>> d = detect("A Small Question\\nA Town Conversation\\nWhat now?\\n—The Editors\\n"
    ...            "Ann Lee:\\nYes, at once.\\nŁukasz Nowak:\\nNo, not yet.")
    >>> d.title, d.series, d.layout.skip_lines, [c.id for c in d.contributors]
    ('A Small Question', 'A Town Conversation', ('A Small Question', 'A Town Conversation', '—The Editors'), ['lee', 'nowak'])
    """
    lines = _content_lines(text)
    separator = next((s for _, s in lines if s in SEPARATORS), None)
    sep_index = next((i for i, s in lines if s == separator), -1) if separator else -1
    front = _front(lines, separator)
    skip = set(front.lines)
    after = [(i, s) for i, s in lines if i > sep_index and s not in skip]

    if names:
        return _with_names(text, names, separator, lines, front)

    inline = [(i, n) for i, s in after if (n := _inline_name(s))]
    heads = [(k, i, n) for k, (i, s) in enumerate(after) if (n := _head_name(s))]
    raw = [ln.strip(" \t\r\ufeff") for _, _, ln in split_lines(text)]
    notes: list[str] = []
    if len(heads) < 2 and len(inline) >= 2:
        contributors = _unique_ids([Contributor(_slug(n, set()), n) for _, n in inline])
        structural = skip | ({separator} if separator else set())
        layout = Layout(separator, "inline", _paragraph_style(raw, structural), front.lines)
        notes.append(f"contributions headed 'Name:' ({len(inline)} found)")
        return Detected(layout, _has_intro(lines, inline[0][0], skip), contributors, notes, front)

    contributors = []
    ambiguous: list[str] = []
    affiliations: set[int] = set()
    k = 0
    while k < len(heads):
        pos, i, name = heads[k]
        nxt = after[pos + 1][1] if pos + 1 < len(after) else ""
        affiliation = ""
        directly_below = pos + 1 < len(after) and after[pos + 1][0] == i + 1
        if nxt and directly_below and _affiliation_like(nxt) and pos + 2 < len(after):
            if _head_name(nxt) and not _AFFILIATION_WORDS.search(nxt):
                ambiguous.append(f"line {i + 1} {name!r} and line {after[pos + 1][0] + 1} {nxt!r}")
            else:
                affiliation = nxt
                affiliations.add(after[pos + 1][0])
        if not nxt:
            ambiguous.append(f"line {i + 1} {name!r} (nothing follows it)")
        contributors.append(Contributor("", name, affiliation))
        k += (
            2 if k + 1 < len(heads) and heads[k + 1][0] == pos + 1 else 1
        )  # skip a name-like second line
    head_lines = {i for _, i, _ in heads}
    structural = skip | ({separator} if separator else set())
    structural |= {raw[i] for i in head_lines | affiliations}
    blocks = _paragraph_style(raw, structural) == "blocks"
    for i, s in after:
        # In a blank-line layout a short line inside a wrapped paragraph is text, not a heading.
        alone = (i == 0 or not raw[i - 1]) and (i + 1 >= len(raw) or not raw[i + 1])
        if blocks and not alone:
            continue
        if _is_short(s) and i not in head_lines and i not in affiliations:
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
    first = next(i for _, i, n in heads if n == contributors[0].name)
    layout = Layout(separator, "line", "blocks" if blocks else "lines", front.lines)
    notes.append(f"contributions headed by a name line ({len(contributors)} found)")
    return Detected(layout, _has_intro(lines, first, skip), contributors, notes, front)


def _with_names(
    text: str,
    names: list[str],
    separator: str | None,
    lines: list[tuple[int, str]],
    front: _Front,
) -> Detected:
    texts = {s for _, s in lines}
    contributors, style, first = [], None, None
    for name in names:
        on_line = name in texts or name + ":" in texts
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
    raw = [ln.strip(" \t\r\ufeff") for _, _, ln in split_lines(text)]
    structural = set(front.lines) | set(names) | {n + ":" for n in names}
    if separator:
        structural.add(separator)
    layout = Layout(separator, style or "line", _paragraph_style(raw, structural), front.lines)
    return Detected(
        layout,
        _has_intro(lines, first or 0, set(front.lines)),
        _unique_ids(contributors),
        ["names given with --names"],
        front,
    )


_ENDS = '.?!:;”"’)'


def _is_short(s: str) -> bool:
    return len(s.split()) <= 8 and s[-1:] not in '.?!”"'


def _affiliation_like(s: str) -> bool:
    """A line that may describe the person named above it (no sentence ends it)."""
    return len(s.split()) <= 16 and s[-1:] not in '.?!”"'


def _has_intro(lines: list[tuple[int, str]], first_heading: int, skip: set[str]) -> bool:
    return any(i < first_heading and s not in SEPARATORS and s not in skip for i, s in lines)


def _paragraph_style(raw: list[str], structural: set[str]) -> str:
    """``blocks`` when blank lines, rather than line ends, separate the paragraphs.

    ``raw`` are the text's stripped lines; ``structural`` the lines that are
    not text (names, affiliations, the separator, a title...). A sentence that
    runs on over a line end, in a text with a blank line, means wrapped
    paragraphs; otherwise blank gaps after text are counted against pairs of
    adjacent text lines: a text with one paragraph per line and a stray blank
    line stays ``lines``.
    """
    pairs = list(zip(raw, raw[1:], strict=False))
    gaps = sum(1 for a, b in pairs if a and not b)
    text = [(a, b) for a, b in pairs if a and b and a not in structural and b not in structural]
    wrapped = sum(1 for a, b in text if a[-1] not in _ENDS and b[0].islower())
    if gaps >= 1 and wrapped:  # a sentence runs on over a line end: paragraphs are wrapped
        return "blocks"
    return "blocks" if gaps >= 2 and gaps > len(text) - wrapped else "lines"


_LATIN = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
        "Ħ": "H",
        "ħ": "h",
        "Ŋ": "N",
        "ŋ": "n",
    }
)  # letters that NFKD does not decompose into an ASCII letter and a mark


def _ascii_words(s: str) -> list[str]:
    """``s`` as lower-case ASCII words: ``Łukasz Nowak`` gives ``['lukasz', 'nowak']``."""
    plain = unicodedata.normalize("NFKD", s.translate(_LATIN)).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", plain.lower())


def _slug(name: str, taken: set[str]) -> str:
    words = _ascii_words(name)
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


_YAML_PLAIN = re.compile(r"[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _yaml_str(s: str) -> str:
    """``s`` as a double-quoted YAML scalar that reads back exactly (line ends included).

    Examples
    --------
    >>> _yaml_str('No')
    '"No"'
    >>> _yaml_str('who\\r\\nwould "pay"?\\ufeff')
    '"who\\\\r\\\\nwould \\\\"pay\\\\"?\\\\ufeff"'
    """
    out = []
    for ch in s:
        if ch in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[ch])
        elif ch == "\ufeff" or not _YAML_PLAIN.match(ch):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


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
        f"id: {_yaml_str(debate_id)}",
        f"title: {_yaml_str(title)}",
        "",
        "source:",
        f"  file: {_yaml_str(source_name)}",
        f"  title: {_yaml_str(title)}",
    ]
    if detected.series:
        out.append(f"  series: {_yaml_str(detected.series)}")
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
    ]
    if lay.skip_lines:
        out.append("  skip_lines:  # the title, series line and signature: nobody's paragraphs")
        out += [f"    - {_yaml_str(line)}" for line in lay.skip_lines]
    out.append("")
    if question:
        out += ["question:", '  participant: "editors"', f"  quote: {_yaml_str(question)}", ""]
    out.append("participants:")
    if detected.editors:
        out += ['  - id: "editors"', '    name: "The Editors"', "    role: editors"]
    for c in detected.contributors:
        out += [
            f"  - id: {_yaml_str(c.id)}",
            f"    name: {_yaml_str(c.name)}",
            "    role: contributor",
        ]
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
    title = (
        title
        or detected.title
        or src.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        or "Imported symposium"
    )
    debate_id = "-".join(_ascii_words(title))[:60].strip("-") or "debate"
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
