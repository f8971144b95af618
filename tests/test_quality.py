"""Rules of the codebase that a test can hold: lint, the layers, packaging."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backwalk_tui"


def run_tool(name: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a tool of the test extras (installed beside this Python) from the repository root."""
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert exe, f"{name} is part of the test extras"
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def ruff(*args: str) -> subprocess.CompletedProcess:
    return run_tool("ruff", *args)


def test_ruff_check():
    result = ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_error():
    # No arguments: pyproject's [tool.mypy] says what is checked and how, as
    # when a developer runs `mypy` from the repository root.
    result = run_tool("mypy", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def core_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts)


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_imports_textual(path):
    textual = {m for m in imported_modules(path) if m.split(".")[0] == "textual"}
    # cli.py opens the app through backwalk_tui.ui, never textual directly.
    assert not textual, f"{path.name} imports {textual}"


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_sql_stays_in_the_history_module(path):
    if path.name == "history.py":
        return
    assert ".execute(" not in path.read_text(encoding="utf-8")


def test_subcommands_load_no_textual():
    code = (
        "import sys, backwalk_tui.cli as c;"
        "c.main(['presets', 'list', '--json']);"
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={"BACKWALK_HOME": "/nonexistent-backwalk-home", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "False"


def test_the_wheel_ships_the_stylesheet_and_builtin_presets(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("backwalk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "backwalk_tui/ui/app.tcss" in names
    assert "backwalk_tui/PRESET_FORMAT.md" in names  # what `backwalk presets help` prints
    shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith("backwalk_tui/presets/builtin/")}
    assert shipped == {p.name for p in (ROOT / "presets").glob("*.toml")}
    assert len(shipped) == 7  # the five stages, the 6-week program, balance variety


TESTS = ROOT / "tests"


def suite_files() -> list[Path]:
    """Every Python file of the suite, in every layer folder however deep (not the snapshots)."""
    return sorted(p for p in TESTS.rglob("*.py") if "__snapshots__" not in p.parts)


#: What a test file may import from the suite: the shared helpers. Fixtures
#: come from the conftest files through pytest, never by an import.
SHARED = {"support"}


@pytest.mark.parametrize("path", suite_files(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_file_imports_another(path):
    # pytest puts each test file's folder (and tests/ itself, for conftest) on
    # sys.path, so any file of the suite is importable by its bare name.
    ours = {p.stem for p in suite_files()} | {"tests"}
    wrong = {m for m in imported_modules(path) if m.split(".")[0] in ours - SHARED}
    relative = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert not wrong and not relative, (
        f"{path.relative_to(TESTS)} imports {sorted(wrong)} {len(relative)} relative: "
        "shared helpers go in tests/support.py"
    )
