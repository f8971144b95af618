"""Check-ins in the stats screen: their way forward at every size, and a read-only history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support import (
    FIRST_LOOK,
    NOW,
    QUICK,
    as_ordinary_user,
    give_to_ordinary_user,
    history_to_fill,
    look,
    make_app,
    said,
    said_once,
    sweep,
    with_defaults,
)
from textual import events
from textual.widgets import DataTable, Input, Static

from backwalk_tui import demo
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog
from backwalk_tui.records import NOTE_MAX_CHARS
from backwalk_tui.ui.screens.checkin_detail import (
    READ_ONLY,
    CheckinDetailScreen,
    parse_tug,
)
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.stats import StatsScreen
from backwalk_tui.ui.widgets.painscale import PainScale


def fill(database) -> tuple[int, int]:
    with history_to_fill(database) as history:
        demo.fill_history(history, load_catalog(None), end=NOW, weeks=10, per_week=4, seed=7)
        first = history.add_checkin(
            tug_seconds=13.4, pain_week=6, notes="A long note " * 20,
            taken_at=NOW - timedelta(days=40),
        )  # fmt: skip
        last = history.add_checkin(tug_seconds=11.0, pain_week=5, taken_at=NOW - timedelta(days=1))
    return first, last


async def open_first_checkin(pilot) -> None:
    pilot.app.screen.query_one("#checkins", DataTable).focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.fixture
def build(app_factory, clock):
    return with_defaults(app_factory, clock=clock, wall_clock=lambda: NOW)


@pytest.mark.parametrize("size", FIRST_LOOK)
async def test_checkins_and_their_details_show_their_way_forward(build, locations, size):
    fill(locations.database)
    app = build()
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await look(pilot, StatsScreen)
        await open_first_checkin(pilot)
        await look(pilot, CheckinDetailScreen)
        await pilot.press("ctrl+d")
        await look(pilot, ConfirmScreen)
        await pilot.press("escape")
        await look(pilot, CheckinDetailScreen)
        await pilot.press("escape")
        await look(pilot, StatsScreen)
        await pilot.press("delete")  # the check-ins' table still has focus
        await look(pilot, ConfirmScreen)


async def test_a_checkin_at_every_size(build, locations):
    fill(locations.database)
    app = build()
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await sweep(pilot, StatsScreen, sizes=QUICK)
        await open_first_checkin(pilot)
        await sweep(pilot, CheckinDetailScreen)


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("12.3", 12.3), ("12,34", 12.3), (" 9 ", 9.0), ("", None), ("0.05", 0.1), ("3599.9", 3599.9)],
)
def test_parse_tug_keeps_a_tenth(typed, seconds):
    assert parse_tug(typed) == seconds


@pytest.mark.parametrize("typed", ["0", "0.04", "3600", "1.2.3", ".", ",", "nan", "inf", "-3"])
def test_parse_tug_refuses_what_is_not_a_time(typed):
    with pytest.raises(ValueError):
        parse_tug(typed)


async def test_a_read_only_history_shows_checkins_and_says_they_cannot_change(shared_home):
    where = shared_home
    with History(where.database) as history:
        kept = history.add_checkin(tug_seconds=12.3, pain_week=6, taken_at=NOW - timedelta(days=3))
    before = where.database.read_bytes()
    give_to_ordinary_user(where.config_dir.parent)
    where.database.chmod(0o400)
    with as_ordinary_user():
        app = make_app(where, wall_clock=lambda: NOW)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            assert app.screen.query_one("#checkins", DataTable).row_count == 1
            await open_first_checkin(pilot)
            screen = app.screen
            assert isinstance(screen, CheckinDetailScreen)
            assert str(screen.query_one("#checkin-read-only", Static).content) == READ_ONLY
            assert screen.query_one("#pain-week", PainScale).disabled
            assert screen.query_one("#tug", Input).disabled
            await pilot.press("ctrl+d", "y")  # deleting says why it cannot, calmly
            await pilot.pause()
            assert isinstance(app.screen, CheckinDetailScreen)
            assert any("read-only" in m for m in said_once(app) if m.startswith("History:"))
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
        app.history.close()
    assert where.database.read_bytes() == before
    with History(where.database) as history:
        assert [c.id for c in history.checkins()] == [kept]


async def test_a_time_typed_and_left_is_saved_as_a_note_is(build, locations):
    _, last = fill(locations.database)
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await open_first_checkin(pilot)
        tug = app.screen.query_one("#tug", Input)
        assert tug.value == "11.0" and tug.placeholder == ""  # nothing greyed to misread
        tug.value = "9.46"
        await pilot.pause()
        await pilot.press("escape")  # not submitted: saved on leaving
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.query_one("#checkins", DataTable).get_row_at(0)[1].plain == "9.5 s"
    with History(locations.database) as history:
        assert history.checkin(last).tug_seconds == 9.5


@pytest.mark.parametrize("clear", ["tug", "pain"])
async def test_clearing_the_only_measure_and_leaving_says_it_was_kept(build, locations, clear):
    fill(locations.database)
    with History(locations.database) as history:
        only = history.add_checkin(
            tug_seconds=12.3 if clear == "tug" else None,
            pain_week=6 if clear == "pain" else None,
            taken_at=NOW - timedelta(hours=1),
        )
    app = build()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await open_first_checkin(pilot)
        assert isinstance(app.screen, CheckinDetailScreen)
        if clear == "tug":
            app.screen.query_one("#tug", Input).value = ""
        else:
            await pilot.press("backspace")  # the focus is on the pain scale
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        told = [n.message for n in said(app)]
        kept = "time of 12.3 s" if clear == "tug" else "pain rating of 6"
        assert any("not changed" in m and kept in m for m in told), told
    with History(locations.database) as history:
        stored = history.checkin(only)
        assert (stored.tug_seconds, stored.pain_week) == (
            (12.3, None) if clear == "tug" else (None, 6)
        )


async def test_a_note_pasted_loses_its_control_characters(build, locations):
    _, last = fill(locations.database)
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await open_first_checkin(pilot)
        note = app.screen.query_one("#note", Input)
        note.focus()
        await pilot.pause()
        note.post_message(events.Paste("\x1b[31mred\x1b[0m knee"))
        await pilot.pause()
        assert note.value == "[31mred[0m knee"
        assert note.max_length == NOTE_MAX_CHARS
        await pilot.press("enter")
        await pilot.pause()
    with History(locations.database) as history:
        assert history.checkin(last).notes == "[31mred[0m knee"


async def test_the_checkins_cursor_stays_where_it_was_after_a_detail_view(build, locations):
    first, last = fill(locations.database)
    app = build()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        table = app.screen.query_one("#checkins", DataTable)
        table.focus()
        await pilot.press("down")  # the older check-in
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.checkin_id == first
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen) and table.cursor_row == 1
        await pilot.press("delete")  # offers the one the cursor is on, not the newest
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert table.cursor_row == 0  # the row deleted was the last: the one above it
    with History(locations.database) as history:
        assert [c.id for c in history.checkins()] == [last]
