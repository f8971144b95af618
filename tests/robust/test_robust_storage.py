"""A damaged, read-only or full history, and a missing or read-only data folder.

What test_history.py checks of the store itself (a garbage or truncated file
moved aside, a newer schema refused) is not repeated here. Here: the app and
the command line over such a store. Each time the walker gets a clear
message, the old file is kept as it was, and the app goes on working: a
session can still be walked, and says truthfully whether it was saved.

Permissions do not bind root, so where the tests run as root the read-only
cases run as the user `nobody` (effective ids, restored afterwards).
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from support import (
    TWO_STEPS,
    FakeClock,
    as_ordinary_user,
    give_to_ordinary_user,
    keep_notifications,
    said_once,
    write_preset,
)
from textual.widgets import Label

from backwalk_tui import cli, safety
from backwalk_tui import history as history_module
from backwalk_tui.history import BUSY_TIMEOUT_MS, History
from backwalk_tui.paths import Locations
from backwalk_tui.presets import load_catalog
from backwalk_tui.records import HistoryError
from backwalk_tui.settings import Settings
from backwalk_tui.ui import app as app_module
from backwalk_tui.ui.app import BackwalkApp, Collaborators
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.summary import SummaryScreen

# ------------------------------------------------------------------ helpers


def build_app(where: Locations, clock: FakeClock, preset: str | None = "Two steps") -> BackwalkApp:
    """The app as `backwalk run` builds it: the history opened as run_app opens it."""
    history, problem = app_module._open_history(where)
    catalog = load_catalog(where.presets_dir)
    given = Collaborators(
        where, Settings(lead_in=0), catalog, history, history_problem=problem, clock=clock
    )
    app = BackwalkApp(given, preset=catalog.get(preset) if preset else None)
    return keep_notifications(app)


async def walk_two_steps(pilot, clock: FakeClock) -> SummaryScreen:
    """Start the 2 s + 3 s preset at its safety check and walk it to the summary."""
    app = pilot.app
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    for _ in range(5):
        clock.advance(1)
        screen.tick()
        await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


def saved_text(summary: SummaryScreen) -> str:
    return str(summary.query_one("#saved", Label).content)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def one_old_session(database: Path) -> bytes:
    """A history with one finished session in it; the file's bytes."""
    with History(database) as history:
        sid = history.start_session(preset="Old walk", preset_toml="")
        history.finish_session(sid, "completed")
    return database.read_bytes()


# -------------------------------------------------------- a damaged history


def _truncated(database: Path) -> bytes:
    with History(database) as history:
        for number in range(60):
            sid = history.start_session(preset=f"Walk {number}", preset_toml="x" * 2000)
            history.finish_session(sid, "completed")
    whole = database.read_bytes()
    return whole[: len(whole) // 2 + 77]


def _garbage(database: Path) -> bytes:
    database.parent.mkdir(parents=True, exist_ok=True)
    return b"SQLite format 3\x00" + b"\x07not really" * 700


@pytest.mark.parametrize("damage", [_truncated, _garbage], ids=["truncated", "garbage"])
async def test_the_app_over_a_damaged_history_says_so_keeps_it_and_saves_anew(locations, damage):
    where = locations
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    safety.accept_disclaimer(where)
    damaged = damage(where.database)
    where.database.write_bytes(damaged)
    clock = FakeClock()
    app = build_app(where, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        summary = await walk_two_steps(pilot, clock)
        assert "Saved to your history" in saved_text(summary)
        [kept] = where.data_dir.glob("history.db.unreadable-*")
        [notice] = [m for m in said_once(app) if m.startswith("History:")]
        assert "could not be read" in notice and str(kept) in notice
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    app.history.close()
    assert kept.read_bytes() == damaged
    with History(where.database) as history:
        assert [(s.preset, s.status) for s in history.sessions()] == [("Two steps", "completed")]


@pytest.mark.parametrize(
    "argv", [["history", "--json"], ["stats"], ["report", "-o", "REPORT"]],
    ids=["history", "stats", "report"],
)  # fmt: skip
def test_commands_over_a_truncated_history_say_so_and_keep_it(locations, tmp_path, argv):
    damaged = _truncated(locations.database)
    locations.database.write_bytes(damaged)
    argv = [str(tmp_path / "r.html") if a == "REPORT" else a for a in argv]
    code, out, err = run_cli(*argv)
    assert code == 0
    [kept] = locations.data_dir.glob("history.db.unreadable-*")
    assert kept.read_bytes() == damaged
    assert err.startswith("backwalk: The history file") and str(kept) in err
    assert "Traceback" not in err
    if argv[0] == "history":
        assert json.loads(out) == []


# ------------------------------------------------------ a read-only history


async def test_a_read_only_history_is_read_and_said_to_be_read_only(shared_home):
    where = shared_home
    before = one_old_session(where.database)
    give_to_ordinary_user(where.config_dir.parent)
    where.database.chmod(0o400)
    clock = FakeClock()
    with as_ordinary_user():
        dirs = ["--config-dir", str(where.config_dir), "--data-dir", str(where.data_dir)]
        code, out, err = run_cli(*dirs, "history", "--json")
        app = build_app(where, clock)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            assert any("read-only" in m for m in said_once(app)), said_once(app)
            summary = await walk_two_steps(pilot, clock)
            assert "not saved" in saved_text(summary)
            assert "read-only" in saved_text(summary) or "readonly" in saved_text(summary)
        app.history.close()
    assert code == 0, err
    assert [s["preset"] for s in json.loads(out)] == ["Old walk"]
    assert "read-only" in err
    assert where.database.read_bytes() == before
    assert list(where.data_dir.glob("history.db.unreadable-*")) == []


def test_a_read_only_history_with_a_session_left_running_can_still_be_read(shared_home):
    """Marking it interrupted would be a write: it is left as it is, and shown."""
    where = shared_home
    with History(where.database) as history:
        history.start_session(preset="Cut short", preset_toml="")  # closed without finishing
    before = where.database.read_bytes()
    give_to_ordinary_user(where.config_dir.parent)
    where.database.chmod(0o400)
    with as_ordinary_user():
        dirs = ["--config-dir", str(where.config_dir), "--data-dir", str(where.data_dir)]
        code, out, err = run_cli(*dirs, "history", "--json")
    assert code == 0, err
    # Its process is gone: it is shown for what it is, though it cannot be marked.
    assert [(s["preset"], s["status"]) for s in json.loads(out)] == [("Cut short", "interrupted")]
    assert "read-only" in err
    assert where.database.read_bytes() == before


async def test_a_read_only_data_folder_is_read_and_said_to_be_read_only(shared_home):
    """The history can be read where it cannot be written; new sessions are not saved."""
    where = shared_home
    with History(where.database) as history:
        history.start_session(preset="Cut short", preset_toml="")  # its process is gone
    one_old_session(where.database)
    before = where.database.read_bytes()
    give_to_ordinary_user(where.config_dir.parent)
    if os.geteuid() == 0:
        os.chown(where.data_dir, 0, 0)  # not the walker's to change back
    where.data_dir.chmod(0o555)
    clock = FakeClock()
    with as_ordinary_user():
        dirs = ["--config-dir", str(where.config_dir), "--data-dir", str(where.data_dir)]
        code, out, err = run_cli(*dirs, "history", "--json")
        stats_code, stats_out, _ = run_cli(*dirs, "stats")
        app = build_app(where, clock)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            summary = await walk_two_steps(pilot, clock)
            problem = [m for m in said_once(app) if m.startswith("History:")]
            text = saved_text(summary)
        app.history.close()
    # Said at the start; shown again, with what failed, once the session is over.
    assert any("will not be saved" in m and str(where.data_dir) in m for m in problem), problem
    assert text.startswith("This session was not saved") and "read-only" in text
    assert code == 0, err
    assert [(s["preset"], s["status"]) for s in json.loads(out)] == [
        ("Old walk", "completed"), ("Cut short", "interrupted"),
    ]  # fmt: skip
    assert "will not be saved" in err and str(where.data_dir) in err
    assert "Traceback" not in err
    assert stats_code == 0 and stats_out
    assert where.database.read_bytes() == before
    assert sorted(p.name for p in where.data_dir.iterdir()) == sorted(
        ["history.db", "disclaimer-accepted", "live"]
    )


def test_reading_the_history_needs_no_write_lock(home, tmp_path):
    """Another copy holding the write lock (saving a step) never holds up `history`."""
    database = tmp_path / "data" / "history.db"
    one_old_session(database)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        code, out, err = run_cli("--data-dir", str(database.parent), "history", "--json")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 0, err
    assert [s["preset"] for s in json.loads(out)] == ["Old walk"]
    assert waited < BUSY_TIMEOUT_MS / 1000 / 2, "it waited for the write lock"


async def test_a_data_folder_that_cannot_be_made(locations):
    blocker = locations.data_dir.parent / "a-file"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("in the way\n")
    where = Locations(config_dir=locations.config_dir, data_dir=blocker / "data")
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    clock = FakeClock()
    app = build_app(where, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the disclaimer: accepted, but it cannot be remembered
        await pilot.pause()
        summary = await walk_two_steps(pilot, clock)
        assert "not saved" in saved_text(summary)
        shown = said_once(app)
    assert any("Could not remember" in m for m in shown), shown
    assert any(m.startswith("History:") and str(where.data_dir) in m for m in shown), shown
    code, out, err = run_cli("--data-dir", str(where.data_dir), "history", "--json")
    # Never "[]": a history out of reach is not an empty one.
    assert (code, out) == (1, "")
    assert err == f"backwalk: {where.data_dir} cannot hold the history: {blocker} is not a folder\n"
    assert blocker.read_text() == "in the way\n"


async def test_the_data_folder_removed_mid_session_is_noticed(locations):
    """Writes into a deleted file would vanish without a word (a USB stick's folder
    removed, a clean-up tool): the walker is told instead."""
    where = locations
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    safety.accept_disclaimer(where)
    clock = FakeClock()
    app = build_app(where, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        clock.advance(2)  # the first step is saved
        screen.tick()
        await pilot.pause()
        shutil.rmtree(where.data_dir)
        for _ in range(3):
            clock.advance(1)
            screen.tick()
            await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        text = saved_text(summary)
        shown = said_once(app)
    app.history.close()
    assert text.startswith("Not all of this session was saved:") and "deleted" in text
    assert any("deleted" in m for m in shown), shown
    assert not where.database.exists()  # nothing was quietly written anywhere else


# -------------------------------------------------------------- a full disk


def fill_the_disk(history: History) -> None:
    """From now on the file cannot grow, as on a full disk: SQLite's own SQLITE_FULL."""
    pages = history._conn.execute("PRAGMA page_count").fetchone()[0]
    history._conn.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(history: History) -> None:
    history._conn.execute("PRAGMA max_page_count = 1073741823")


#: The preset as run is stored with the session, as written (its comments too):
#: this one needs new pages.
BIG = TWO_STEPS.replace("= 3\n", "= 3\n# " + "Toes first. " * 600 + "\n")


async def test_a_full_disk_when_a_session_starts_then_room_again(locations):
    where = locations
    write_preset(where.presets_dir, "two.toml", BIG)
    safety.accept_disclaimer(where)
    clock = FakeClock()
    app = build_app(where, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        one_old_session(where.database)
        fill_the_disk(app.history)
        summary = await walk_two_steps(pilot, clock)
        text = saved_text(summary)
        [problem] = [m for m in said_once(app) if m.startswith("History:")]
        # Room again: the next session is saved, the app never needed a restart.
        free_the_disk(app.history)
        await pilot.press("enter")
        await pilot.pause()
        from backwalk_tui.ui.screens.safety import SafetyScreen

        app.push_screen(SafetyScreen(app.catalog.get("Two steps")))
        again = await walk_two_steps(pilot, clock)
        assert "Saved to your history" in saved_text(again)
        await pilot.press("4")
        await pilot.pause()
    app.history.close()
    assert "full" in problem, problem
    assert text.startswith("This session was not saved: cannot save to the history:")
    assert "full" in text
    with History(where.database) as history:
        new, old = history.sessions()
    assert old.preset == "Old walk" and old.status == "completed"
    assert (new.status, len(new.segments), new.pain_after) == ("completed", 2, 4)


async def test_a_step_that_cannot_be_saved_is_owned_up_to(locations, monkeypatch):
    """The first step saved, the second refused: the summary does not claim it all."""
    where = locations
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    safety.accept_disclaimer(where)
    clock = FakeClock()
    app = build_app(where, clock)
    real_record = app.history.record_step

    def record_then_fill_up(session_id, *, seq, **step):
        if seq > 0:
            raise HistoryError("cannot save to the history: database or disk is full")
        real_record(session_id, seq=seq, **step)

    monkeypatch.setattr(app.history, "record_step", record_then_fill_up)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        summary = await walk_two_steps(pilot, clock)
        text = saved_text(summary)
        shown = said_once(app)
    app.history.close()
    assert (
        text
        == "Not all of this session was saved: cannot save to the history: database or disk is full"
    )
    assert any("disk is full" in m for m in shown), shown
    with History(where.database) as history:
        [session] = history.sessions()
    assert [s.kind for s in session.segments] == ["forward"]
    assert session.status == "completed"


WRITER = r"""
import resource, signal, sys
from pathlib import Path
from backwalk_tui.history import BUSY_TIMEOUT_MS, History
from backwalk_tui.records import HistoryError
from backwalk_tui.plan import Step

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write is an error, not a death
step = Step(index=0, phase="round", round=1, kind="backward", planned_seconds=1.0)
history = History(Path(sys.argv[1]))
sid = history.start_session(preset="Limited", preset_toml="")
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
wal = Path(sys.argv[1] + "-wal").stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (max(wal, 32768) + 16384, hard))  # 16 KiB more
saved, refused = 0, []
for seq in range(40):
    try:
        history.record_step(sid, seq=seq, step=step, active_seconds=1.0, status="completed")
        saved += 1
    except HistoryError as exc:
        refused.append(str(exc))
        break
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # room again
history.record_step(sid, seq=saved, step=step, active_seconds=1.0, status="completed")
history.finish_session(sid, "completed")
history.close()
print(saved, refused[0] if refused else "-", flush=True)
"""


def test_a_write_the_disk_refuses_at_commit_leaves_the_store_whole(tmp_path):
    """A real refused write (a file size limit) under WAL: an error, then on as before."""
    import subprocess
    import sys

    database = tmp_path / "data" / "history.db"
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(database)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    saved, message = done.stdout.strip().split(" ", 1)
    assert 0 < int(saved) < 40, "the limit was reached part way"
    assert message.startswith("cannot save to the history: ")
    with History(database) as history:
        [session] = history.sessions()
        check = history._conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"
    assert session.status == "completed"
    assert [s.seq for s in session.segments] == list(range(int(saved) + 1))


async def test_no_room_for_the_lock_file_when_a_session_starts(locations, monkeypatch):
    where = locations
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    safety.accept_disclaimer(where)
    before = one_old_session(where.database)
    real_open = os.open

    def full_disk_open(path, flags, *args):
        if Path(path).parent.name == "live" and flags & os.O_CREAT:  # the lock file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, flags, *args)

    clock = FakeClock()
    app = build_app(where, clock)
    monkeypatch.setattr(history_module.os, "open", full_disk_open)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        summary = await walk_two_steps(pilot, clock)
        text = saved_text(summary)
        shown = said_once(app)
    monkeypatch.undo()
    app.history.close()
    assert "not saved" in text and "No space left on device" in text
    assert any("No space left on device" in m for m in shown), shown
    assert where.database.read_bytes() == before


def test_no_room_to_create_the_history(locations, monkeypatch):
    real_open = os.open

    def full_disk_open(path, flags, *args):
        if str(path).endswith("history.db") and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(history_module.os, "open", full_disk_open)
    history, problem = app_module._open_history(locations)
    assert history is None
    assert problem.startswith("Sessions will not be saved:") and "No space left" in problem
    write_preset(locations.presets_dir, "two.toml", TWO_STEPS)
    locations.data_dir.mkdir(parents=True, exist_ok=True)
    code, _out, err = run_cli("stats")  # no history file: nothing to open
    assert code == 0 and "Traceback" not in err


# ------------------------------------------------- the checks can fail


def test_the_nobody_switch_really_binds(shared_home):
    """A read-only file really is read-only inside `as_ordinary_user`."""
    path = shared_home.data_dir / "probe"
    path.write_text("x")
    give_to_ordinary_user(shared_home.config_dir.parent)
    path.chmod(0o400)
    with as_ordinary_user(), pytest.raises(PermissionError):
        path.write_text("y")
    assert path.read_text() == "x"


def test_sqlite_really_refuses_past_max_page_count(tmp_path):
    with History(tmp_path / "h.db") as history:
        fill_the_disk(history)
        with pytest.raises(sqlite3.OperationalError, match="full"):
            history._conn.execute("CREATE TABLE t (x)")
            history._conn.execute("INSERT INTO t VALUES (randomblob(100000))")


# ------------------------------------------------------------ private folders


def _modes(top: Path) -> dict[str, int]:
    """The mode of every folder under `top`, by its path from there."""
    return {
        str(folder.relative_to(top)): folder.stat().st_mode & 0o777
        for folder in [top, *top.rglob("*")]
        if folder.is_dir()
    }


def test_every_folder_backwalk_makes_is_private_at_every_depth(tmp_path, monkeypatch, capsys):
    """`presets new` on a fresh home made config/ 0755: mkdir(parents=True, mode=...)
    gives the mode to the last folder only."""
    from backwalk_tui.presets import authoring

    fresh = tmp_path / "fresh"
    monkeypatch.setenv("BACKWALK_HOME", str(fresh / "deep" / "home"))
    previous = os.umask(0o022)  # the usual one, which leaves made folders open to all
    try:
        assert cli.main(["presets", "new", "Mine"]) == 0
        [path] = (fresh / "deep" / "home" / "config" / "presets").glob("*.toml")
        authoring.move_to_trash(path)
        authoring.save_text(fresh / "other" / "deeper" / "walk.toml", 'name = "x"\n')
        with History(fresh / "data" / "deep" / "history.db"):
            pass
        safety.accept_disclaimer(Locations(fresh / "c" / "d", fresh / "e" / "f"))
    finally:
        os.umask(previous)
    modes = _modes(fresh)
    assert set(modes.values()) == {0o700}, modes
    assert "deep/home/config/presets/trash" in modes and "e/f" in modes


def test_an_existing_folder_is_never_chmodded_and_a_narrow_umask_is_undone(tmp_path):
    from backwalk_tui.paths import ensure_private_dir

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    previous = os.umask(0o277)  # would leave a folder backwalk makes unwritable
    try:
        ensure_private_dir(shared / "a" / "b")
    finally:
        os.umask(previous)
    assert _modes(shared) == {".": 0o755, "a": 0o700, "a/b": 0o700}
