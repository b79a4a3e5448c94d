"""The front door: every public name resolves, and importing the package stays light."""

import subprocess
import sys

import symposium_kit


def test_every_name_in_all_resolves_to_an_object_of_the_package():
    for name in symposium_kit.__all__:
        value = getattr(symposium_kit, name)
        if callable(value):
            assert value.__module__.startswith("symposium_kit."), name


def test_an_unknown_name_is_an_attribute_error_naming_it():
    try:
        symposium_kit.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_loads_none_of_its_modules_until_used():
    code = (
        "import sys, symposium_kit; "
        "print(sorted(m for m in sys.modules if m.startswith('symposium_kit.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    code = "import sys; from symposium_kit import load_debate; print('pandas' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
