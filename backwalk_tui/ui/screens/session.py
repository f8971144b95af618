"""The session: a lead-in, then the timer, readable from across the room.

The screen looks at the engine only when something can have changed: each
tick asks the engine for its events (step changes, countdown seconds) and a
whole-second snapshot, then sets a timer for the engine's next change (the
step's clock reaching its next second, a cue, the step's end), at most a
second away. Every figure on screen moves with the step's clock, so a
running session wakes the app about once a second and repaints once; cues
sound on their moment, not on the next of a fixed rate of ticks.

What the screen shows at a moment is worked out in `ui/session_view.py`
(plain Python, tested without the app); this screen keeps the ticking, the
keys and the widgets, and draws each `View` with `_draw`. The widgets are
given plain strings, so they repaint only when what they show changes.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Mount, Resize
from textual.timer import Timer
from textual.widgets import Footer, Label, ProgressBar

from backwalk_tui.engine import (
    BACK_GRACE_SECONDS,
    FINISHED,
    PAUSED,
    READY,
    RUNNING,
    STOPPED_MIN_SECONDS,
    Countdown,
    Engine,
    Event,
    Halfway,
    SessionFinished,
    Slept,
    Snapshot,
    StepStarted,
    sleep_aware_clock,
)
from backwalk_tui.keepawake import PAUSE_LIMIT_SECONDS
from backwalk_tui.plan import Plan, build_plan
from backwalk_tui.presets import Preset
from backwalk_tui.recording import SessionRecorder
from backwalk_tui.sound.speech import step_phrase
from backwalk_tui.sound.tones import cue_for_kind
from backwalk_tui.ui.fitting import fit_session
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.session_view import LINES, View, view_at
from backwalk_tui.ui.widgets.bigtext import BigText

#: The longest wait between two looks: how soon a paused session notices
#: that the computer was asleep.
MAX_TICK_SECONDS = 1.0
#: Looks land this long after the moment they are for, so that moment has
#: surely passed on the clock (a look a hair early would find nothing new).
TICK_LATE_SECONDS = 0.002
FLASH_SECONDS = 0.6


class SessionProgress(ProgressBar):
    """Textual's progress bar without the refresh it runs every second for an ETA.

    The session shows no ETA, and that refresh, out of step with the session's
    own second, made the screen draw itself twice a second instead of once.
    """

    def on_mount(self, event: Mount) -> None:  # type: ignore[override]  # a handler may take its event or not
        event.prevent_default()  # ProgressBar's own on_mount starts the timer
        self.update()


#: A line wraps onto at most this many rows before the time gives up room to it.
MOST_LINE_ROWS = 3


class SessionBody(Vertical):
    """The time, the direction and their lines; shared out again whenever its size changes."""

    def on_resize(self, event: Resize) -> None:
        screen = self.screen
        if isinstance(screen, SessionScreen):
            screen.fit_body()


#: What b does, in the help.
BACK_WORDS = (
    f"back (restart the segment, or the previous one in its first {BACK_GRACE_SECONDS:g} s)"
)


class SessionScreen(BackwalkScreen[None]):
    BINDINGS = [
        Binding("space", "start_now", "Start now", id="start-now"),
        Binding("space", "pause", "Pause", id="pause"),
        Binding("space", "resume", "Resume", id="resume"),
        Binding("space", "done", "Done", id="done", tooltip="done (a step count)"),
        Binding("p", "toggle_pause", "Pause", show=False, tooltip="pause (on a step count too)"),
        Binding("n", "next", "Next", id="next", tooltip="next segment"),
        Binding("b", "back", "Back", id="back", tooltip=BACK_WORDS),
        Binding("escape", "end", "End", id="end", tooltip="end early (asks first)"),
        # Before the start Esc leaves without starting: the footer says "Back", as the screen.
        Binding("escape", "end('back')", "Back", id="leave", tooltip="back, before the start"),
        # The footer says "Unmute" while muted, and the top bar "Sound off".
        Binding("m", "toggle_mute", "Mute", id="mute"),
        Binding("m", "toggle_mute('unmute')", "Unmute", id="unmute"),
        # Ctrl+C, the reflex for "stop": what Esc does, rather than Textual's
        # toast about Ctrl+Q over the time.
        Binding("ctrl+c", "stop", "End", show=False, tooltip="what Esc does"),
    ]

    def __init__(
        self, preset: Preset, *, pain_before: int | None = None, notices: Sequence[str] = ()
    ):
        """`notices`: the kinds of the notices the safety check showed, kept with the session."""
        super().__init__()
        self.preset = preset
        self.plan: Plan = build_plan(preset)
        sleep_clock = self.app.sleep_clock
        real_time = self.app.clock is time.monotonic
        if sleep_clock is None and real_time:
            sleep_clock = sleep_aware_clock()  # a fake clock goes with a fake one, or none
        self.engine = Engine(
            self.plan, self.app.clock, countdown=self.app.settings.countdown,
            sleep_clock=sleep_clock,
            # This screen looks at least once a second (`tick`); a fake clock
            # is moved by whole stretches at a time, which is not a stop.
            stopped_after=STOPPED_MIN_SECONDS if real_time else None,
        )  # fmt: skip
        self.recorder = SessionRecorder(
            self.app.history, self.plan, pain_before=pain_before, notices=notices
        )
        self._lead_in_start = self.app.clock()
        self._flash_until = 0.0
        #: What each widget shows now, so a tick repaints only what changed.
        self._shown: dict[str, object] = {}
        #: What the body shows now, and the shape it was last shared out for.
        self._view_shown: View | None = None
        self._fitted_for: tuple | None = None
        self._shown_problem = False
        self._timer: Timer | None = None
        #: Seconds until the screen looks again, as last set.
        self.next_look = 0.0
        #: Help covers the lead-in: the countdown waits, and starts over after.
        self._lead_in_held = False
        #: A beat a step on paced segments: the preset's say, else the settings'.
        self.metronome = (
            preset.metronome if preset.metronome is not None else self.app.settings.metronome
        )
        #: The segment run and period the metronome was last asked for.
        self._beat: tuple[int, float | None] = (-1, None)
        #: What the footer's keys were last refreshed for (`_refresh_keys`).
        self._keys_for: tuple | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-top"):
            yield Label(Text(self.preset.name), id="session-name")
            yield Label("Sound off", id="sound-off")
            yield Label("Screen may sleep", id="screen-may-sleep")
            yield Label("", id="session-round")
        # What changes with the moment (the direction, paused, the wash) is a
        # class on this part alone: a change restyles it, not the whole screen.
        with Vertical(id="session-main"):
            # The lead-in says what will not work today, read at the counter
            # before walking; above the body, so the time keeps its own rows.
            with Vertical(id="lead-in-notices"):
                yield Label("", id="sound-notice")
                yield Label("", id="screen-notice")
            with SessionBody(id="session-body"):
                yield BigText("", rows=1, id="direction")
                yield Label("", id="step-cue")
                yield BigText("", rows=1, id="time")
                yield Label("", id="step-detail")
                yield Label("", id="standing-cues")
                yield Label("", id="next-step")
            with Horizontal(id="session-bottom"):
                yield SessionProgress(
                    total=1.0, show_eta=False, show_percentage=False, id="progress"
                )
                yield Label("", id="session-totals")
        yield Footer()

    @property
    def main(self) -> Vertical:
        """The part of the screen that shows the moment: its classes say which."""
        return self.query_one("#session-main", Vertical)

    def on_mount(self) -> None:
        # Muting lasts for the rest of the run, next sessions too: while no cue
        # will sound, the top bar says so, in letters readable across the room.
        self.watch(self.app, "muted", self._sound_switched)
        # The lead-in counts from the moment the screen is there to see.
        self._lead_in_start = self.app.clock()
        self.tick()

    def on_screen_resume(self) -> None:
        # Nothing may cover the direction or the time: messages wait (app.hold_notices).
        self.app.hold_notices()
        if self._lead_in_held:
            self._lead_in_held = False
            self._lead_in_start = self.app.clock()
            self.tick()

    def on_screen_suspend(self) -> None:
        # The help, a question or the palette over the session: the walker is
        # at the keyboard, and nothing runs unseen behind them (`hold`).
        self.hold()
        self.app.release_notices()

    def _sound_switched(self) -> None:
        self._show_sound()
        self._refresh_keys()  # m: "Mute" or "Unmute", however it was switched
        self._keep_the_beat()

    def _show_sound(self) -> None:
        """The top bar's lasting sign: "Sound off" (switched off), "No sound" (no output)."""
        sign = "No sound" if self.app.cues.problem else ""
        if not self.app.cues.on:
            sign = "Sound off"
        self.set_class(bool(sign), "-sound-off")
        if sign:
            self._set("sound-off", sign)

    # --------------------------------------------------------------- time

    @property
    def lead_in(self) -> int:
        return self.app.settings.lead_in

    def tick(self) -> None:
        now = self.app.clock()
        self.app.check_terminal_size()
        self.query_one("#direction").set_class(now < self._flash_until, "-flash")
        self._keep_screen_on(now)
        self._show_sound()  # an output can fail mid-session
        if self.engine.state == READY:
            if self._lead_in_held:
                self._lead_in_start = now
            left = self.lead_in - (now - self._lead_in_start)
            if left > 0:
                self._draw(self._view_of(self.engine.snapshot(now), lead_in_left=left))
                self._next_tick(now)
                return
            # Start at the exact end of the lead-in, however late this tick is.
            self._handle(self.engine.start(at=self._lead_in_start + self.lead_in))
            self.app.live_session = self
        self._handle(self.engine.poll())
        snapshot = self.engine.snapshot(now, whole_seconds=True)
        if not snapshot.finished:
            self._draw(self._view_of(snapshot))
            self._next_tick(now)

    def on_unmount(self) -> None:
        # Finished, ended, or left before the start: the screen may sleep again,
        # the metronome stops (a finishing tune plays on), and what waited is shown.
        self.app.release_notices()
        self.app.screen_keeper.release()
        if self.app.cues.player is not None:
            self.app.cues.player.metronome(None)

    def _keep_screen_on(self, now: float) -> None:
        """The screen stays on from the lead-in on, and through a pause of a few minutes.

        A pause longer than that means the walker has gone: the screen may
        sleep as it would, until the session goes on. Where the screen cannot
        be kept on, the lead-in says why and the top bar keeps saying so.
        """
        keeper = self.app.screen_keeper
        paused = self.engine.paused_for(now)
        keeper.follow(awake=paused is None or paused < PAUSE_LIMIT_SECONDS)
        self.set_class(keeper.problem is not None, "-screen-may-sleep")

    def hold(self) -> str | None:
        """Wait while something covers the session; what the help should say about it.

        Called when anything opens over the session (the help, a question,
        the palette). Someone reading it stands at the laptop, not walking. A session
        left running behind it would count time not walked, and could move on
        to the next segment, calling "Backward", while nobody watches the screen.
        So it pauses, and stays paused when the help closes: the walker goes
        back to the counter first, then goes on with Space, as after any
        pause. A lead-in not yet over starts over when the help closes.
        """
        if self.engine.state == READY:
            self._lead_in_held = True
            return "The session has not started: its countdown starts again when you close this."
        if self.engine.state == RUNNING:
            self._act(self.engine.pause(pressed=False))
        if self.engine.state == PAUSED:
            return "The session is paused. Close this (Esc), then press Space to go on."
        return None

    def _next_tick(self, now: float | None = None) -> None:
        """Look again when something can next have changed, and not before."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.engine.state == FINISHED:
            return
        now = self.app.clock() if now is None else now
        wait = MAX_TICK_SECONDS
        if self.engine.state == READY:
            left = self.lead_in - (now - self._lead_in_start)
            wait = min(wait, max(0.0, left - (math.ceil(left) - 1)))
        else:
            change = self.engine.next_change(now)
            if change is not None:
                wait = min(wait, change)
        if now < self._flash_until:
            wait = min(wait, self._flash_until - now)
        self.next_look = wait + TICK_LATE_SECONDS
        self._timer = self.set_timer(self.next_look, self.tick, name="session-tick")

    def _handle(self, events: list[Event]) -> None:
        if any(isinstance(event, StepStarted) for event in events):
            # The old segment's beat stops before the new one's cue sounds:
            # asked after it, a beat could slip in behind the cue.
            self._stop_the_beat()
        # The cues first: they are due now, and saving a segment can take a
        # disk's flush.
        self._sound(events)
        self.recorder.apply(events)
        if self.recorder.problem and not self._shown_problem:
            # Held while the session shows (app.hold_notices): told at the summary.
            self._shown_problem = True
            self.notify(self.recorder.problem, title="History", severity="error", timeout=30)
        changed = False
        for event in events:
            if isinstance(event, StepStarted):
                changed = True
            elif isinstance(event, Slept):
                self._refresh_keys()  # paused: Space now resumes
            elif isinstance(event, SessionFinished):
                self._finished()
                return
        if changed:
            self._flash()
            self._refresh_keys()  # a step count's Space says "Done"
        self._keep_the_beat()

    def _sound(self, events: list[Event]) -> None:
        cue = self.app.cue
        started: StepStarted | None = None
        for event in events:
            if isinstance(event, StepStarted):
                started = event
            elif isinstance(event, Countdown):
                cue("tick", due=event.at)
            elif isinstance(event, Halfway):
                cue("halfway", "Halfway", due=event.at)
            elif isinstance(event, SessionFinished) and self._praised():
                cue("finish", "Well done. Session complete.")
        if started is not None and self.engine.state != FINISHED:
            # One cue for the step the walker is now on, even if several passed.
            step = started.step
            cue(cue_for_kind(step.kind), step_phrase(step), due=started.at)

    def _praised(self) -> bool:
        """Completed, and not skipped through: the history's one rule (`records`)."""
        return self.engine.status == "completed" and not self.engine.skipped_through

    def _keep_the_beat(self) -> None:
        """The metronome: a soft beat a step, at a paced segment's pace, while it runs.

        Asked for again at each new segment run, so its beats follow that
        segment's direction cue; stopped by a pause, the mute or the end.
        """
        player = self.app.cues.player
        if player is None:
            return
        step = self.engine.step
        period = None
        if (
            self.engine.state == RUNNING
            and self.app.cues.on
            and self.metronome
            and step.target_steps
            and step.planned_seconds
        ):
            period = step.planned_seconds / step.target_steps
        wanted = (self.engine.runs, period)
        if wanted != self._beat:
            self._beat = wanted
            player.metronome(period)

    def _stop_the_beat(self) -> None:
        if self.app.cues.player is not None and self._beat[1] is not None:
            self._beat = (self._beat[0], None)
            self.app.cues.player.metronome(None)

    def _finished(self) -> None:
        from backwalk_tui.ui.screens.summary import SummaryScreen

        self.app.live_session = None
        self._keep_the_beat()
        # A question still open over the session ("End this session now?")
        # goes with it: the summary takes the session's place, so Done leads
        # back to the presets rather than to a finished session.
        while self.app.screen is not self:
            self.app.pop_screen()
        self.app.switch_screen(
            SummaryScreen(
                self.engine,
                self.recorder.session_id,
                problem=self.recorder.problem,
                pain_before=self.recorder.pain_before,
            )
        )

    def end_session(self, status: str) -> None:
        """End now as `ended_early` or `interrupted`, saving what was walked."""
        if self.engine.state in (RUNNING, PAUSED):
            self.recorder.apply(self.engine.end(status))
            self.app.live_session = None

    def _flash(self) -> None:
        # Timed by the session clock, like everything else on this screen.
        self._flash_until = self.app.clock() + FLASH_SECONDS
        self.query_one("#direction").add_class("-flash")

    # ---------------------------------------------------------- drawing

    def _view_of(self, snapshot: Snapshot, *, lead_in_left: float = 0.0) -> View:
        return view_at(
            snapshot, self.plan,
            wash=self.app.settings.display == "wash",
            lead_in_left=lead_in_left,
            sound_problem=self.app.cues.problem,
            screen_problem=self.app.screen_keeper.problem,
        )  # fmt: skip

    def _draw(self, view: View) -> None:
        """Show `view`: the one way anything the moment says reaches the widgets.

        The body is shared out again first when its shape changed (`fit_body`).
        """
        self._view_shown = view
        self.main.update_classes(view.classes)
        self._set("session-round", view.where)
        for name, notice in (("sound-notice", view.sound_notice),
                             ("screen-notice", view.screen_notice)):  # fmt: skip
            if self._shown.get(name) != (notice or ""):
                self.query_one(f"#{name}").display = notice is not None
                self._set(name, notice or "")
        self.fit_body()
        self._set("time", view.time)
        for name, text in view.lines.items():
            self._set(name, text)
        if self._shown.get("progress") != view.progress:
            self._shown["progress"] = view.progress
            self.query_one("#progress", ProgressBar).update(progress=view.progress)
        self._set("session-totals", view.totals)

    def _set(self, widget_id: str, text: str) -> None:
        # Most ticks change nothing on screen: touch only what did change.
        before = self._shown.get(widget_id)
        if before == text:
            return
        self._shown[widget_id] = text
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, BigText):
            widget.text = text
        elif isinstance(widget, Label):
            # A clock's next second takes as many cells as the last: repaint the
            # label, and spare the whole screen a new layout. Text, not str: a
            # cue or a label is shown as written, never read as markup.
            widget.update(
                Text(text), layout=not isinstance(before, str) or len(before) != len(text)
            )

    def fit_body(self) -> None:
        """Give the time, the direction and each line its rows for the body's size now.

        Worked out only when something that decides it changes: the body's
        size, the direction, the time's digits taking another shape (`1:00`
        to `59`), a line's length in rows, or the last seconds beginning.
        """
        view = self._view_shown
        body = self.query_one(SessionBody)
        columns, rows = body.content_size
        if view is None or not columns or not rows:
            return
        heights = [(name, self._line_rows(view.lines[name], columns)) for name in view.wanted_lines]
        wanted = [(name, height) for name, height in heights if height]
        shape = (columns, rows, view.direction, re.sub(r"\d", "0", view.time), view.countdown,
                 tuple(wanted))  # fmt: skip
        if shape == self._fitted_for:
            return
        self._fitted_for = shape
        fit = fit_session(
            columns, rows, time=view.time, direction=view.direction, arrow=view.arrow,
            lines=wanted, countdown=view.countdown,
        )  # fmt: skip
        with self.app.batch_update():
            direction = self.query_one("#direction", BigText)
            direction.display = fit.direction_rows > 0
            direction.rows = max(1, fit.direction_rows)
            direction.caption = fit.caption
            self._set("direction", fit.direction_big)
            self.query_one("#time", BigText).rows = fit.time_rows
            for name in LINES:
                self.query_one(f"#{name}").display = name in fit.lines
            self.main.update_classes({"-gap-1": fit.gaps == 1, "-gap-2": fit.gaps >= 2})

    def _line_rows(self, text: str, columns: int) -> int:
        if cell_len(text) <= columns:  # one row, or none: most lines, every second
            return 1 if text else 0
        return min(MOST_LINE_ROWS, len(Text(text).wrap(self.app.console, columns)))

    # ---------------------------------------------------------- actions

    def _refresh_keys(self) -> None:
        """Refresh the footer's keys when what `check_action` reads has changed.

        Textual's footer builds its keys again at every refresh, a restyle of
        each: most steps begin with the same keys as the last (a walk and a
        rest: Pause, Next, Back), and keep the footer as it is.
        """
        state = self.engine.state
        keys_for = (state, state in (RUNNING, PAUSED) and self.engine.step.manual, self.app.muted)
        if keys_for != self._keys_for:
            self._keys_for = keys_for
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.engine.state
        manual = state in (RUNNING, PAUSED) and self.engine.step.manual
        allowed = {
            "start_now": state == READY,
            "pause": state == RUNNING and not manual,
            "resume": state == PAUSED,
            "done": state == RUNNING and manual,
            "toggle_pause": state in (RUNNING, PAUSED),
            "next": state in (RUNNING, PAUSED),
            "back": state in (RUNNING, PAUSED),
        }
        if action == "toggle_mute":  # of the two bindings, the one that says what m does now
            return self.app.can_mute and self.app.muted == (parameters == ("unmute",))
        if action == "end":  # and of the two for Esc, the one that says what Esc does now
            return (state == READY) == (parameters == ("back",))
        return allowed.get(action, True)

    def _act(self, events: list[Event]) -> None:
        self._handle(events)
        self._refresh_keys()
        if self.engine.state in (RUNNING, PAUSED):
            now = self.app.clock()
            self._draw(self._view_of(self.engine.snapshot(now, whole_seconds=True)))
            self._next_tick(now)

    def action_toggle_mute(self, _shown_as: str = "mute") -> None:
        self.app.action_toggle_mute()

    def action_start_now(self) -> None:
        self._lead_in_start = self.app.clock() - self.lead_in
        self.tick()

    def action_pause(self) -> None:
        self._act(self.engine.pause())

    def action_resume(self) -> None:
        self._act(self.engine.resume())

    def action_toggle_pause(self) -> None:
        self._act(self.engine.toggle_pause())

    def action_done(self) -> None:
        self._act(self.engine.done())

    def action_next(self) -> None:
        self._act(self.engine.skip())

    def action_back(self) -> None:
        self._act(self.engine.back())

    def action_stop(self) -> None:
        self.action_end()

    def action_end(self, _shown_as: str = "end") -> None:
        if self.engine.state == READY:
            self.app.pop_screen()
            return

        # The question covers the time and the direction: nothing runs unseen
        # behind it. It pauses first, and "Keep going" goes on if it was running.
        was_running = self.engine.state == RUNNING
        if was_running:
            self._act(self.engine.pause(pressed=False))

        def answered(end: bool | None) -> None:
            if end and self.engine.state in (RUNNING, PAUSED):
                self._handle(self.engine.end("ended_early"))
            elif was_running and self.engine.state == PAUSED:
                self._act(self.engine.resume(pressed=False))

        self.app.push_screen(
            ConfirmScreen(
                "End this session now?",
                "Everything walked so far is saved.",
                yes="End session",
                no="Keep going",
            ),
            answered,
        )
