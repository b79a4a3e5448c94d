"""Load a debate folder (source text + ``debate.yaml``) into a :class:`~symposium_kit.debate.model.Debate`.

Three passes, each reporting ``file:line: field: message`` problems:

1. the YAML is parsed safely, with the line of every key
   (:mod:`symposium_kit.debate.yaml_lines`);
2. it is checked against the shipped JSON Schema (:mod:`symposium_kit.debate.schema`);
3. the source text is read and split into participants' sections
   (:mod:`symposium_kit.debate.layout`), and ids, references and quotes are checked
   against each other and the text (:mod:`symposium_kit.debate.anchoring`).

A pass runs only when the ones before it found nothing, so that every
problem reported is a real one; only when all pass is the typed model built.
Heavy or rarely needed libraries (PyYAML, difflib) are imported
on first use, so that ``import symposium_kit`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..resources import data_dir
from . import model as m
from .compiled import read_compiled, write_compiled
from .problems import DebateError, Problem, field_path
from .yaml_lines import MAX_YAML_BYTES, ParsedYaml, parse_yaml

# The schema, the text's layout and anchoring are imported when a debate is loaded
# the full way (in _load and _Checker), not when its compiled form is used.

ANNOTATION_FILE = "debate.yaml"
BUNDLED_DEBATE = "trump-china-2025"
MAX_SOURCE_BYTES = 5_000_000


def bundled_debate_dir() -> Path:
    """The folder of the debate that ships with the kit.

    Examples
    --------
    >>> (bundled_debate_dir() / "debate.yaml").is_file()
    True
    """
    return data_dir() / "debates" / BUNDLED_DEBATE


def load_debate(path: str | Path | None = None) -> m.Debate:
    """Load and validate a debate.

    Parameters
    ----------
    path
        A debate folder holding ``debate.yaml`` (or the YAML file itself).
        None loads the debate that ships with the kit.

    Raises
    ------
    DebateError
        Listing every problem as ``file:line: field: message``.

    Examples
    --------
    >>> d = load_debate()
    >>> [p.label for p in d.contributors]
    ['McGregor', 'Cutler', 'Hass', 'Mann', 'Roach']
    """
    result = _load(path)
    if result.problems:
        raise DebateError(result.problems)
    assert result.debate is not None
    return result.debate


def validate_debate(path: str | Path | None = None) -> list[Problem]:
    """Every problem in a debate folder (empty when it is valid).

    Examples
    --------
    >>> validate_debate()
    []

    It always checks the full way, never trusting a compiled form.
    """
    return _load(path, use_compiled=False).problems


def resolved_data(path: str | Path | None = None) -> dict:
    """The annotation data with ``start``/``end`` added to every quote.

    It conforms to the shipped schema; ``symposium-kit show --json`` prints it.
    """
    result = _load(path)
    if result.problems:
        raise DebateError(result.problems)
    return result.data


def compile_debate(path: str | Path | None = None) -> Path:
    """Load a debate the full way and write its compiled form beside ``debate.yaml``.

    The compiled form (:mod:`symposium_kit.debate.compiled`) lets later loads of the
    same files skip parsing, the schema and anchoring; it is used only while its
    digest matches the files.

    Returns
    -------
    The path of ``debate.compiled.json``.

    Raises
    ------
    DebateError
        When the debate has problems (nothing is written then).
    """
    folder, yaml_path = _resolve_paths(path)
    result = _load(path, use_compiled=False)
    if result.problems:
        raise DebateError(result.problems)
    assert result.sections is not None
    paragraphs = {
        pid: [[p.index, p.start, p.end] for p in paras]
        for pid, paras in result.sections.paragraphs.items()
    }
    rel = result.data["source"]["file"]
    return write_compiled(
        folder, yaml_path.read_bytes(), rel, (folder / rel).read_bytes(), result.data, paragraphs
    )


@dataclass
class _Result:
    problems: list[Problem]
    debate: m.Debate | None = None
    data: Any = None
    sections: Any = None  # layout.Sections, for compile_debate
    parsed: ParsedYaml | None = None  # the YAML with its lines (for the lint)


@dataclass
class _CompiledSections:
    """The one part of :class:`~symposium_kit.debate.layout.Sections` that the model needs."""

    paragraphs: dict[str, tuple[m.Paragraph, ...]]


def _from_compiled(data: dict, text: str, paragraphs: dict) -> m.Debate:
    sections = _CompiledSections(
        {
            pid: tuple(m.Paragraph(pid, i, a, b, text[a:b]) for i, a, b in triples)
            for pid, triples in paragraphs.items()
        }
    )
    return _build(data, text, sections)


def _resolve_paths(path: str | Path | None) -> tuple[Path, Path]:
    if path is None:
        folder = bundled_debate_dir()
        return folder, folder / ANNOTATION_FILE
    p = Path(path)
    if p.is_dir():
        return p, p / ANNOTATION_FILE
    return p.parent, p


def _load(path: str | Path | None, use_compiled: bool = True) -> _Result:
    folder, yaml_path = _resolve_paths(path)
    yname = str(yaml_path)
    if not yaml_path.is_file():
        if path is not None and not Path(path).exists():
            what = f"no such file or folder: {path}; give a debate folder or its {ANNOTATION_FILE}"
        else:
            what = (
                f"no {yaml_path.name} in {folder}; "
                f"a debate folder holds {ANNOTATION_FILE} and its source text"
            )
        return _Result([Problem(yname, 0, "", what)])
    try:
        size = yaml_path.stat().st_size
        if size > MAX_YAML_BYTES:
            msg = f"file is too large ({size:,} bytes; the limit is {MAX_YAML_BYTES:,})"
            return _Result([Problem(yname, 0, "", msg)])
        raw = yaml_path.read_bytes()
    except OSError as exc:
        return _Result([Problem(yname, 0, "", f"cannot read the file: {exc.strerror or exc}")])
    if use_compiled and (compiled := read_compiled(folder, raw)) is not None:
        data, text, paragraphs = compiled
        return _Result([], _from_compiled(data, text, paragraphs), data)
    from .schema import schema_problems

    parsed = parse_yaml(raw, yname)
    if parsed.problems:  # the YAML itself is wrong: fix that first
        return _Result(parsed.problems)
    data = parsed.data
    if not isinstance(data, dict):
        names: dict[type, str] = {list: "a list", str: "text"}
        kind = names.get(type(data), type(data).__name__)
        msg = f"expected a mapping of sections (schema_version:, id:, ...) at the top, got {kind}"
        return _Result([Problem(yname, 1, "", msg)])

    problems = schema_problems(data, parsed, yname)
    if problems:
        return _Result(problems)

    text, source_problems = _read_source(folder, data, parsed, yname)
    if source_problems:
        return _Result(source_problems)
    checker = _Checker(data, parsed, yname, text)
    checker.run()
    if checker.problems:  # in file order, which is the order to fix them in
        return _Result(sorted(checker.problems, key=lambda p: p.line))
    return _Result(
        [], _build(data, text, checker.sections), data, sections=checker.sections, parsed=parsed
    )


def _read_source(
    folder: Path, data: dict, parsed: ParsedYaml, file: str
) -> tuple[str, list[Problem]]:
    rel = data["source"]["file"]
    line = parsed.line_of(("source", "file"))
    where = "source.file"
    if "\0" in rel or any(ord(ch) < 32 for ch in rel):
        msg = f"{rel!r} holds a control character; give the plain name of the text file"
        return "", [Problem(file, line, where, msg)]
    if len(rel) > 255:
        msg = f"the file name is {len(rel):,} characters long; give the name of the text file"
        return "", [Problem(file, line, where, msg)]
    try:
        target = (folder / rel).resolve(strict=False)
        inside = not Path(rel).is_absolute() and target.is_relative_to(folder.resolve())
        found = target.is_file()
        size = target.stat().st_size if found else 0
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name the system refuses
        why = "a symbolic link that loops" if isinstance(exc, RuntimeError) else exc.strerror
        msg = f"cannot open {rel!r}: {why or exc}; give the name of the text file"
        return "", [Problem(file, line, where, msg)]
    if not inside:
        msg = f"path {rel!r} leaves the debate folder; put the text in the folder and give its name"
        return "", [Problem(file, line, where, msg)]
    if not found:
        return "", [Problem(file, line, where, f"no file {rel!r} in the debate folder {folder}")]
    if size > MAX_SOURCE_BYTES:
        msg = f"{rel} is too large ({size:,} bytes; the limit is {MAX_SOURCE_BYTES:,})"
        return "", [Problem(file, line, where, msg)]
    try:
        raw = target.read_bytes()
    except OSError as exc:
        return "", [Problem(file, line, where, f"cannot read {rel}: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad_line = raw.count(b"\n", 0, exc.start) + 1
        msg = f"the source text is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return "", [Problem(str(folder / rel), bad_line, "", msg)]


class _Checker:
    """Cross-references and quotes; fills ``problems`` and adds offsets to ``data``."""

    def __init__(self, data: dict, parsed: ParsedYaml, file: str, text: str):
        self.data, self.parsed, self.file, self.text = data, parsed, file, text
        self.problems: list[Problem] = []
        self.sections: Any = None  # layout.Sections

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(
            Problem(self.file, self.parsed.line_of(path), field_path(path), message)
        )

    def unique_ids(self, key: str, items: list[dict], id_key: str = "id") -> set[str]:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            ident = item[id_key]
            if ident in seen:
                self.add((key, i, id_key), f"duplicate id {ident!r} (also {key}[{seen[ident]}])")
            seen.setdefault(ident, i)
        return set(seen)

    def refs(self, path: tuple, values: list[str], known: set[str], what: str) -> None:
        for j, v in enumerate(values):
            if v not in known:
                hint = _suggest(v, known)
                self.add(path + (j,), f"unknown {what} {v!r}{hint}")

    def run(self) -> None:
        from . import layout as layout_module

        d = self.data
        people = d["participants"]
        pids = self.unique_ids("participants", people)
        editors = [p["id"] for p in people if p["role"] == "editors"]
        if len(editors) > 1:
            self.add(("participants",), "more than one participant has role 'editors'")

        contributors = [
            layout_module.Contributor(p["id"], p["name"], p.get("affiliation", ""))
            for p in people
            if p["role"] == "contributor"
        ]
        contributor_ids = {c.id for c in contributors}
        lay = d.get("layout", {})
        separator = lay.get("separator", "Comments")
        layout = layout_module.Layout(
            separator,
            lay.get("headings", "line"),
            lay.get("paragraphs", "lines"),
            tuple(lay.get("skip_lines", ())),
        )
        self.sections = layout_module.segment(
            self.text, layout, editors[0] if editors else None, contributors
        )
        heading = (
            "no line {!r} heads"
            if layout.headings == "line"
            else "no paragraph starts with '{}:' in"
        )
        for i, p in enumerate(people):
            if p["id"] in self.sections.missing:
                self.add(
                    ("participants", i, "name"),
                    heading.format(p["name"]) + " a section of the source text",
                )
        if separator is not None and not any(
            h.text.strip(" \t\r\ufeff") == separator for h in self.sections.headings
        ):
            self.add(("layout", "separator"), f"no line {separator!r} in the source text")
        found = {h.text.strip(" \t\r\ufeff") for h in self.sections.headings}
        for i, line in enumerate(layout.skip_lines):
            if line.strip() not in found:
                self.add(
                    ("layout", "skip_lines", i),
                    f"no line {line!r} before the first contribution in the source text",
                )
        self.names = {p["id"]: p["name"] for p in people}

        if "question" in d:
            self.anchor(("question",), d["question"], pids)

        scale = {lv["value"] for lv in d["stance_scale"]}
        if len(scale) != len(d["stance_scale"]):
            self.add(("stance_scale",), "two levels share a value")
        positioned: set[str] = set()
        for i, pos in enumerate(d["positions"]):
            pid = pos["participant"]
            self.participant_ref(
                ("positions", i, "participant"), pid, contributor_ids, "contributor"
            )
            if pid in positioned:
                self.add(("positions", i, "participant"), f"{pid!r} already has a position")
            positioned.add(pid)
            if pos["stance"] not in scale:
                self.add(
                    ("positions", i, "stance"),
                    f"stance {pos['stance']} is not on the scale ({min(scale)} to {max(scale)})",
                )
            for j, q in enumerate(pos["quotes"]):
                self.anchor(("positions", i, "quotes", j), q, pids, pid)

        claim_ids = self.unique_ids("claims", d["claims"])
        evidence_ids = self.unique_ids("evidence", d["evidence"])
        for i, c in enumerate(d["claims"]):
            self.anchor(("claims", i), c, pids)
            for rel in ("supports", "attacks"):
                self.refs(("claims", i, rel), c.get(rel, []), claim_ids, "claim")
                if c["id"] in c.get(rel, []):
                    self.add(("claims", i, rel), f"claim {c['id']!r} {rel} itself")
            self.refs(
                ("claims", i, "evidence"), c.get("evidence", []), evidence_ids, "evidence item"
            )
        for i, e in enumerate(d["evidence"]):
            for j, cit in enumerate(e["citations"]):
                self.anchor(("evidence", i, "citations", j), cit, pids)
                self.refs(
                    ("evidence", i, "citations", j, "supports"),
                    cit.get("supports", []),
                    claim_ids,
                    "claim",
                )
        self.unique_ids("predictions", d["predictions"])
        for i, p in enumerate(d["predictions"]):
            self.anchor(("predictions", i), p, pids)
            res = p["resolution"]
            if res.get("outcome") is not None and not res.get("source"):
                self.add(
                    ("predictions", i, "resolution", "source"), "a resolved forecast needs a source"
                )
        self.unique_ids("events", d["events"])
        for i, ev in enumerate(d["events"]):
            self.refs(("events", i, "evidence"), ev["evidence"], evidence_ids, "evidence item")
        self.check_rubric(contributor_ids, pids)

    def check_rubric(self, contributor_ids: set[str], pids: set[str]) -> None:
        rubric = self.data["rubric"]
        lo, hi = rubric["scale"]["min"], rubric["scale"]["max"]
        if lo >= hi:
            self.add(("rubric", "scale"), f"min ({lo}) must be below max ({hi})")
            return
        if hi - lo > 20:
            self.add(
                ("rubric", "scale"), f"a scale of {hi - lo + 1:,} levels is too wide (at most 21)"
            )
            return
        wanted = {str(v) for v in range(lo, hi + 1)}
        crit_ids = set()
        for i, c in enumerate(rubric["criteria"]):
            if c["id"] in crit_ids:
                self.add(("rubric", "criteria", i, "id"), f"duplicate criterion {c['id']!r}")
            crit_ids.add(c["id"])
            if set(c["levels"]) != wanted:
                self.add(
                    ("rubric", "criteria", i, "levels"),
                    f"levels must be exactly {lo}..{hi}; got {', '.join(sorted(c['levels']))}",
                )
        seen = set()
        for i, r in enumerate(self.data["reference_scores"]):
            self.participant_ref(
                ("reference_scores", i, "participant"),
                r["participant"],
                contributor_ids,
                "contributor",
            )
            if r["criterion"] not in crit_ids:
                self.add(
                    ("reference_scores", i, "criterion"),
                    f"unknown criterion {r['criterion']!r}{_suggest(r['criterion'], crit_ids)}",
                )
            if r["score"] is not None and not lo <= r["score"] <= hi:
                self.add(
                    ("reference_scores", i, "score"), f"score {r['score']} is outside {lo}..{hi}"
                )
            key = (r["participant"], r["criterion"])
            if key in seen:
                self.add(("reference_scores", i), f"a second score for {key[0]} on {key[1]}")
            seen.add(key)
            for j, q in enumerate(r.get("quotes", [])):
                self.anchor(("reference_scores", i, "quotes", j), q, pids, r["participant"])

    def participant_ref(self, path: tuple, pid: str, allowed: set[str], what: str) -> bool:
        if pid not in allowed:
            self.add(path, f"unknown {what} {pid!r}{_suggest(pid, allowed)}")
            return False
        return True

    def anchor(self, path: tuple, item: dict, pids: set[str], inherited: str | None = None) -> None:
        from . import anchoring

        pid = inherited if inherited is not None else item["participant"]
        if inherited is None and not self.participant_ref(
            path + ("participant",), pid, pids, "participant"
        ):
            return
        if pid not in pids or pid in self.sections.missing:
            return  # an unknown participant or a missing heading is reported once, elsewhere
        found = anchoring.find_quote(
            self.text, item["quote"], pid, self.sections, item.get("occurrence"), self.names
        )
        if found.error:
            self.add(path + (found.field,), found.error)
            return
        for key, value in (("start", found.start), ("end", found.end)):
            if key in item and item[key] != value:
                self.add(
                    path + (key,),
                    f"{key} is {item[key]} but the quote {key}s at {value}; "
                    f"remove {key} (the loader adds it)",
                )
        item["start"], item["end"] = found.start, found.end


def _suggest(value: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _anchor(item: dict, pid: str | None = None) -> m.Anchor:
    return m.Anchor(pid or item["participant"], item["quote"], item["start"], item["end"])


def _build(d: dict, text: str, sections: Any) -> m.Debate:
    assert sections is not None
    src = d["source"]
    participants = tuple(
        m.Participant(
            p["id"],
            p["name"],
            p["role"],
            sections.paragraphs.get(p["id"], ()),
            p.get("short_name", ""),
            p.get("affiliation", ""),
        )
        for p in d["participants"]
    )
    rubric = d["rubric"]
    return m.Debate(
        id=d["id"],
        title=d["title"],
        source=m.Source(
            text,
            src["title"],
            src.get("publisher", ""),
            src.get("url", ""),
            src.get("year"),
            src.get("series", ""),
            src.get("note", ""),
        ),
        question=_anchor(d["question"]) if "question" in d else None,
        participants=participants,
        stance_scale=tuple(
            m.StanceLevel(lv["value"], lv["label"], lv.get("description", ""))
            for lv in d["stance_scale"]
        ),
        positions=tuple(
            m.Position(
                p["participant"],
                p["stance"],
                p["framing"],
                p["summary"],
                tuple(_anchor(q, p["participant"]) for q in p["quotes"]),
                p.get("answer", ""),
            )
            for p in d["positions"]
        ),
        claims=tuple(
            m.Claim(
                c["id"],
                c["participant"],
                c["role"],
                c["text"],
                _anchor(c),
                tuple(c.get("supports", ())),
                tuple(c.get("attacks", ())),
                tuple(c.get("evidence", ())),
            )
            for c in d["claims"]
        ),
        evidence=tuple(
            m.Evidence(
                e["id"],
                e["kind"],
                e["summary"],
                tuple(
                    m.Citation(_anchor(c), c["use"], tuple(c.get("supports", ())))
                    for c in e["citations"]
                ),
                e.get("date"),
            )
            for e in d["evidence"]
        ),
        predictions=tuple(
            m.Prediction(
                p["id"],
                p["participant"],
                _anchor(p),
                p["statement"],
                p["horizon"],
                p["hedge"],
                m.Resolution(**p["resolution"]),
                p.get("resolution_criteria", ""),
            )
            for p in d["predictions"]
        ),
        events=tuple(
            m.Event(
                e["id"],
                e["date"],
                e["sort_key"],
                e["description"],
                tuple(e["evidence"]),
                e.get("date_note", ""),
            )
            for e in d["events"]
        ),
        rubric=m.Rubric(
            rubric["scale"]["min"],
            rubric["scale"]["max"],
            tuple(
                m.Criterion(
                    c["id"],
                    c["name"],
                    c["question"],
                    tuple(sorted((int(k), v) for k, v in c["levels"].items())),
                    c.get("why", ""),
                    tuple(c.get("grounded_in", ())),
                    c.get("holistic", False),
                )
                for c in rubric["criteria"]
            ),
            rubric["scale"].get("cannot_judge", "cannot judge"),
        ),
        reference_scores=tuple(
            m.ReferenceScore(
                r["participant"],
                r["criterion"],
                r["score"],
                r["rationale"],
                tuple(_anchor(q, r["participant"]) for q in r.get("quotes", ())),
            )
            for r in d["reference_scores"]
        ),
    )
