"""Test helpers shared by the UI tests: a fake clock and an app factory."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from textual.notifications import Notification, Notifications

from backwalk_tui import safety
from backwalk_tui.history import History
from backwalk_tui.paths import Locations
from backwalk_tui.presets import load_catalog
from backwalk_tui.settings import Settings
from backwalk_tui.ui.app import BackwalkApp


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class SilentSpeaker:
    """Records what would have been spoken."""

    def __init__(self) -> None:
        self.said: list[str] = []
        #: How long after being asked each phrase was to be spoken (after its tone).
        self.after: list[float] = []

    available = True

    def say(self, text: str, *, after: float = 0.0) -> None:
        self.said.append(text)
        self.after.append(after)

    def stop(self) -> None:
        pass


#: Real seconds a test waits for a state before it fails: far more than a
#: loaded machine needs, since a wait ends as soon as the state is there.
PATIENCE = 30.0


async def until(pilot, condition: Callable[[], bool], what: str, seconds: float = PATIENCE) -> None:
    """Let the app run until `condition()` holds: a wait for a state, never for a time.

    `pilot.pause()` alone lets the app handle what is queued now; what that
    sets off (a resize laid out after Textual's own short timer) may come
    later on a loaded machine.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"after {seconds:g} s, still not {what}")
        await pilot.pause()


class KeptNotifications(Notifications):
    """An app's notifications, each kept in `made` once shown, after its toast has gone."""

    def __init__(self) -> None:
        super().__init__()
        self.made: list[Notification] = []

    def add(self, notification: Notification) -> KeptNotifications:
        self.made.append(notification)
        return super().add(notification)


def keep_notifications(app: BackwalkApp) -> BackwalkApp:
    """From now on, keep every notification `app` shows, for `said(app)`."""
    app._notifications = KeptNotifications()
    return app


def said(app: BackwalkApp) -> list[Notification]:
    """Every notification `app` showed, in order, whether or not it still shows.

    Its toast leaves `app._notifications` once its timeout has passed in real
    seconds, which a loaded machine can let pass before the test looks.
    """
    return app._notifications.made


def write_preset(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


NO_LEAD_IN = Settings(lead_in=0)

TWO_STEPS = """\
name = "Two steps"
checklist = []

[[segment]]
kind = "forward"
duration = 2

[[segment]]
kind = "backward"
duration = 3
"""


def make_app(
    where: Locations,
    *,
    preset: str | None = None,
    settings: Settings | None = NO_LEAD_IN,
    accepted: bool = True,
    clock: FakeClock | None = None,
    speaker: object | None = None,
    wall_clock: object | None = None,
    **options: object,
) -> BackwalkApp:
    """The app as `backwalk` builds it, over the files under `where`.

    Settings default to no lead-in; pass `settings=None` to read config.toml.
    """
    if accepted:
        safety.accept_disclaimer(where)
    catalog = load_catalog(where.presets_dir)
    chosen = catalog.get(preset) if preset else None
    if preset and chosen is None:
        from backwalk_tui.presets import find_preset

        chosen = find_preset(catalog, preset)
    app = BackwalkApp(
        where,
        catalog=catalog,
        preset=chosen,
        history=History(where.database),
        settings=settings,  # None: read config.toml, as the real app does
        clock=clock or FakeClock(),
        speaker=speaker,
        check_delay=0,  # the editor checks at once: no test waits for a timer
        **({"wall_clock": wall_clock} if wall_clock else {}),
        **options,
    )
    return keep_notifications(app)


def fill_the_disk(monkeypatch) -> None:
    """From now on, flushing a file to disk fails as on a full disk (ENOSPC)."""
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)


def shown_whole(screen, widget) -> bool:
    """On screen in full: not scrolled out of view, cut off, or under a footer."""
    geometry = screen.find_widget(widget)
    inside = geometry.clip.contains_region(geometry.region)
    return widget.display and geometry.region.area > 0 and inside


def toasts(app) -> list[str]:
    """Each toast on the screen now, title and message, as the walker reads it."""
    from textual.widgets._toast import Toast  # Textual's own; tests only read it

    return [str(toast.render()) for toast in app.screen.query(Toast)]


def said_once(app: BackwalkApp) -> list[str]:
    """What the app said, each once: a notice up as a session starts is shown again after it."""
    return list(dict.fromkeys(f"{n.title}: {n.message}" for n in said(app)))


# ------------------------------------------------- as a user permissions bind

#: The user `nobody`: as root (CI), file permissions bind only another user.
NOBODY = 65534


@contextlib.contextmanager
def as_ordinary_user():
    """Run the body as a user whom file permissions bind (root they do not)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def give_to_ordinary_user(root: Path) -> None:
    if os.geteuid() == 0:
        for path in [root, *root.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)


def package_out_of_reach() -> str | None:
    """Why `nobody` cannot read backwalk's own files, or None when it can.

    Tests that switch to `nobody` in-process need the package (its presets,
    its stylesheet) readable by it: a checkout under a private folder (root's
    home, a 0700 temporary folder) is not.
    """
    import backwalk_tui

    stylesheet = Path(backwalk_tui.__file__).parent / "ui" / "app.tcss"
    with as_ordinary_user():
        try:
            stylesheet.read_bytes()
        except PermissionError:
            return (
                f"the user nobody cannot read {stylesheet}: put the checkout where others can read"
            )
    return None
