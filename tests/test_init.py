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


def test_importing_the_package_loads_only_its_version_until_a_name_is_used():
    code = (
        "import sys, symposium_kit; "
        "print(sorted(m for m in sys.modules if m.startswith('symposium_kit.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['symposium_kit._version']"
    code = "import sys; from symposium_kit import load_debate; print('pandas' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


def test_static_tools_see_exactly_the_names_that_are_loaded_lazily():
    """The TYPE_CHECKING block (what mypy and editors read) and _MODULES (what runs) agree."""
    import ast
    from pathlib import Path

    import symposium_kit

    tree = ast.parse(Path(symposium_kit.__file__).read_text(encoding="utf-8"))
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
    ]
    static: dict[str, list[str]] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, ast.dump(node)
        static.setdefault(str(node.module), []).extend(a.name for a in node.names)
    assert {m: sorted(n) for m, n in static.items()} == {
        m: sorted(n) for m, n in symposium_kit._MODULES.items()
    }


def test_the_cli_reports_the_kits_version():
    from symposium_kit import __version__

    out = subprocess.run(
        [sys.executable, "-m", "symposium_kit", "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == f"symposium-kit {__version__}"
