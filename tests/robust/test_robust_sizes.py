"""Every screen at every terminal size from 20x8 to 300x100, and resized while it shows.

One app per screen walks through all the sizes (growing, shrinking, and the
odd shapes: very wide and short, very narrow and tall). After each resize the
screen must still be the one shown, laid out at the new size, and fully drawn:
`render_everything` asks every visible widget for its lines at that size, so
a widget that fails to draw small fails here. The session screen must keep
the direction and the time on screen whatever the size (README: "smaller
windows keep the direction and the time and drop the rest").
"""

from __future__ import annotations

import pytest
from support import (
    FIRST_LOOK,
    NOW,
    QUICK,
    SWEEP,
    TWO_STEPS,
    history_to_fill,
    look,
    shown_whole,
    sweep,
    with_defaults,
    write_preset,
)
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Header, Label

from backwalk_tui import demo, safety
from backwalk_tui.history import History
from backwalk_tui.kinds import KINDS
from backwalk_tui.presets import load_catalog
from backwalk_tui.settings import Settings
from backwalk_tui.ui.app import BackwalkApp, Collaborators
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.disclaimer import DisclaimerScreen
from backwalk_tui.ui.screens.editor import EditorScreen
from backwalk_tui.ui.screens.help import HelpScreen
from backwalk_tui.ui.screens.name import NameScreen
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.safety import SafetyScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.stats import StatsScreen
from backwalk_tui.ui.screens.summary import SummaryScreen
from backwalk_tui.ui.widgets import bigfont
from backwalk_tui.ui.widgets.bigtext import BigText

#: A preset whose words are as long as the format allows, to wrap and crop.
LONG_WORDS = """\
name = "A very long preset name that goes on and on, sixty chars"
description = "Walk forward, then backward, then sideways, with a very long description that will never fit on a small screen at all."
stage = 3
rounds = 2
cues = ["Hand on the counter at all times please", "Mind the rug by the door", "Breathe"]
checklist = ["An item of the checklist long enough to wrap across several lines of a small terminal", "Short"]

[warmup]
kind = "forward"
duration = "0:15"
cue = "Easy walking to warm up, nothing more, and a cue long enough to wrap more than once"
label = "WARM UP NOW"

[[segment]]
kind = "backward"
steps = 15
cue = "Toes first, then heel"

[[segment]]
kind = "sideways"
duration = 14
label = "SIDE STEPS TO THE LEFT"

[rest]
duration = 10
cue = "Rest a moment"
"""  # noqa: E501


#: Paced step counts: the longest lengths a plan shows ("5 steps in 15s").
PACED = """\
name = "Paced"
rounds = 2

[warmup]
kind = "forward"
duration = "1m"

[[segment]]
kind = "backward"
steps = 5
pace = 20

[[segment]]
kind = "sideways"
steps = 12
pace = 30

[cooldown]
kind = "forward"
duration = "1m"
"""


@pytest.fixture
def build(app_factory, clock):
    return with_defaults(app_factory, clock=clock, wall_clock=lambda: NOW)


@pytest.fixture
def long_preset(locations):
    write_preset(locations.presets_dir, "long.toml", LONG_WORDS)
    write_preset(locations.presets_dir, "two.toml", TWO_STEPS)
    write_preset(locations.presets_dir, "broken.toml", 'name = "Broken"\n[[segment]]\nkind = 3\n')
    return "A very long preset name that goes on and on, sixty chars"


def visible(screen: Screen, widget_id: str) -> bool:
    """Shown whole: not hidden, not cut off by its container or drawn under the footer."""
    widget = screen.query_one(f"#{widget_id}")
    region = widget.region
    inside = widget.parent.region.contains_region(region)
    return widget.display and region.width > 0 and region.height > 0 and inside


#: The sizes each screen is tried at by hand: small, common, roomy, large.
BY_HAND = [(60, 20), (80, 24), (100, 30), (200, 60)]

#: From the smallest size the app promises to work well at (80x24) up.
FROM_80X24 = [(80, 24), (100, 30), (80, 25), (120, 24), (80, 27), (133, 41), (300, 100), (80, 24)]


async def test_help_says_how_to_close_it_at_every_size_from_80x24(build, long_preset):
    """The way out is on screen without scrolling, and so is what became of a session."""

    def way_out(screen: Screen) -> list[Label]:
        return [w for w in screen.query(Label) if "Esc closes" in str(w.content)]

    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # to the picker
        await pilot.pause()
        for start_session in (False, True):
            if start_session:
                await pilot.press("escape")  # close the help
                app.push_screen(SafetyScreen(app.catalog.get("Two steps")))
                await pilot.pause()
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, SessionScreen)
            await pilot.press("question_mark")
            await pilot.pause()
            for width, height in FROM_80X24:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, HelpScreen)
                assert any(shown_whole(screen, w) for w in way_out(screen)), f"{width}x{height}"
                if start_session:
                    note = screen.query_one("#help-session", Label)
                    assert shown_whole(screen, note), f"{width}x{height}"
                    assert "paused" in str(note.content)


#: The help opened at each size, and opened at 60x20 then resized to each
#: larger one (resized to 60x20 itself, it would be the first case again).
OPENED_OR_RESIZED = [
    *(pytest.param((w, h), None, id=f"opened-there-{w}x{h}") for w, h in BY_HAND),
    *(pytest.param((w, h), (60, 20), id=f"resized-{w}x{h}") for w, h in BY_HAND if w > 60),
]


@pytest.mark.parametrize(("size", "opened_at"), OPENED_OR_RESIZED)
async def test_the_help_says_when_there_is_more_below(build, size, opened_at):
    """Below the fold lie the disclaimer and the screen-blanking steps: the help says so."""
    app = build()
    async with app.run_test(size=opened_at or size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        body = screen.query_one("#help-body")
        more = screen.query_one("#help-more", Label)
        text_area = body.scrollable_content_region
        for widget in body.children:
            assert text_area.x + text_area.width >= widget.region.right, "text under the bar"
        if size == (200, 60):
            assert body.max_scroll_y == 0, "all of it on screen"
            assert not more.visible
            return
        assert body.max_scroll_y > 0
        assert more.visible and shown_whole(screen, more) and "More below" in str(more.content)
        body.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert not more.visible, "at the end, nothing more below"
        last = body.children[-1]
        assert shown_whole(screen, last), "the disclaimer's last line is reachable"


@pytest.mark.parametrize("size", BY_HAND, ids=lambda size: "x".join(map(str, size)))
async def test_the_disclaimer_shows_its_own_keys_and_opens_the_help(build, size):
    """Its footer lists its own keys only (no `s` of the screen under it), and `?` works there."""
    app = build(accepted=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen)
        footers = [f for f in app.screen.query(Footer) if shown_whole(screen, f)]
        assert len(footers) == 1 and footers[0].screen is screen
        keys = {key.description for key in footers[0].query("FooterKey")}
        assert keys == {"Help", "Quit"}, keys
        assert screen.query_one("#disclaimer-more").visible == (size == (60, 20))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "back to the disclaimer, still to be answered"


@pytest.mark.parametrize("size", BY_HAND, ids=lambda size: "x".join(map(str, size)))
async def test_the_editor_shows_its_title_and_plan_whole(build, locations, size):
    """The title names the file whole; no entry of the plan wraps mid-line."""
    name = "tuesday-walk-by-the-rug.toml"
    path = write_preset(locations.presets_dir, name, PACED)
    app = build(edit_only=path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        header = " ".join(drawn_text(screen.query_one(Header).query_one("HeaderTitle")))
        assert f"Editing {name}" in header and "…" not in header, header
        hint = " ".join(drawn_text(screen.query_one("#editor-hint")))
        assert "Ctrl+S saves" in hint and hint.endswith(".bak added"), hint
        plan = screen.query_one("#editor-plan")
        arrow_at = None
        arrows = {kind.arrow for kind in KINDS.values()}
        for row in drawn_rows(plan):
            assert "…" not in row, f"{row!r} cut at {size}"
            if row.strip().startswith(("warm-up", "round ", "rest", "cool-down")):
                arrow_at = next(i for i, c in enumerate(row) if c in arrows)  # an entry begins
            elif row.strip() and arrow_at is not None:
                indent = len(row) - len(row.lstrip())
                assert indent > arrow_at, f"{row!r} wrapped mid-line at {size}"
                assert size == (60, 20), f"{row!r}: from 80 columns an entry is one line"


async def walk_to_the_summary(pilot, clock) -> None:
    """Start the two-step session at the safety check and let it run out."""
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    clock.advance(5)
    pilot.app.screen.tick()
    await pilot.pause()


async def test_the_summary_shows_its_done_button_whole_from_80x24(build, long_preset, clock):
    """Enter is "done", but the button that says so is on screen too, with every answer."""
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to_the_summary(pilot, clock)
        for width, height in FROM_80X24:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SummaryScreen)
            for widget_id in ("done", "pain-after", "stumbled", "note", "saved"):
                widget = screen.query_one(f"#{widget_id}")
                assert shown_whole(screen, widget), f"#{widget_id} at {width}x{height}"


@pytest.mark.parametrize("answers", [(), ("8", "tab", "space")], ids=["plain", "notices"])
async def test_done_stays_on_the_summary_at_every_size(build, long_preset, clock, answers):
    """Done at every size, with or without notices; from 80x24, every answer and notice too."""
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to_the_summary(pilot, clock)
        await pilot.press(*answers)
        for width, height in [*BY_HAND, *reversed(BY_HAND)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SummaryScreen)
            assert shown_whole(screen, screen.query_one("#done")), f"Done at {width}x{height}"
            assert shown_whole(screen, screen.focused), f"the focus at {width}x{height}"
            if (width, height) == (60, 20):
                continue
            wanted = ["pain-after", "stumbled", "note", "saved"]
            wanted += ["summary-notices"] if answers else []
            for widget_id in wanted:
                widget = screen.query_one(f"#{widget_id}")
                assert shown_whole(screen, widget), f"#{widget_id} at {width}x{height}"


async def test_the_summary_says_whole_why_a_session_was_not_saved_at_80x24(locations, clock):
    safety.accept_disclaimer(locations)
    write_preset(locations.presets_dir, "two.toml", TWO_STEPS)
    catalog = load_catalog(locations.presets_dir)
    why = "Sessions will not be saved: unable to open database file (the disk is read-only)"
    given = Collaborators(
        locations, Settings(lead_in=0), catalog, history=None, history_problem=why, clock=clock
    )
    app = BackwalkApp(given, preset=catalog.get("Two steps"))
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to_the_summary(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        saved = screen.query_one("#saved", Label)
        assert why in str(saved.content)
        assert shown_whole(screen, saved) and saved.region.height == 2, "wrapped, not cut off"
        assert shown_whole(screen, screen.query_one("#done"))


async def test_picker_help_and_disclaimer_at_every_size(build, long_preset):
    app = build(accepted=False)
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        await sweep(pilot, DisclaimerScreen, sizes=QUICK)
        await pilot.press("enter")  # accept
        await pilot.pause()
        await sweep(pilot, PickerScreen)
        for _ in range(12):  # every preset and the broken file, each shown in the detail pane
            await pilot.press("down")
        await sweep(pilot, PickerScreen, sizes=QUICK)
        await pilot.press("question_mark")
        await pilot.pause()
        await sweep(pilot, HelpScreen, sizes=QUICK)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_safety_check_at_every_size(build, long_preset):
    app = build(preset=long_preset)
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        await sweep(pilot, SafetyScreen)
        await pilot.press("space", "tab", "7")
        await sweep(pilot, SafetyScreen, sizes=QUICK)


@pytest.mark.parametrize("pain", [(), ("8",)], ids=["plain", "high-pain"])
async def test_the_safety_check_shows_every_item_whole_and_start_at_every_size(build, pain):
    """Each item drawn to its last word, Start on screen, and Enter too soon says what is left."""
    app = build(preset="Stage 1 · Get comfortable")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*pain)
        for width, height in [*BY_HAND, *reversed(BY_HAND)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SafetyScreen)
            for box in screen.query(Checkbox):
                drawn = " ".join(drawn_text(box))
                last_word = str(box.label).split()[-1]
                assert drawn.endswith(last_word), f"{drawn!r} at {width}x{height}"
            for widget_id in ("start", "safety-status"):
                widget = screen.query_one(f"#{widget_id}")
                assert shown_whole(screen, widget), f"#{widget_id} at {width}x{height}"
        await pilot.resize_terminal(60, 20)
        screen.query(Checkbox)[1].value = True  # its message still on its way
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen, "not started"
        status = screen.query_one("#safety-status", Label)
        said = " ".join(drawn_text(status))
        assert "Path behind me is clear" in said and "and 2 more" in said
        assert "Counter" not in said, "a ticked item is not named"
        assert shown_whole(screen, status) and shown_whole(screen, screen.query_one("#start"))
        assert screen.focused is screen.query(Checkbox)[0], "the first item left, to tick"
        assert shown_whole(screen, screen.focused)
        await pilot.press("space")
        await pilot.pause()
        said = " ".join(drawn_text(status))
        assert "Path behind" not in said and "Treadmill" in said, "the list follows the ticks"


def drawn_rows(widget: Widget) -> list[str]:
    """The widget's rows as drawn at its size, blanks at their ends kept."""
    width, height = widget.region.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def drawn_text(widget: Widget) -> list[str]:
    """The widget's rows as drawn at its size, each stripped of blanks at its ends."""
    width, height = widget.region.size
    return [strip.text.strip() for strip in widget.render_lines(Region(0, 0, width, height))]


def time_legible(screen: SessionScreen, width: int, height: int) -> None:
    """The time is on screen whole: in the big font, every row of it, or else on one line.

    Never cut off at an edge, never wrapped over two lines, never drawn in
    fewer rows than its font needs.
    """
    where = f"at {width}x{height}"
    time = screen.query_one("#time", BigText)
    assert shown_whole(screen, time), f"time cut off {where}"
    rows = drawn_text(time)
    scale = bigfont.fit(time.text, time.content_size.width, time.rows)
    if scale is None:
        assert time.text.upper() in rows, f"{time.text!r} not on one line {where}: {rows}"
    else:
        big = [line.strip() for line in bigfont.draw(time.text, scale)]
        assert [row for row in rows if row] == [line for line in big if line], (
            f"{time.text!r} not whole in the big font {where}"
        )


def direction_and_time_shown(screen, width, height):
    # In the last seconds of a segment the digit takes the direction's place.
    if not screen.main.has_class("-countdown"):
        assert visible(screen, "direction"), f"no direction at {width}x{height}"
    time_legible(screen, width, height)


#: The sweep, and the sizes people use most.
LEGIBLE = [*SWEEP, (100, 30), (200, 60), (30, 10), (60, 20), (120, 40)]


async def test_a_whole_session_resized_at_every_step(build, long_preset, clock):
    """Lead-in, every step kind, a step count, pause, rest, the last seconds, ending early."""

    from backwalk_tui.settings import Settings

    app = build(preset=long_preset, settings=Settings(lead_in=5))
    async with app.run_test(size=(300, 100)) as pilot:
        await pilot.pause()
        await pilot.press("space", "tab", "space", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await sweep(pilot, SessionScreen, direction_and_time_shown, LEGIBLE)  # the lead-in
        seen: set[tuple[str, str]] = set()
        paused_once = confirmed_once = counted_down = False
        for _ in range(60):
            clock.advance(7)
            screen.tick()
            await pilot.pause()
            if isinstance(app.screen, SummaryScreen):
                break
            step = screen.engine.step
            state = (step.phase, "counted" if step.manual else step.kind)
            if state not in seen:
                seen.add(state)
                await sweep(pilot, SessionScreen, direction_and_time_shown, QUICK)
            if step.manual:
                await pilot.press("space")  # done with the counted steps
                await pilot.pause()
                continue
            if step.phase == "round" and not counted_down and not step.manual:
                counted_down = True
                clock.advance(screen.engine.snapshot().step_remaining - 2.5)
                screen.tick()
                await pilot.pause()
                assert screen.main.has_class("-countdown") and screen.query_one("#time").text == "3"
                await sweep(pilot, SessionScreen, direction_and_time_shown, LEGIBLE)
            if step.phase == "round" and not paused_once:
                paused_once = True
                await pilot.press("p")
                await sweep(pilot, SessionScreen, direction_and_time_shown, QUICK)
                clock.advance(1)  # a press at once would be the pause's again
                await pilot.press("p")
            elif step.phase == "rest" and not confirmed_once:
                confirmed_once = True
                await pilot.press("escape")
                await pilot.pause()
                await sweep(pilot, ConfirmScreen, sizes=QUICK)
                await pilot.press("escape")  # keep going
                await pilot.pause()
                assert app.screen is screen
        assert seen == {
            ("warmup", "forward"), ("round", "counted"), ("round", "sideways"), ("rest", "rest"),
        }  # fmt: skip
        assert paused_once and confirmed_once and counted_down
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("5")
        await sweep(pilot, SummaryScreen, sizes=QUICK)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    with History(app.where.database) as history:
        [session] = history.sessions()
    assert session.status == "completed"
    assert session.pain_after == 5


async def test_stats_and_a_past_session_at_every_size(build, locations):
    with history_to_fill(locations.database) as history:
        demo.fill_history(history, load_catalog(None), end=NOW, weeks=10, per_week=4, seed=7)
    app = build()
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await sweep(pilot, StatsScreen)
        await pilot.press("enter")
        await pilot.pause()
        await sweep(pilot, SessionDetailScreen, sizes=QUICK)
        await pilot.press("ctrl+d")
        await pilot.pause()
        await sweep(pilot, ConfirmScreen, sizes=QUICK)


async def test_an_empty_stats_screen_at_every_size(build):
    app = build()
    async with app.run_test(size=(300, 100)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await sweep(pilot, StatsScreen, sizes=QUICK)


async def test_the_preset_editor_and_its_dialogs_at_every_size(build, long_preset, locations):
    app = build(edit_only=locations.presets_dir / "broken.toml")
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        await sweep(pilot, EditorScreen, sizes=QUICK)  # with its problems listed
        await pilot.press("end", "x")  # unsaved text: closing asks first
        await pilot.press("escape")
        await pilot.pause()
        await sweep(pilot, ConfirmScreen, sizes=QUICK)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#source").load_text(TWO_STEPS)
        app.screen.check_now()
        await sweep(pilot, EditorScreen, sizes=QUICK)  # with the plan shown


async def test_the_name_prompt_at_every_size(build, long_preset):
    app = build()
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await sweep(pilot, NameScreen, sizes=QUICK)


# ------------------------------------------- the way forward at 80x24 and 60x20


@pytest.mark.parametrize("size", FIRST_LOOK)
async def test_the_first_run_shows_its_way_forward(build, long_preset, size):
    app = build(accepted=False, preset=long_preset)
    async with app.run_test(size=size) as pilot:
        await look(pilot, DisclaimerScreen)
        await pilot.press("enter")
        await look(pilot, SafetyScreen)
        await pilot.press("question_mark")
        await look(pilot, HelpScreen)
        await pilot.press("escape", "escape")
        await look(pilot, PickerScreen)
        await pilot.press("n")
        await look(pilot, NameScreen)
        await pilot.press("escape", "end", "delete")  # the broken file, the user's own
        await look(pilot, ConfirmScreen)


@pytest.mark.parametrize("size", FIRST_LOOK)
async def test_a_session_to_its_summary_shows_its_way_forward(build, long_preset, clock, size):
    app = build(preset=long_preset)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for box in app.screen.query(Checkbox):
            box.value = True
        await pilot.press("enter")
        await look(pilot, SessionScreen)
        await pilot.press("escape")
        await look(pilot, ConfirmScreen)
        await pilot.press("y")
        await look(pilot, SummaryScreen)


@pytest.mark.parametrize("size", FIRST_LOOK)
async def test_stats_a_past_session_and_the_editor_show_their_way_forward(
    build, long_preset, locations, size
):
    with history_to_fill(locations.database) as history:
        demo.fill_history(history, load_catalog(None), end=NOW, weeks=10, per_week=4, seed=7)
    app = build()
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await look(pilot, StatsScreen)
        await pilot.press("enter")
        await look(pilot, SessionDetailScreen)
        await pilot.press("ctrl+d")
        await look(pilot, ConfirmScreen)
    app = build(edit_only=locations.presets_dir / "broken.toml")
    async with app.run_test(size=size) as pilot:
        await look(pilot, EditorScreen)
