"""Test helpers shared by the suite: a fake clock, an app factory, records as stored."""

from __future__ import annotations

import contextlib
import errno
import io
import itertools
import os
import stat
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.geometry import Region, Size
from textual.notifications import Notification, Notifications
from textual.screen import Screen
from textual.widgets import Button, Footer

from backwalk_tui import demo, safety
from backwalk_tui.engine import Engine, SessionFinished, StepFinished
from backwalk_tui.history import History, now_local
from backwalk_tui.kinds import KINDS
from backwalk_tui.paths import Locations
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import load_catalog
from backwalk_tui.records import CheckinRecord, SegmentRecord, SessionRecord, SessionStatus
from backwalk_tui.settings import Settings, load_settings
from backwalk_tui.sound.speech import Speaker
from backwalk_tui.ui.app import BackwalkApp, Collaborators
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.disclaimer import DisclaimerScreen
from backwalk_tui.ui.screens.help import HelpScreen
from backwalk_tui.ui.screens.name import NameScreen


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


#: The kinds as a preset's problem lists them: a new kind changes the message, not the tests.
KIND_NAMES = ", ".join(KINDS)

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
    clock: Callable[[], float] | None = None,
    wall_clock: Callable[[], datetime] | None = None,
    sleep_clock: Callable[[], float] | None = None,
    speaker: Speaker | None = None,
    edit_only: Path | None = None,
    checkin: bool = False,
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
    given = Collaborators(
        where,
        settings if settings is not None else load_settings(where.settings_file),
        catalog,
        History(where.database),
        clock=clock or FakeClock(),
        wall_clock=wall_clock or now_local,
        sleep_clock=sleep_clock,
        speaker=speaker,
        check_delay=0,  # the editor checks at once: no test waits for a timer
    )
    app = BackwalkApp(given, preset=chosen, edit_only=edit_only, checkin=checkin)
    return keep_notifications(app)


def with_defaults(factory: Callable[..., BackwalkApp], **defaults: object):
    """`factory` (the `app_factory` fixture) taking `defaults` for the options a test leaves out."""
    return lambda **options: factory(**(defaults | options))


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


# ------------------------------------------------------- the command line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# ------------------------------------------------------- records as stored

#: Each record built here has an id of its own unless a test gives one.
_ids = itertools.count(1)


def session_record(
    started_at: datetime,
    *,
    kinds: dict[str, float] | None = None,
    status: SessionStatus = "completed",
    stage: int | None = None,
    preset: str | None = None,
    active: float | None = None,
    pain_before: int | None = None,
    pain_after: int | None = None,
    stumbles: int | None = 0,
    notes: str = "",
    notices: tuple[str, ...] = (),
    sid: int | None = None,
) -> SessionRecord:
    """A stored session as History returns it: walked as planned, one segment per kind.

    `kinds` maps a kind to its seconds walked, in the order walked (default:
    300 s backward); `active`, the seconds planned and walked, defaults to
    their sum. The preset is named after the stage unless `preset` is given.
    """
    assert started_at.tzinfo is not None, "history always stores an aware time"
    kinds = {"backward": 300.0} if kinds is None else kinds
    segments = tuple(
        SegmentRecord(
            seq=n,
            index=n,
            round=None,
            kind=kind,
            planned_seconds=seconds,
            target_steps=None,
            active_seconds=seconds,
            status="completed",
        )
        for n, (kind, seconds) in enumerate(kinds.items(), start=1)
    )
    total = sum(kinds.values()) if active is None else active
    if preset is None:
        preset = f"Stage {stage}" if stage is not None else "My own walk"
    return SessionRecord(
        id=next(_ids) if sid is None else sid,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=total),
        preset=preset,
        stage=stage,
        status=status,
        planned_seconds=total,
        active_seconds=total,
        pain_before=pain_before,
        pain_after=pain_after,
        stumbles=stumbles,
        notes=notes,
        preset_toml="",
        segments=segments,
        notices=notices,
    )


def checkin_record(
    taken_at: datetime,
    *,
    tug: float | None = 12.0,
    pain: int | None = 5,
    notes: str = "",
    cid: int | None = None,
) -> CheckinRecord:
    """A stored check-in: a Timed Up and Go in seconds and the week's pain, either may be None."""
    assert taken_at.tzinfo is not None, "history always stores an aware time"
    return CheckinRecord(next(_ids) if cid is None else cid, taken_at, tug, pain, notes)


# ------------------------------------------------ sessions walked by hand


def walk_by_hand(
    history: History, preset, started_at: datetime, *, skip_after=None, end_after=None
) -> Engine:
    """Walk `preset` a second at a time, pressing `n` on each step after `skip_after`
    seconds, or quitting after `end_after` seconds; saved as the app saves it.

    Returns the engine, finished, for what the end-of-session summary shows."""
    clock = FakeClock(0.0)
    plan = build_plan(preset)
    engine = Engine(plan, clock)
    sid = history.start_session(
        preset=preset.name, preset_toml=preset.text, stage=preset.stage,
        planned_seconds=plan.estimated_seconds, started_at=started_at,
    )  # fmt: skip
    events, on_step = engine.start(), 0.0
    while True:
        for event in events:
            if isinstance(event, StepFinished):
                on_step = 0.0
                history.record_step(
                    sid, seq=event.seq, step=event.step, active_seconds=event.active_seconds,
                    status=event.status, ended_at=started_at + timedelta(seconds=clock()),
                )  # fmt: skip
            elif isinstance(event, SessionFinished):
                history.finish_session(sid, event.status)
                return engine
        clock.advance(1.0)
        on_step += 1.0
        if end_after is not None and clock() >= end_after:
            events = engine.end("ended_early")
        elif skip_after is not None and on_step >= skip_after:
            events = engine.skip()
        else:
            events = engine.poll()


def history_to_fill(path: Path) -> History:
    """The history at `path`, opened to write a test's made-up past quickly.

    Not durable: its commits do not wait for the disk, as when the benchmarks
    and docs make theirs (a few hundred steps cost seconds on a busy disk).
    What a test checks the app saving goes through the app's own history,
    as durable as the walker's.
    """
    return History(path, durable=False)


def newcomer_history(path) -> list[SessionRecord]:
    """The newcomer trial: one real session, one of 13 s, two skipped through with `n`."""
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    day = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with history_to_fill(path) as history:
        demo.record_session(history, stage1, day, pain_before=4, pain_after=3)
        walk_by_hand(history, stage1, day + timedelta(hours=1), end_after=13)
        walk_by_hand(history, stage1, day + timedelta(hours=2), skip_after=1)
        walk_by_hand(history, stage1, day + timedelta(hours=3), skip_after=2)
        return history.sessions()


# ------------------------------------------------------ screens at every size

#: From the smallest to the largest the app promises, jumping between the
#: extremes and through the awkward shapes: very wide and short, narrow and tall.
SWEEP = [
    (20, 8), (300, 100), (21, 9), (300, 8), (80, 10), (40, 14), (20, 100), (133, 41),
    (300, 14), (80, 24),
]  # fmt: skip
#: A shorter round for the states of a session seen one after another.
QUICK = [(20, 8), (300, 100), (80, 10)]

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)


def render_everything(screen: Screen) -> int:
    """Draw each visible widget of `screen` at its current size; the number drawn."""
    drawn = 0
    for widget in screen.walk_children(with_self=False):
        if not widget.display or widget.region.area == 0:
            continue
        width, height = widget.region.size
        widget.render_lines(Region(0, 0, width, height))
        drawn += 1
    return drawn


async def sweep(pilot, kind: type, check=None, sizes=SWEEP) -> None:
    """Resize through `sizes`; after each, `kind` is still shown, laid out and drawn."""
    app = pilot.app
    for width, height in sizes:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, kind), f"at {width}x{height}: {type(screen).__name__}"
        assert screen.size == Size(width, height)
        assert render_everything(screen) > 0
        if check is not None:
            check(screen, width, height)


#: The most common terminal size, and a small one the app still serves whole.
FIRST_LOOK = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


def way_forward_shown(screen: Screen) -> None:
    """What moves a walker on is on screen without scrolling.

    A dialog's buttons (or a prompt's hint); on a full screen, the footer's
    first key, the one that goes forward (Start, Save, Done, Back...), and its
    Help and Quit keys where it has them, none cut off or under another key
    (the palette's key is docked over the end of the row).
    """
    if isinstance(screen, DisclaimerScreen | ConfirmScreen):
        wanted = list(screen.query(Button))
    elif isinstance(screen, NameScreen):
        wanted = [screen.query_one("#name"), screen.query_one("#name-problem")]
    elif isinstance(screen, HelpScreen):
        wanted = [screen.query_one("#help-close")]
    else:
        keys = list(screen.query_one(Footer).query("FooterKey"))
        wanted = [keys[0], *(key for key in keys if key.description in ("Help", "Quit"))]
        for key in wanted:
            region = screen.find_widget(key).region
            for other in keys:
                if other is not key:
                    overlap = region.intersection(screen.find_widget(other).region)
                    assert not overlap.area, (
                        f"{key.description} under {other.description} on {type(screen).__name__}"
                    )
    assert wanted
    for widget in wanted:
        assert shown_whole(screen, widget), f"{widget} hidden on {type(screen).__name__}"


async def look(pilot, kind: type) -> None:
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, kind), type(pilot.app.screen).__name__
    way_forward_shown(pilot.app.screen)
