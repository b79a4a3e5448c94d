"""check / hint / show_exercise in a notebook: what is shown, what is saved, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symposium_kit import load_debate
from symposium_kit.exercises import cells as xd
from symposium_kit.exercises.catalog import collect_exercises
from symposium_kit.work.workfile import read_work

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exercises"


@pytest.fixture
def shown(monkeypatch, tmp_path):
    """Use the fixture exercises and a temporary work file; collect what would be displayed."""
    debate = load_debate()
    broken: dict = {}
    exercises, _ = collect_exercises(debate, folder=FIXTURES, broken=broken)
    monkeypatch.setitem(xd._cache, "state", (debate, exercises, broken))
    monkeypatch.setenv("SYMPOSIUM_KIT_WORK", str(tmp_path / "symposium-work.json"))
    out: list[tuple[str, str, dict]] = []
    monkeypatch.setattr(
        xd, "_emit", lambda plain, md, record=None: out.append((plain, md, record or {}))
    )
    return out


def work(tmp_path):
    return read_work(tmp_path / "symposium-work.json")


def test_check_shows_feedback_and_a_machine_readable_result(shown):
    assert xd.check("demo.truce-days", 90) is None
    plain, md, extra = shown[-1]
    assert "Correct" in plain and "demo.truce-days" in plain
    assert "**Correct**" in md
    assert extra == {
        "exercise": "demo.truce-days",
        "notebook": "00-demo",
        "result": "correct",
        "answer": 90,
        "debate": "trump-china-2025",
    }


def test_result_payload_is_json_and_has_no_clock_or_address(shown):
    xd.check("demo.who-cites-chips", {"Mann"})
    payload = shown[-1][2]
    text = json.dumps(payload)
    assert json.loads(text) == payload
    assert "0x" not in text and ":" not in payload["answer"][0]
    xd.check("demo.who-cites-chips", {"Mann"})
    assert shown[-1][2] == payload  # the same every time


def test_check_records_answer_and_result_in_the_work_file(shown, tmp_path):
    xd.check("demo.stance-order", ["Mann"])
    xd.check("demo.truce-days", 80)
    saved = work(tmp_path)
    assert saved["answers"]["demo.truce-days"] == {
        "answer": 80,
        "result": "wrong",
        "notebook": "00-demo",
    }
    assert saved["answers"]["demo.stance-order"]["result"] == "invalid"
    assert saved["debate"] == "trump-china-2025"


def test_saved_work_survives_a_kernel_restart(shown, tmp_path, monkeypatch):
    xd.check("demo.your-view", "Roach, because he asks the better question.")
    # A restart: the kernel forgets everything it had loaded; only the file remains.
    state = xd._cache["state"]
    xd.reload_exercises()
    assert "state" not in xd._cache
    monkeypatch.setitem(xd._cache, "state", state)
    again = work(tmp_path)["answers"]["demo.your-view"]
    assert again == {
        "answer": "Roach, because he asks the better question.",
        "result": "recorded",
        "notebook": "00-demo",
    }


def test_not_answered_yet_never_replaces_a_saved_answer(shown, tmp_path):
    xd.check("demo.truce-days", 90)
    xd.check("demo.truce-days", ...)
    assert "Not answered yet" in shown[-1][0]
    assert work(tmp_path)["answers"]["demo.truce-days"]["result"] == "correct"


def test_not_answered_yet_is_recorded_when_nothing_was_saved(shown, tmp_path):
    xd.check("demo.truce-days")
    assert work(tmp_path)["answers"]["demo.truce-days"] == {
        "answer": None,
        "result": "unanswered",
        "notebook": "00-demo",
    }


def test_corrupt_work_file_is_kept_aside_and_the_answer_still_saved(shown, tmp_path):
    path = tmp_path / "symposium-work.json"
    path.write_text("{ not json", encoding="utf-8")
    xd.check("demo.truce-days", 90)
    plain = shown[-1][0]
    assert "could not be read" in plain and "This answer is saved" in plain
    backups = list(tmp_path.glob("symposium-work.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "{ not json"
    assert work(tmp_path)["answers"]["demo.truce-days"]["result"] == "correct"


def test_unwritable_work_file_is_reported_not_raised(shown, tmp_path, monkeypatch):
    monkeypatch.setenv("SYMPOSIUM_KIT_WORK", str(tmp_path / "a-file" / "symposium-work.json"))
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    xd.check("demo.truce-days", 90)
    assert "could not be saved" in shown[-1][0] and "Correct" in shown[-1][0]


def test_unknown_exercise_id_gets_a_suggestion(shown):
    xd.check("demo.truce-day", 90)
    assert "There is no exercise 'demo.truce-day'. Did you mean 'demo.truce-days'?" in shown[-1][0]
    xd.check(42, 90)
    assert "exercise id is text" in shown[-1][0]


def test_broken_exercise_is_reported_calmly(shown, monkeypatch):
    debate, exercises, _ = xd._cache["state"]
    monkeypatch.setitem(
        xd._cache, "state", (debate, exercises, {"demo.broken": ["x.yaml:3: kind: bad"]})
    )
    xd.check("demo.broken", 1)
    assert "has a problem in its definition" in shown[-1][0] and "x.yaml:3" in shown[-1][0]


def test_check_never_raises_even_if_the_debate_does_not_load(monkeypatch, capsys):
    def fail():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(xd, "_state", fail)
    xd.check("demo.truce-days", 90)
    xd.hint("demo.truce-days")
    xd.show_exercise("demo.truce-days")
    out = capsys.readouterr().out
    assert out.count("could not be loaded") == 3 and "Traceback" not in out


def test_hint_shows_the_nth_hint_and_says_how_many_there_are(shown, tmp_path):
    xd.hint("demo.who-cites-chips")
    assert "hint 1 of 1, the last one" in shown[-1][0]
    xd.hint("demo.who-cites-chips", 5)
    assert "hint 1 of 1" in shown[-1][0]
    xd.hint("demo.your-view")
    assert "has no hints" in shown[-1][0]


def test_hints_never_contain_the_answer_key(shown):
    debate, exercises, _ = xd._cache["state"]
    for ex in exercises.values():
        for n in range(1, len(ex.hints) + 1):
            xd.hint(ex.id, n)
            text = shown[-1][0]
            if ex.kind == "multiple_choice":
                assert not all(debate.participant(k).label in text for k in ex.key), ex.id
            if ex.kind == "single_choice" and not ex.names:
                assert ex.key not in text, ex.id


def test_show_exercise_shows_id_prompt_options_and_expected_kind(shown):
    xd.show_exercise("demo.who-cites-chips")
    plain, md, _ = shown[-1]
    assert "Exercise demo.who-cites-chips" in plain and "Exercise demo.who-cites-chips" in md
    assert "Which contributors cite" in plain
    assert "Options: McGregor, Cutler, Hass, Mann, Roach" in plain
    assert "a list of contributor names" in plain
    xd.show_exercise("demo.speakers")
    assert "  a: Donald Trump has not gone soft on China." in shown[-1][0]


def test_outside_ipython_messages_are_printed(monkeypatch, tmp_path, capsys):
    debate = load_debate()
    exercises, _ = collect_exercises(debate, folder=FIXTURES)
    monkeypatch.setitem(xd._cache, "state", (debate, exercises, {}))
    monkeypatch.setenv("SYMPOSIUM_KIT_WORK", str(tmp_path / "w.json"))
    xd.check("demo.truce-days", 90)
    assert "Correct (demo.truce-days). 90 is right." in capsys.readouterr().out


# -- the slips ---------------------------------------------------------------------------------


def test_partly_right_is_said_once(shown):
    from symposium_kit.exercises.catalog import load_exercises

    ex = load_exercises()["positions.reframers"]
    plain, md = xd.feedback_text(ex, xd.check_answer(ex, ["Hass"], load_debate()))
    assert plain.count("Partly right") == 1 and md.count("Partly right") == 1
    assert "Right: Hass" in plain


@pytest.fixture
def shell(monkeypatch):
    """A real IPython shell with the kit's handler; what it shows is collected."""
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    tracebacks: list = []
    monkeypatch.setattr(sh, "_showtraceback", lambda et, ev, stb: tracebacks.append(stb))
    emitted: list = []
    monkeypatch.setattr(xd, "_emit", lambda plain, md, record=None: emitted.append(plain))
    assert xd.install_slip_handler(sh)
    yield sh, tracebacks, emitted
    sh.set_custom_exc((), None)


def test_a_forgotten_quote_in_an_exercise_cell_names_the_fix_not_a_traceback(shell):
    sh, tracebacks, emitted = shell
    result = sh.run_cell('answer = Mann\ncheck("positions.reframers", answer)', store_history=True)
    assert isinstance(result.error_in_exec, NameError)  # the cell did fail, and stops Run All
    assert tracebacks == []
    assert len(emitted) == 1
    assert 'answer = "Mann"' in emitted[0] and "quotes" in emitted[0]


def test_a_name_error_elsewhere_keeps_its_traceback(shell):
    sh, tracebacks, emitted = shell
    sh.run_cell("total = undefined_thing + 1", store_history=True)
    assert emitted == []
    assert len(tracebacks) == 1 and "undefined_thing" in "".join(tracebacks[0])
