"""Shared fixtures: every test runs against a private, throw-away home."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from backwalk_tui.paths import Locations, locate

# Hypothesis times each example against a deadline (200 ms), and the making
# of the first ones (too_slow): on a crowded machine a process held off the
# processor for a moment fails either, whatever the code does. Tests here
# check results, not speed, so neither is wanted anywhere.
settings.register_profile("backwalk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("backwalk")

# The suite runs on every core (pytest-xdist, `-n auto --dist loadgroup` in
# pyproject.toml). Tests that drive real processes on real terminals in real
# time share the group "real-terminals": one worker runs them one after the
# other while the rest spread over the other workers, so they never starve
# each other of the processor.
#
# pytest-xdist sets COLUMNS and LINES in its workers; an app started on a pty
# of its own would take them for its size and ignore the pty's.
for _variable in ("COLUMNS", "LINES"):
    os.environ.pop(_variable, None)

#: The layers in the order their tests are handed out, slowest first. xdist
#: hands tests to the workers in the order collected: a worker that draws a
#: 30 s test last keeps the others waiting, one that draws a core test does not.
SLOWEST_FIRST = ("robust", "e2e", "app", "test_quality.py", "cli", "core")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent

    def layer(item: pytest.Item) -> int:
        if not item.path.is_relative_to(tests):
            return 0
        part = item.path.relative_to(tests).parts[0]
        return SLOWEST_FIRST.index(part) if part in SLOWEST_FIRST else 0

    items.sort(key=layer)  # stable: each file's tests keep their order


@pytest.fixture(autouse=True)
def a_desktop_that_keeps_the_screen_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs as on a desktop where the screen can be kept on.

    wakepy's own switch: its fake method succeeds before any real one is
    tried, so no test holds a real inhibitor on a developer's desktop, and
    the screens look the same on every machine. Tests of a machine without
    a desktop (tests/test_screen_on.py) switch it off.
    """
    monkeypatch.setenv("WAKEPY_FAKE_SUCCESS", "1")
    monkeypatch.delenv("WAKEPY_FORCE_FAILURE", raising=False)


@pytest.fixture(autouse=True)
def sound_that_nobody_hears(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app plays its tones for real, in real time, to miniaudio's null output.

    The whole playback path runs, and no test makes a sound on a developer's
    machine; tests of another output set BACKWALK_AUDIO themselves.
    """
    monkeypatch.setenv("BACKWALK_AUDIO", "null")


@pytest.fixture(autouse=True)
def toasts_that_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A toast stays up until the app takes it down itself, however slow the machine.

    Toasts go after 5-15 s of real time, and a test on a loaded machine may
    read the screen later than that: a test that looks for a toast must not
    depend on how fast it runs. The app's own clearing (`clear_notifications`,
    held notices) still works; only the clock's part is taken out.
    """
    from textual import notifications
    from textual.widgets import _toast

    started = notifications.time()
    monkeypatch.setattr(notifications, "time", lambda: started)
    monkeypatch.setattr(_toast.Toast, "_on_mount", lambda self, event: None)


@pytest.fixture
def no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    """No desktop session to ask, for real: no D-Bus session bus, as over SSH or on CI."""
    monkeypatch.delenv("WAKEPY_FAKE_SUCCESS", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh BACKWALK_HOME; HOME and the XDG dirs point inside tmp too.

    Nothing a test does can reach the real home directory, and no real
    editor is ever opened (VISUAL/EDITOR are unset unless a test sets them).
    """
    root = tmp_path / "backwalk-home"
    root.mkdir()
    monkeypatch.setenv("BACKWALK_HOME", str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return root


@pytest.fixture
def locations(home: Path) -> Locations:
    """Where backwalk keeps its files inside `home`."""
    return locate()


@pytest.fixture
def app_factory(locations: Locations):
    """`support.make_app` over the test's home; each app's history is closed afterwards."""
    from support import make_app

    apps = []

    def build(**options):
        app = make_app(locations, **options)
        apps.append(app)
        return app

    yield build
    for app in apps:
        if app.history is not None:  # a stop signal closes it itself
            app.history.close()


@pytest.fixture
def clock():
    """The fake monotonic clock the app under test runs on: it moves when a test says."""
    from support import FakeClock

    return FakeClock()


FAKE_EDITOR = """\
import sys
from pathlib import Path

*edits, target = sys.argv[1:]
with open(Path(__file__).with_name("editor.log"), "a", encoding="utf-8") as log:
    log.write(target + "\\n")
path = Path(target)
text = path.read_text(encoding="utf-8")
for old, new in zip(edits[::2], edits[1::2]):
    if old not in text:
        sys.exit(f"fake editor: {old!r} not found")
    text = text.replace(old, new)
path.write_text(text, encoding="utf-8")
"""


@pytest.fixture
def editor(tmp_path: Path):
    """An editor command that replaces text: editor('old', 'new') -> the command line."""
    script = tmp_path / "tools" / "fake_editor.py"
    script.parent.mkdir()
    script.write_text(FAKE_EDITOR, encoding="utf-8")

    def command(*edits: str) -> str:
        return shlex.join([sys.executable, str(script), *edits])

    command.log = script.with_name("editor.log")
    return command


@pytest.fixture
def shared_home(home):
    """A home `nobody` can reach (pytest's tmp folders are root's alone), owned by it."""
    import shutil
    import tempfile

    from support import TWO_STEPS, package_out_of_reach, write_preset

    from backwalk_tui import safety

    if (why := package_out_of_reach()) is not None:
        pytest.skip(why)
    root = Path(tempfile.mkdtemp(prefix="backwalk-ro-"))
    root.chmod(0o755)
    where = Locations(config_dir=root / "config", data_dir=root / "data")
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    safety.accept_disclaimer(where)
    yield where
    shutil.rmtree(root, ignore_errors=True)
