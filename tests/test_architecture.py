"""Dependency rules from architecture.md that a linter cannot see."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "puskesos_desktop"


def _modules_outside_gui() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts
        if "gui" in parts or "migrations" in parts or parts[-1] == "__main__":
            continue
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_nothing_outside_gui_loads_qt() -> None:
    modules = _modules_outside_gui()
    assert "puskesos_desktop.services.setup" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _top_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules.append(node.module or "")
    return modules


def test_i18n_needs_only_the_standard_library_at_import() -> None:
    """Domain rules raise translated messages, so ``i18n`` must stay as light as domain."""
    for module in _top_level_imports(PACKAGE / "i18n.py"):
        assert module == "__future__" or module.split(".")[0] in sys.stdlib_module_names, module


def test_domain_uses_only_the_standard_library() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                allowed = module.startswith("puskesos_desktop.domain") or module in {
                    "__future__",
                    "puskesos_desktop.i18n",  # gettext ``_()`` only, see the test above
                }
                top = module.split(".")[0]
                assert allowed or top in sys.stdlib_module_names, f"{path.name}: {module}"
