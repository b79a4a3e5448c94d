"""An axe-core accessibility audit of a notebook's outputs in the real JupyterLab page.

axe-core comes from npm, pinned in ``axe/package.json`` and its lock file, and is
installed into ``axe/node_modules/`` (git-ignored) by :func:`axe_script` when
missing (``npm ci``, as the Argdown tests install their tool chain). The script
is injected into the page once; :func:`audit_outputs` runs ``axe.run`` on the
kit's outputs only (the ``.jp-OutputArea-output`` elements of one notebook's
panel, not JupyterLab's own chrome), and :func:`serious_violations` keeps the
violations of impact ``serious`` or ``critical``, one line per element.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_script() -> str:
    """The text of ``axe.min.js``, installed from the lock file first when missing.

    Without npm the browser tests cannot audit: under ``CI=true`` that fails,
    elsewhere the audit is skipped with the reason.
    """
    import pytest

    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            reason = "npm is needed to install axe-core for the accessibility audit"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true but {reason}", pytrace=False)
            pytest.skip(reason)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=AXE_DIR,
            check=True,
            timeout=300,
        )
    return AXE_JS.read_text(encoding="utf-8")


# axe.run on the notebook's outermost output elements (nested outputs are inside them)
_AUDIT_JS = """async (path) => {
  const app = window.jupyterapp;
  const w = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
  if (!w) return null;
  const outs = [...w.node.querySelectorAll('.jp-OutputArea-output')]
    .filter(o => !o.parentElement.closest('.jp-OutputArea-output'));
  if (!outs.length) return {outputs: 0, violations: []};
  document.querySelectorAll('[data-symposium-axe]').forEach(n => n.removeAttribute('data-symposium-axe'));
  outs.forEach(o => o.setAttribute('data-symposium-axe', ''));
  const result = await window.axe.run(
    {include: ['[data-symposium-axe]']}, {resultTypes: ['violations']});
  return {
    outputs: outs.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({impact: n.impact, target: n.target.join(' '),
                                html: n.html.slice(0, 200), summary: n.failureSummary || ''})),
    })),
  };
}"""


@dataclass
class Violation:
    """One element that breaks one axe rule."""

    rule: str
    impact: str
    target: str
    help: str
    html: str
    summary: str

    def __str__(self) -> str:
        return (
            f"{self.rule} ({self.impact}) at {self.target}: {self.help}\n"
            f"    {self.html}\n    {self.summary.replace(chr(10), ' ')[:300]}"
        )


def audit_outputs(page: Any, path: str, script: str) -> tuple[int, list[Violation]]:
    """Run axe-core on the outputs of the open notebook ``path``: (outputs audited, violations)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=script)
    data = page.evaluate(_AUDIT_JS, path)
    if data is None:
        raise AssertionError(f"{path} is not open in JupyterLab")
    found = [
        Violation(
            v["id"],
            n["impact"] or v["impact"] or "",
            n["target"],
            v["help"],
            n["html"],
            n["summary"],
        )
        for v in data["violations"]
        for n in v["nodes"]
    ]
    return data["outputs"], found


def serious_violations(found: list[Violation]) -> list[Violation]:
    """The violations of impact ``serious`` or ``critical``."""
    return [v for v in found if v.impact in SERIOUS]
