"""The app driven as a walker would, through Textual's Pilot, with a fake clock.

The screen's timer ticks in real time but reads the fake clock, so nothing
moves until a test advances it; `advance()` then ticks once by hand, so no
test waits for a timer.
"""

from __future__ import annotations

import signal

import pytest
from support import (
    TWO_STEPS,
    FakeClock,
    SilentSpeaker,
    make_app,
    said,
    toasts,
    until,
    with_defaults,
    write_preset,
)
from textual.geometry import Size
from textual.widgets import Checkbox, Footer, Input, Label, OptionList, Static
from textual.widgets._footer import FooterKey

from backwalk_tui import safety
from backwalk_tui.engine import PAUSED
from backwalk_tui.history import History
from backwalk_tui.settings import Settings
from backwalk_tui.ui.app import BackwalkApp, Collaborators
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.disclaimer import DisclaimerScreen
from backwalk_tui.ui.screens.help import HelpScreen
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.safety import SafetyScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.summary import SummaryScreen
from backwalk_tui.ui.widgets import answers
from backwalk_tui.ui.widgets.bigtext import BigText
from backwalk_tui.ui.widgets.painscale import PainScale

STEP_COUNT = """\
name = "Counted"
checklist = []

[[segment]]
kind = "backward"
steps = 12
cue = "Count your steps"

[[segment]]
kind = "forward"
duration = 10
"""


@pytest.fixture
def where(locations):
    return locations


@pytest.fixture
def build(app_factory, clock):
    """Build an app over the temporary home, on the test's fake clock."""

    return with_defaults(app_factory, clock=clock)


def two_steps_app(build, where, **options):
    """The app opened at the safety check of a 2 s forward, 3 s backward preset."""
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    return build(preset="Two steps", **options)


async def advance(pilot, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, SessionScreen):
        screen.tick()
    await pilot.pause()


def saved_sessions(where):
    with History(where.database) as history:
        return history.sessions()


def big(pilot, widget_id: str) -> str:
    return pilot.app.screen.query_one(f"#{widget_id}", BigText).text


# ------------------------------------------------------------- first run


async def test_first_run_shows_the_disclaimer_and_remembers_acceptance(build, where):
    app = build(accepted=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DisclaimerScreen)
        text = str(app.screen.query_one("#disclaimer-text", Static).content)
        assert "does not diagnose" in text
        await pilot.press("enter")  # "I understand" has the focus
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert safety.disclaimer_accepted(where)


async def test_declining_the_disclaimer_quits_and_remembers_nothing(build, where):
    app = build(accepted=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
    assert not safety.disclaimer_accepted(where)


async def test_help_shows_the_disclaimer_after_it_was_accepted(build):
    app = build()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        shown = " ".join(str(s.content) for s in app.screen.query(Static))
        assert "does not diagnose" in shown
        assert "treadmill used for support must be OFF" in shown


# ---------------------------------------------------------------- picker


async def test_picker_lists_builtins_user_presets_and_broken_files(build, where):
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    write_preset(where.presets_dir, "broken.toml", 'name = "Broken"\nstage = 9\n')
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#preset-list", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith("Stage 1")
        assert any(p.startswith("Two steps") and "yours" in p for p in prompts)
        assert prompts[-1].startswith("✗ broken.toml")
        options.highlighted = options.option_count - 1
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).content)
        assert "\nbroken.toml:2: stage: must be between 1 and 5" in detail
        await pilot.press("enter")  # a broken file cannot start
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_picker_detail_shows_plan_time_and_last_done(build):
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#preset-list", OptionList)
        options.highlighted = 1
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).content)
        assert "Stage 2 · Forward and back" in detail
        assert "Stage 2 of 5 · Forward and back" in detail
        assert "4 rounds · 13 segments" in detail
        assert "Not done yet" in detail


# ---------------------------------------------------------- safety check


async def test_start_needs_every_checklist_item(build, where):
    app = build(preset="Stage 2 · Forward and back")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        boxes = list(app.screen.query(Checkbox))
        assert [str(b.label) for b in boxes][2] == "Treadmill, if used for support, is OFF"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen), "started with nothing ticked"
        for _ in boxes[:-1]:
            await pilot.press("space", "tab")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen), "started with one item unticked"
        await pilot.press("space", "tab", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.recorder.pain_before == 4


async def test_up_and_down_move_between_the_checklist_items_as_tab_does(build):
    app = build(preset="Stage 2 · Forward and back")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        boxes = list(app.screen.query(Checkbox))
        for _ in boxes:
            await pilot.press("space", "down")  # each ticked once, not the first again and again
        assert [box.value for box in boxes] == [True] * len(boxes)
        assert isinstance(app.focused, PainScale), "on past the last item, as Tab goes"
        await pilot.press("shift+tab", "up")
        assert app.focused is boxes[-2]
        await pilot.press("down")
        assert app.focused is boxes[-1]


def box_mark(box: Checkbox) -> str:
    """The mark inside a checkbox's box, as drawn: "▐✓▌" ticked."""
    return str(box.render())[:3]


async def test_a_checklist_box_shows_a_tick_only_when_ticked(build):
    # Not colour alone: Textual's own box draws "X" ticked or not.
    app = build(preset="Stage 2 · Forward and back")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first, second, *_ = app.screen.query(Checkbox)
        await pilot.press("space")
        assert (box_mark(first), box_mark(second)) == ("▐✓▌", "▐ ▌")


async def test_a_digit_rates_the_pain_with_the_focus_on_a_checkbox(build):
    app = build(preset="Stage 2 · Forward and back")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in app.screen.query(Checkbox):
            await pilot.press("space", "tab")
        await pilot.press("shift+tab")  # back on the last box, as after ticking it
        assert isinstance(app.focused, Checkbox)
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.recorder.pain_before == 10


async def test_empty_checklist_starts_with_enter_and_saves_the_session(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not list(app.screen.query(Checkbox))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert big(pilot, "direction") == "FORWARD ↑"
        assert big(pilot, "time") == "2"
        await advance(pilot, clock, 2.2)
        assert big(pilot, "direction") == "BACKWARD ↓"
        await advance(pilot, clock, 3)
        assert isinstance(app.screen, SummaryScreen)
    [session] = saved_sessions(where)
    assert session.status == "completed"
    assert session.seconds_by_kind == {
        "forward": 2.0,
        "backward": 3.0,
        "sideways": 0.0,
        "rest": 0.0,
    }
    assert [s.status for s in session.segments] == ["completed", "completed"]


# --------------------------------------------------------------- session


async def start_session(pilot, app, preset_checklist_empty: bool = True) -> SessionScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SessionScreen)
    return app.screen


WALK_THEN_COUNT = """\
name = "Walk then count"
checklist = []

[[segment]]
kind = "forward"
duration = 2

[[segment]]
kind = "backward"
duration = 2

[[segment]]
kind = "backward"
steps = 12

[[segment]]
kind = "forward"
duration = 2
"""


async def test_the_footers_keys_are_refreshed_only_when_they_change(build, where, clock):
    # Textual's footer builds every key again at each refresh: a step with
    # the same keys as the last (walk to walk) must keep the footer as it is.
    write_preset(where.presets_dir, "count.toml", WALK_THEN_COUNT)
    app = build(preset="Walk then count")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        refreshed: list[str] = []
        screen.bindings_updated_signal.subscribe(
            screen, lambda _: refreshed.append(big(pilot, "direction")), immediate=True
        )
        await advance(pilot, clock, 2.2)
        assert big(pilot, "direction") == "BACKWARD ↓"
        assert refreshed == [], "forward to backward: Pause, Next, Back as before"
        await advance(pilot, clock, 2)
        assert big(pilot, "time") == "12 STEPS"
        assert refreshed == ["BACKWARD ↓"], "a step count: Space says Done"
        assert "Done" in footer_text(screen)
        await advance(pilot, clock, 5)  # walked them (a press at once is taken as a bounce)
        await pilot.press("space")
        await pilot.pause()
        assert big(pilot, "direction") == "FORWARD ↑"
        assert len(refreshed) == 2 and "Pause" in footer_text(screen)


def footer_text(screen) -> str:
    return " ".join(key.description for key in screen.query(FooterKey))


async def test_a_timed_builtin_runs_to_the_end_by_itself(build, where, clock):
    app = build(preset="Stage 3 · Longer backward")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("space", "tab")
        await pilot.press("enter")
        await pilot.pause()
        # Late ticks, each over several segments: the engine catches up from timestamps.
        for _ in range(30):
            await advance(pilot, clock, 27.7)
            if isinstance(app.screen, SummaryScreen):
                break
        assert isinstance(app.screen, SummaryScreen)
    [session] = saved_sessions(where)
    assert session.status == "completed"
    # Stage 3: warm-up 2m, 5 x (30s forward + 60s backward), 4 x 30s rest, cool-down 2m.
    assert session.seconds_by_kind == {
        "forward": 120 + 5 * 30 + 120,
        "backward": 5 * 60,
        "sideways": 0.0,
        "rest": 4 * 30,
    }
    assert session.active_seconds == pytest.approx(810)


async def test_pause_excludes_paused_time(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 1)
        await pilot.press("space")
        await pilot.pause()
        assert screen.main.has_class("-paused")
        assert big(pilot, "direction") == "PAUSED"
        await advance(pilot, clock, 600)  # ten minutes paused
        assert big(pilot, "time") == "1"
        await pilot.press("space")
        await advance(pilot, clock, 1.5)
        assert big(pilot, "direction") == "BACKWARD ↓"
        await advance(pilot, clock, 3)
    [session] = saved_sessions(where)
    assert session.active_seconds == pytest.approx(5.0)
    assert session.segments[0].active_seconds == pytest.approx(2.0)


async def test_next_and_back(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 1.5)
        await pilot.press("n")
        await pilot.pause()
        assert big(pilot, "direction") == "BACKWARD ↓"
        await advance(pilot, clock, 1)
        await pilot.press("b")  # within 3 s: back to the previous step
        await pilot.pause()
        assert big(pilot, "direction") == "FORWARD ↑"
        await advance(pilot, clock, 1.5)
        await pilot.press("b")  # the first step has no previous one: back restarts it
        await pilot.pause()
        assert big(pilot, "direction") == "FORWARD ↑"
        assert big(pilot, "time") == "2"
        await advance(pilot, clock, 5.5)
        assert isinstance(app.screen, SummaryScreen)
    [session] = saved_sessions(where)
    assert session.status == "completed"
    assert [(s.kind, s.status) for s in session.segments] == [
        ("forward", "skipped"),
        ("backward", "skipped"),
        ("forward", "skipped"),
        ("forward", "completed"),
        ("backward", "completed"),
    ]
    assert session.active_seconds == pytest.approx(1.5 + 1 + 1.5 + 5)


async def test_escape_asks_then_saves_as_ended_early(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 1)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: keep going
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "ended early" in str(app.screen.query_one(".screen-title").content)
    [session] = saved_sessions(where)
    assert session.status == "ended_early"
    assert session.active_seconds == pytest.approx(1.0)


async def test_the_end_question_pauses_the_session_and_keep_going_resumes_it(build, where, clock):
    # "End this session now?" covers the time and the direction: nothing may
    # run behind it, not the clock, not a change of segment, not the count.
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        session = await start_session(pilot, app)
        await advance(pilot, clock, 1)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert session.engine.state == PAUSED
        clock.advance(6)
        session.tick()  # its timer, firing under the dialog
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert session.engine.index == 0
        assert session.engine.session_active() == pytest.approx(1.0)
        await pilot.press("escape")  # keep going: it was running, so it runs again
        await pilot.pause()
        assert app.screen is session and session.engine.state == "running"
        await advance(pilot, clock, 3)
        await pilot.press("p")  # paused by the walker: asking leaves it paused
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is session and session.engine.state == PAUSED
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    [saved] = saved_sessions(where)
    assert saved.status == "ended_early"
    assert saved.active_seconds == pytest.approx(4.0)


async def test_a_step_count_step_waits_for_space(build, where, clock):
    write_preset(where.presets_dir, "counted.toml", STEP_COUNT)
    app = build(preset="Counted")
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        assert big(pilot, "time") == "12 STEPS"
        await advance(pilot, clock, 300)
        assert big(pilot, "direction") == "BACKWARD ↓", "a step count never times out"
        detail = pilot.app.screen.query_one("#step-detail", Label)
        assert str(detail.content) == "5:00 so far · Space when done"
        await pilot.press("p")  # paused, Space resumes: it no longer says "when done"
        await pilot.pause()
        assert str(detail.content) == "5:00 so far"
        await advance(pilot, clock, 1)  # a press at once would be the pause's again
        await pilot.press("p")
        await advance(pilot, clock, 1)
        await pilot.press("space")
        await pilot.pause()
        assert big(pilot, "direction") == "FORWARD ↑"
        await advance(pilot, clock, 10)
    [session] = saved_sessions(where)
    assert session.segments[0].target_steps == 12
    assert session.segments[0].active_seconds == pytest.approx(301)  # the paused second not
    assert session.segments[0].status == "completed"


async def test_space_pressed_twice_finishes_or_starts_one_thing_only(build, where, clock):
    counts = 'name = "Counts"\nchecklist = []\n' + (
        '\n[[segment]]\nkind = "forward"\nsteps = 12\n'
        '\n[[segment]]\nkind = "backward"\nsteps = 12\n'
    )
    write_preset(where.presets_dir, "counts.toml", counts)
    app = build(preset="Counts", settings=Settings(lead_in=5))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press("space")  # in the lead-in: start now
        await advance(pilot, clock, 0.2)
        await pilot.press("space")  # the same press again: it does not pause
        await pilot.pause()
        assert screen.engine.state == "running"
        await advance(pilot, clock, 10)
        await pilot.press("space")  # done with the forward steps
        await advance(pilot, clock, 0.25)
        await pilot.press("space")  # again: the backward steps are not done
        await pilot.pause()
        assert big(pilot, "direction") == "BACKWARD ↓" and screen.engine.index == 1
        await advance(pilot, clock, 10)
        await pilot.press("escape", "y")
        await pilot.pause()
    [session] = saved_sessions(where)
    assert [(s.kind, s.status) for s in session.segments] == [
        ("forward", "completed"),
        ("backward", "skipped"),
    ]


async def test_quitting_mid_session_saves_it_as_ended_early(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 3.5)
        await pilot.press("ctrl+q")
        await pilot.pause()
    [session] = saved_sessions(where)
    assert session.status == "ended_early"
    assert [s.status for s in session.segments] == ["completed", "skipped"]
    assert session.active_seconds == pytest.approx(3.5)


async def test_a_stop_signal_saves_the_session_as_interrupted(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 1)
        app._stop_signal(signal.SIGTERM)
        await pilot.pause()
    [session] = saved_sessions(where)
    assert session.status == "interrupted"
    assert [s.status for s in session.segments] == ["interrupted"]


async def test_lead_in_counts_down_then_starts_on_time(build, where, clock):
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    app = build(preset="Two steps", settings=Settings(lead_in=5))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        assert screen.main.has_class("-lead-in")
        assert big(pilot, "time") == "5"
        assert big(pilot, "direction") == "FORWARD ↑"
        await advance(pilot, clock, 4.5)
        assert big(pilot, "time") == "1"
        await advance(pilot, clock, 1.25)  # 0.75 s into the first step
        assert not screen.main.has_class("-lead-in")
        assert screen.engine.snapshot().step_elapsed == pytest.approx(0.75)


async def test_the_bell_rings_at_changes_and_in_the_countdown(build, where, clock):
    """sound = "bell": the terminal's bell, as before there were tones; m mutes it."""
    write_preset(where.presets_dir, "two.toml", TWO_STEPS.replace("duration = 3", "duration = 6"))
    bells = []
    app = build(preset="Two steps", settings=Settings(lead_in=0, sound="bell"))
    app.cues.bell = lambda: bells.append(clock.now)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        assert bells == [clock.now], "forward"
        await advance(pilot, clock, 2)
        assert bells == [clock.now - 2, clock.now], "backward; 2 s is too short for a countdown"
        for _ in range(4):  # to 2 s before the end of the 6 s step
            await advance(pilot, clock, 1)
        assert bells[2:] == [clock.now - 1, clock.now], "3 and 2 seconds left"
        assert app.screen.active_bindings["m"].binding.description == "Mute"
        await pilot.press("m")
        assert app.screen.active_bindings["m"].binding.description == "Unmute", (
            "the footer shows that the sound is off"
        )
        await advance(pilot, clock, 1)
        assert len(bells) == 4, "muted: no bell for the last second"
        await advance(pilot, clock, 1)
        assert isinstance(app.screen, SummaryScreen)
    assert app.cues.player is None, "no tones wanted: no sound output opened"


async def test_the_lead_in_footer_says_what_esc_does_there(build, where, clock):
    """Before the start Esc leaves without starting: "Back", as the screen says, not "End"."""
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    app = build(preset="Two steps", settings=Settings(lead_in=5))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        detail = str(screen.query_one("#step-detail", Label).content)
        assert "Esc goes back" in detail
        assert screen.active_bindings["escape"].binding.description == "Back"
        await advance(pilot, clock, 5.5)  # the session has started: Esc now ends it
        assert screen.active_bindings["escape"].binding.description == "End"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep going
        await pilot.pause()

    app = build(preset="Two steps", settings=Settings(lead_in=5))
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen), "back to the presets, as the words say"
    assert len(saved_sessions(where)) == 1, "the session not started is not saved"


def sound_off_shown(screen: SessionScreen) -> bool:
    mark = screen.query_one("#sound-off", Label)
    return screen.has_class("-sound-off") and mark.display and mark.region.width > 0


async def test_sound_off_stays_on_the_session_screen_while_muted(build, where, clock):
    """After m the top bar says "Sound off", through the next session, until unmuted."""
    app = two_steps_app(build, where)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        assert not sound_off_shown(screen)
        await pilot.press("m")
        await pilot.pause()
        assert sound_off_shown(screen)
        assert "Sound off" in str(screen.query_one("#sound-off", Label).content)
        await advance(pilot, clock, 5)
        await pilot.press("enter")  # the summary's Done
        await pilot.pause()
        app.push_screen(SafetyScreen(app.catalog.get("Two steps")))
        screen = await start_session(pilot, app)
        assert app.muted
        assert sound_off_shown(screen), "still muted in the next session, and it says so"
        app.action_toggle_mute()  # what the palette's "Unmute" does
        await pilot.pause()
        assert not sound_off_shown(screen)
        await pilot.press("m")
        await pilot.pause()
        assert sound_off_shown(screen)


async def test_sound_off_in_the_settings_is_shown_too(build, where, clock):
    app = two_steps_app(build, where, settings=Settings(lead_in=0, sound="off"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        assert sound_off_shown(screen)
        # Nothing to mute: m is not offered, not in the footer nor the palette, and does nothing.
        assert "m" not in screen.active_bindings
        assert not {"Mute", "Unmute"} & {c.title for c in app.get_system_commands(screen)}
        await pilot.press("m")
        await pilot.pause()
        assert not app.muted and "Sound off" in str(screen.query_one("#sound-off", Label).content)


def words(screen) -> str:
    return " ".join(str(w.content) for w in screen.query(Label))


async def test_help_over_a_running_session_pauses_it_and_says_so(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        # The session's own timer still fires behind the help: nothing moves.
        clock.advance(60)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert screen.engine.session_active() == pytest.approx(1.0)
        assert "session is paused" in words(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert big(pilot, "direction") == "PAUSED", "still paused: Space goes on"
        await pilot.press("space")
        await advance(pilot, clock, 4)
        assert isinstance(app.screen, SummaryScreen)
    [session] = saved_sessions(where)
    assert session.status == "completed"
    assert session.active_seconds == pytest.approx(5.0)


async def test_help_over_a_paused_session_leaves_it_paused(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press("space")
        await pilot.press("question_mark")
        await pilot.pause()
        assert "session is paused" in words(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.engine.state == PAUSED


async def test_the_palette_over_a_running_session_pauses_it(build, where, clock):
    """Ctrl+P covers the time: the session waits, as under the help, and stays paused after."""
    from textual.command import CommandPalette

    app = two_steps_app(build, where, settings=Settings(lead_in=0))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 1)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await until(pilot, lambda: screen.engine.state == PAUSED, "the session paused")
        clock.advance(60)
        screen.tick()
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the palette closed")
        assert screen.engine.state == PAUSED, "still paused: Space goes on"
        assert screen.engine.session_active() == pytest.approx(1.0)


async def test_the_palette_s_commands_never_leave_a_running_session_unseen(build, where, clock):
    """Stats asks "End this session now?" first, as Presets does; no keys panel beside the time."""
    app = two_steps_app(build, where, settings=Settings(lead_in=0))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 1)
        titles = {command.title for command in app.get_system_commands(screen)}
        assert "Keys" not in titles, "the help lists the keys; the panel shrank the time"
        app.action_stats()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and screen.engine.state == PAUSED
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Keys" not in {command.title for command in app.get_system_commands(app.screen)}
    [session] = saved_sessions(where)
    assert session.status == "ended_early"


async def test_help_during_the_lead_in_holds_the_countdown(build, where, clock):
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    app = build(preset="Two steps", settings=Settings(lead_in=5))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 2)
        assert big(pilot, "time") == "3"
        await pilot.press("question_mark")
        await pilot.pause()
        clock.advance(30)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert screen.main.has_class("-lead-in"), "the session did not start behind the help"
        assert "not started" in words(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert big(pilot, "time") == "5", "the countdown starts over"
        await advance(pilot, clock, 5.5)
        assert screen.engine.snapshot().step_elapsed == pytest.approx(0.5)


async def test_summary_answers_are_saved_as_given(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 5)
        assert isinstance(app.screen, SummaryScreen)
        [session] = saved_sessions(where)
        assert (session.pain_after, session.stumbles, session.notes) == (None, None, "")
        await pilot.press("3")
        await pilot.pause()
        assert saved_sessions(where)[0].pain_after == 3
        stumbled = app.screen.query_one("#stumbled", Checkbox)
        assert box_mark(stumbled) == "▐ ▌"
        stumbled.value = True
        await pilot.pause()
        assert box_mark(stumbled) == "▐✓▌"
        note = app.screen.query_one("#note", Input)
        note.value = "Knee felt fine"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    [session] = saved_sessions(where)
    assert (session.pain_after, session.stumbles, session.notes) == (3, 1, "Knee felt fine")


async def test_a_summary_note_is_saved_as_it_is_typed_and_at_once_on_a_stop_signal(
    build, where, clock, monkeypatch
):
    # The window may close at any moment: a note does not wait for Done.
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 5)
        assert isinstance(app.screen, SummaryScreen)
        monkeypatch.setattr(answers, "NOTE_SAVE_SECONDS", 0.001)  # the typing paused
        await pilot.click("#note")
        await pilot.press(*"my knee")
        for _ in range(50):  # until the pause's timer has fired
            if saved_sessions(where)[0].notes:
                break
            await pilot.pause()
        assert saved_sessions(where)[0].notes == "my knee"
        monkeypatch.setattr(answers, "NOTE_SAVE_SECONDS", 3600.0)  # still typing
        await pilot.press(*" clicked")
        app._stop_signal(signal.SIGTERM)  # before anything is unmounted
        assert saved_sessions(where)[0].notes == "my knee clicked"
        await pilot.pause()


async def test_a_session_s_details_save_nothing_until_its_note_is_changed(build, where):
    with History(where.database) as history:
        session_id = history.start_session(preset="Old walk", preset_toml="")
        history.update_answers(session_id, notes="stored")
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(SessionDetailScreen(session_id))
        await pilot.pause()
        assert app.screen._note is None  # shown as stored: nothing to save, nor to fail to
        await pilot.click("#note")
        await pilot.press("end", "!")
        assert app.screen._note == "stored!"


async def test_a_session_walked_is_praised_and_one_skipped_through_is_not(build, where, clock):
    speaker = SilentSpeaker()
    app = two_steps_app(build, where, speaker=speaker, settings=Settings(lead_in=0, sound="voice"))
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await pilot.press("n", "n")  # skip both segments
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert str(app.screen.query_one(".screen-title", Static).content) == (
            "Session skipped through"
        )
        figures = str(app.screen.query_one("#summary-figures", Static).content)
        assert "Segments done           0 of 2" in figures.splitlines()
        assert not any("Well done" in said for said in speaker.said)

    speaker = SilentSpeaker()
    app = two_steps_app(build, where, speaker=speaker, settings=Settings(lead_in=0, sound="voice"))
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 5)
        assert str(app.screen.query_one(".screen-title", Static).content) == (
            "Session complete. Well done!"
        )
        assert speaker.said[-1] == "Well done. Session complete."


async def test_a_session_walked_under_half_is_not_praised_though_a_segment_was_done(
    build, where, clock
):
    """The tune follows the history's one rule for skipped through (`records`), not a title."""
    speaker = SilentSpeaker()
    write_preset(where.presets_dir, "two.toml", TWO_STEPS.replace("duration = 3", "duration = 6"))
    app = build(preset="Two steps", speaker=speaker, settings=Settings(lead_in=0, sound="voice"))
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        # The 2 s forward done, 1.5 s into the 6 s backward: an n this late is
        # meant for it (earlier, it was meant for the forward, and is ignored).
        await advance(pilot, clock, 3.5)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "at the summary")
    [session] = saved_sessions(where)
    assert (session.status, session.skipped_through) == ("completed", True)
    assert not any("Well done" in said for said in speaker.said)


async def test_summary_left_unanswered_keeps_the_session(build, where, clock):
    app = two_steps_app(build, where)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 5)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        detail = str(app.screen.query_one("#detail", Static).content)
    [session] = saved_sessions(where)
    assert session.status == "completed"
    assert (session.pain_after, session.stumbles, session.notes) == (None, None, "")
    assert detail  # the picker is back and drawn


async def test_pain_scale_keys():
    from textual.app import App

    class One(App):
        def compose(self):
            yield PainScale(id="p")

    app = One()
    async with app.run_test() as pilot:
        scale = app.query_one(PainScale)
        scale.focus()
        await pilot.press("right")
        assert scale.value == 0
        await pilot.press("7", "right", "right", "right", "right")
        assert scale.value == 10
        await pilot.press("1", "0")
        assert scale.value == 10
        await pilot.press("left", "backspace")
        assert scale.value is None


@pytest.mark.parametrize("size", [(20, 8), (40, 12), (80, 24), (300, 100)])
async def test_any_terminal_size_and_resizes_keep_the_time(build, where, clock, size):
    app = two_steps_app(build, where)
    async with app.run_test(size=size) as pilot:
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 1)
        for other in [(100, 30), (20, 8), size]:
            await pilot.resize_terminal(*other)
            await pilot.pause()
        assert screen.engine.snapshot().step_elapsed == pytest.approx(1.0)
        await advance(pilot, clock, 4)
        assert isinstance(app.screen, SummaryScreen)


async def test_a_size_the_terminal_did_not_announce_is_noticed_on_the_next_look(
    build, where, clock
):
    """A window opened at 80x24 and made full-screen before the app listened for it."""
    app = two_steps_app(build, where)
    app.size_checks = ()  # no re-reads after the start: only the session's looks read the size
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        time = screen.query_one("#time", BigText)
        small = time.region.height
        real = Size(200, 60)
        size_when_looked = []

        def kernel() -> Size:  # the kernel has the new size; no resize came
            size_when_looked.append(app.size)
            return real

        app.read_terminal_size = kernel
        await advance(pilot, clock, 0.5)  # the session looks, as it does every second
        await until(
            pilot, lambda: screen.size == real and time.region.height > 2 * small,
            "laid out at 200x60 with the time grown with the window",
        )  # fmt: skip
        assert size_when_looked[0] == Size(80, 24), "nothing noticed before a look"
        assert app.size == real
        app.read_terminal_size = lambda: None  # a terminal that cannot say: nothing changes
        await advance(pilot, clock, 0.5)
        assert app.size == real


async def test_settings_problems_are_shown_and_the_app_runs(where, clock):
    where.config_dir.mkdir(parents=True)
    where.settings_file.write_text('sound = "loud"\ntheme = "no-such-theme"\n')
    app = make_app(where, settings=None, clock=clock)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in said(app)]
        expected = "sound: must be one of tones, voice, bell, off, got 'loud'"
        assert f"{where.settings_file}:1: {expected}" in messages
        assert (
            f"{where.settings_file}:2: theme: unknown theme 'no-such-theme' "
            "(Ctrl+P in the app lists them)"
        ) in messages
        assert isinstance(app.screen, PickerScreen)
    app.history.close()


async def test_what_is_said_during_a_session_waits_for_the_summary(where, clock):
    """Nothing covers the direction or the time: a toast up when the session
    starts, and any message while it runs, is shown when it is over."""
    where.config_dir.mkdir(parents=True)
    where.settings_file.write_text('lead_in = 0\nsound = "loud"\n')
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    app = make_app(where, preset="Two steps", settings=None, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert any("got 'loud'" in toast for toast in toasts(app)), "shown at the safety check"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.notify("A preset file changed", title="Presets")  # as any part of the app may
        await pilot.press("m", "m")  # the top bar says "Sound off" while muted
        await pilot.pause()
        assert toasts(app) == []
        await advance(pilot, clock, 2)
        assert toasts(app) == []
        await advance(pilot, clock, 3)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.pause()
        shown = toasts(app)
    assert len(shown) == 2, shown
    assert "got 'loud'" in shown[0] and shown[1] == "Presets\nA preset file changed"
    app.history.close()


async def test_ctrl_c_in_a_session_asks_to_end_it_as_esc_does(build, where, clock):
    app = two_steps_app(build, where, settings=Settings(lead_in=5))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press("ctrl+c")  # in the lead-in: back, as Esc
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and toasts(app) == []
        app.push_screen(SafetyScreen(app.catalog.get("Two steps")))
        screen = await start_session(pilot, app)
        await advance(pilot, clock, 6)
        assert screen.engine.state == "running"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and toasts(app) == []
        await pilot.press("escape")  # keep going
        await pilot.pause()
        app.action_presets()  # the palette's "Presets" mid-session: asks too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and toasts(app) == []


async def test_the_footer_under_end_this_session_shows_the_question_s_keys(build, where, clock):
    """Space does nothing in the question and n keeps going: the footer says so, not the session."""
    app = two_steps_app(build, where, settings=Settings(lead_in=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        footer = app.screen.query_one(Footer)
        assert footer.region.bottom == 24, "over the session's footer"
        keys = [(key.key, key.description) for key in footer.query("FooterKey")]
        assert keys == [("y", "Yes"), ("n", "No")]


async def test_textual_s_own_messages_keep_their_markup(build):
    """Ctrl+C outside a session: Textual says how to quit, in bold, not in brackets."""
    app = build()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert toasts(app) == ["Do you want to quit?\nPress q to quit the app"]
        app.notify("[b]ctrl+q[/b] is a [left knee] name")  # backwalk's: as written
        await pilot.pause()
        assert toasts(app)[1] == "[b]ctrl+q[/b] is a [left knee] name"


async def test_ctrl_c_outside_a_session_says_how_to_quit_once(build, where, clock):
    """Pressed again while the first is up (at the summary, then at the presets):
    one notice, never a second over it."""
    app = two_steps_app(build, where)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 2.2)
        await advance(pilot, clock, 3)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert toasts(app) == ["Do you want to quit?\nPress ctrl+q to quit the app"]
        await pilot.press("enter")  # Done
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("ctrl+c", "ctrl+c")
        await pilot.pause()
        assert len(toasts(app)) == 1 and len(said(app)) == 1, toasts(app)


async def test_without_a_history_sessions_still_run(where, clock):
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    safety.accept_disclaimer(where)
    from backwalk_tui.presets import load_catalog

    catalog = load_catalog(where.presets_dir)
    given = Collaborators(
        where, Settings(lead_in=0), catalog, history=None,
        history_problem="Sessions will not be saved: the disk is read-only", clock=clock,
    )  # fmt: skip
    app = BackwalkApp(given, preset=catalog.get("Two steps"))
    async with app.run_test(size=(100, 30)) as pilot:
        await start_session(pilot, app)
        await advance(pilot, clock, 5)
        assert isinstance(app.screen, SummaryScreen)
        saved = str(app.screen.query_one("#saved").content)
        assert "not saved" in saved and "read-only" in saved
    assert not where.database.exists()


def test_run_app_gives_the_app_what_its_home_holds(where, monkeypatch):
    # run_app builds the app's Collaborators: config.toml's settings, the
    # presets, the history opened (and closed after); no tones with sound off.
    from backwalk_tui.presets import load_catalog
    from backwalk_tui.ui import app as app_module

    where.settings_file.parent.mkdir(parents=True, exist_ok=True)
    where.settings_file.write_text('sound = "off"\nlead_in = 7\n', encoding="utf-8")
    write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    ran = []
    monkeypatch.setattr(BackwalkApp, "run", lambda app: ran.append(app))
    monkeypatch.setattr(app_module.paste, "install", lambda: None)  # the driver stays Textual's
    catalog = load_catalog(where.presets_dir)
    assert app_module.run_app(where, catalog=catalog, preset=catalog.get("Two steps")) == 0
    (app,) = ran
    assert (app.settings.sound, app.settings.lead_in) == ("off", 7)
    assert app.catalog is catalog and app.cues.player is None and app.history_problem is None
    assert app.history is not None and where.database.exists()
    assert app._initial_preset is catalog.get("Two steps")


async def test_palette_presets_command_returns_to_the_picker(build):
    app = build()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, PickerScreen)
        app.action_presets()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


# ------------------------------------------------------------- editor


async def test_the_editor_checks_a_file_once_when_it_opens(build, where, monkeypatch):
    from backwalk_tui.ui.screens.editor import EditorScreen

    checks = []
    check_now = EditorScreen.check_now
    monkeypatch.setattr(EditorScreen, "check_now", lambda screen: checks.append(check_now(screen)))
    path = write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    app = build(edit_only=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert len(checks) == 1  # load_text's own Changed does not check it again
        await pilot.press("end", "x")
        await pilot.pause()
        assert len(checks) == 2  # an edit is checked


async def test_the_editor_cursor_holds_still_without_a_terminal(build, where):
    """Headless, a blinking cursor would be caught in a different phase by each picture."""
    path = write_preset(where.presets_dir, "two.toml", TWO_STEPS)
    app = build(edit_only=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        source = app.screen.query_one("#source")
        assert source.has_focus and not source.cursor_blink


@pytest.mark.parametrize("width", [50, 60, 100])
async def test_the_pain_scale_words_are_whole_or_left_out(build, where, width):
    """ "not rated" beside the numbers, or nothing: never "not rate", cut at the edge."""
    from backwalk_tui.ui.widgets.painscale import PainScale

    app = two_steps_app(build, where)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        scale = app.screen.query_one("#pain-before", PainScale)
        shown = scale.render().plain
        assert scale.region.right <= width
        assert len(shown) <= scale.content_size.width
        assert shown.rstrip().endswith(("10", "not rated"))
        if width == 100:
            assert shown.endswith("not rated")
