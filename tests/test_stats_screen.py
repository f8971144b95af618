"""The stats screen: empty, one session, a realistic 8-week history; editing and deleting."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta

import pytest
from support import make_app
from test_report import newcomer_history, walk_by_hand
from textual.widgets import Checkbox, DataTable, Input, Static

from backwalk_tui import demo
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.stats import CLIPPED, StatsScreen
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import clip, pain_text

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Local time is UTC here, so days and dates on screen do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def history(locations):
    with History(locations.database) as store:
        yield store


@pytest.fixture
def stats_app(locations):
    apps = []

    def build():
        app = make_app(locations, wall_clock=lambda: NOW)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.history.close()


def open_stats(app):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()

    return run_before


def fill_eight_weeks(history) -> int:
    return demo.fill_history(history, load_catalog(None), end=NOW, weeks=8, per_week=3, seed=4)


def one_session(history) -> int:
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    return demo.record_session(
        history, stage1, NOW - timedelta(hours=3), pain_before=5, pain_after=4, stumbles=0
    )


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_empty(snap_compare, stats_app, size):
    assert snap_compare(stats_app(), run_before=open_stats(None), terminal_size=size)


def test_snapshot_one_session(snap_compare, stats_app, history):
    one_session(history)
    assert snap_compare(stats_app(), run_before=open_stats(None), terminal_size=(100, 40))


def test_snapshot_session_detail(snap_compare, stats_app, history):
    one_session(history)

    async def run_before(pilot):
        await open_stats(None)(pilot)
        await pilot.press("enter")  # the newest session's details
        await pilot.pause()

    assert snap_compare(stats_app(), run_before=run_before, terminal_size=(100, 30))


@pytest.mark.parametrize("size", [(100, 50), (80, 24)], ids=["100x50", "80x24"])
def test_snapshot_eight_weeks(snap_compare, stats_app, history, size):
    fill_eight_weeks(history)
    assert snap_compare(stats_app(), run_before=open_stats(None), terminal_size=size)


def test_snapshot_session_table_80x24(snap_compare, stats_app, history):
    fill_eight_weeks(history)

    async def run_before(pilot):
        await open_stats(None)(pilot)
        pilot.app.screen.query_one("#sessions", DataTable).focus()
        pilot.app.screen.query_one("#stats").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(stats_app(), run_before=run_before, terminal_size=(80, 24))


async def test_empty_history_welcomes(stats_app):
    app = stats_app()
    async with app.run_test() as pilot:
        await open_stats(app)(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.has_class("-empty")
        assert "No sessions yet" in str(app.screen.query_one("#welcome", Static).content)


async def test_figures_and_table_of_a_known_history(stats_app, history):
    count = fill_eight_weeks(history)
    sessions = history.sessions()
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == count == len(sessions)
        first_row = table.get_row_at(0)
        assert first_row[1].plain == clip(sessions[0].preset, CLIPPED["Preset"])  # newest first
        headline = str(app.screen.query_one("#headline", Static).content)
        assert f"Sessions         {count}" in headline


async def test_sessions_are_counted_as_the_report_counts_them(stats_app, locations):
    # One real session, one of 13 s and two skipped through with `n`: the
    # report says "Sessions 1"; so does this screen, and the table lists all 4.
    newcomer_history(locations.database)
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Sessions         1\n" in headline
        assert "This week        1 session (goal 3)" in headline
        assert app.screen.query_one("#sessions", DataTable).row_count == 4


async def test_a_session_under_a_minute_shows_its_time_not_the_welcome(stats_app, locations):
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    with History(locations.database) as history:
        walk_by_hand(history, stage1, NOW - timedelta(hours=1), end_after=13)
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        assert not app.screen.has_class("-empty")
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Sessions         0\n" in headline
        assert "Time walked      13 s" in headline
        assert app.screen.query_one("#sessions", DataTable).row_count == 1


async def test_time_walked_leaves_out_rest(stats_app, history):
    one_session(history)  # stage 1: 180 s forward, 60 s backward, 60 s rest
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Time walked      4 min\n" in headline
        assert "Walked backward  1 min\n" in headline
        row = app.screen.query_one("#sessions", DataTable).get_row_at(0)
        assert [cell.plain for cell in row[3:5]] == ["5:00", "1:00"]  # length, and backward


async def test_the_session_table_fits_80_columns(stats_app, history):
    # Date, Preset, Status, Time, Backward and Pain all show at 80x24; Stumble
    # and Note are a scroll to the right, the full preset name a press of Enter.
    fill_eight_weeks(history)
    sessions = history.sessions()
    app = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        header = table.render_line(0).text.split("  ")
        assert [cell.strip() for cell in header if cell.strip()][:6] == [
            "Date", "Preset", "Status", "Time", "Backward", "Pain",
        ]  # fmt: skip
        row = table.render_line(1).text
        newest = sessions[0]
        assert f"{newest.started_at.astimezone():%a %d %b %H:%M}" in row
        assert "Stage 3 · Lon…" in row  # the newest is "Stage 3 · Longer backward"
        assert pain_text(newest.pain_before, newest.pain_after) in row


async def test_edit_a_past_session(stats_app, history):
    session_id = one_session(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        before = app.screen.query_one("#pain-before", PainScale)
        assert before.value == 5
        before.focus()
        await pilot.press("7")
        app.screen.query_one("#stumbled", Checkbox).value = True
        app.screen.query_one("#note", Input).value = "Rug slipped"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        row = app.screen.query_one("#sessions", DataTable).get_row_at(0)
        assert [cell.plain for cell in row[5:]] == ["7 → 4", "yes", "Rug slipped"]
    saved = History(history.path).session(session_id)
    assert (saved.pain_before, saved.pain_after, saved.stumbles, saved.notes) == (
        7, 4, 1, "Rug slipped",
    )  # fmt: skip


async def test_delete_asks_first(stats_app, history):
    kept = one_session(history)
    deleted = demo.record_session(
        history, load_catalog(None).get("Stage 2 · Forward and back"), NOW - timedelta(hours=1)
    )
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        # The question names the session: the list may be out of sight.
        started = history.session(deleted).started_at.astimezone()
        assert app.screen.detail.startswith(
            f"Stage 2 · Forward and back, {started:%A %d %B %Y, %H:%M}. "
        )
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert [s.id for s in history.sessions()] == [deleted, kept]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 1
    assert [s.id for s in history.sessions()] == [kept]


@pytest.mark.parametrize("note", ["=1+1 [/x]", "[left knee] check", "[red]Red[/red] walk"])
async def test_a_note_with_square_brackets_shows_as_written(stats_app, history, note):
    # Such a note once made this screen crash every time it opened, and the
    # detail view, the one place to fix the note, is reached through it.
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    renamed = dataclasses.replace(stage1, name="Walk [/x] here")
    sid = demo.record_session(history, renamed, NOW - timedelta(hours=3), notes=note)
    demo.record_session(history, stage1, NOW - timedelta(hours=2))
    app = stats_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        row = table.get_row(str(sid))
        assert row[1].plain == "Walk [/x] here"
        assert row[-1].plain == note
        table.move_cursor(row=table.get_row_index(str(sid)))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.query_one(Input).value == note
