"""A check-in: the Timed Up and Go, guided and timed, and the week's knee pain.

The walker (or a helper at the laptop) presses Space: "3, 2, 1, Go" is shown
in the large font and sounded, the clock starts on "Go", and Space (or
Enter) when seated again stops it, to 0.1 s. While it runs the time fills
the screen, read from the turn 3 m away; once stopped it makes room for the
week's pain and the note. `r` throws the time away to try again; Esc leaves
without saving (asking first once something is given). Either measure may
be left out; once timed, Enter saves the check-in from any field, as Ctrl+S
does. Saving while the clock runs stops it first: a test is never dropped.
The screen stays on while the test runs, as during a session.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Label, Static

from backwalk_tui.checkin import (
    COUNTDOWN,
    PAIN_WEEK_QUESTION,
    TUG_SETUP,
    TUG_TASK,
    TugTimer,
    implausibly_fast,
)
from backwalk_tui.records import HistoryError
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.widgets.bigtext import BigText
from backwalk_tui.ui.widgets.morebelow import MoreBelow
from backwalk_tui.ui.widgets.noteinput import NoteInput
from backwalk_tui.ui.widgets.painscale import PainScale

HINTS = {
    "ready": "Space starts the countdown: 3, 2, 1, Go.",
    "counting": "Get ready to stand up on Go.",
    "timing": "Walk to the line, turn, walk back and sit down. Space when seated.",
    "stopped": (
        "{seconds:.1f} seconds. Now type your week's pain, 0-10; Enter saves; r to try again."
    ),
    "over": "An hour went by with no stop: that is not a time. Space to time it again.",
    # A stopwatch stopped early, most likely: said before the time is saved.
    "too fast": (
        "{seconds:.1f} s is very fast for the whole test — r redoes it. "
        "Or type your week's pain, 0-10; Enter saves."
    ),
}
#: On the clock once the test is over with no time.
NO_TIME = "--.-"


class FillingBigText(BigText):
    """The big font as large as the rows the layout gives it (`height: 1fr`), not a set number."""

    def on_resize(self, event: Resize) -> None:
        self.rows = max(1, self.content_size.height)


class CheckinScreen(BackwalkScreen[None]):
    BINDINGS = [
        Binding(
            "space,enter",
            "go",
            "Start / Seated",
            id="go",
            tooltip="start 3, 2, 1, Go, and again when seated",
        ),  # fmt: skip,
        # Once timed (Space and Enter no longer time), Enter saves, from any field.
        Binding("enter", "save", "Save", show=False, id="enter-save"),
        Binding("r", "redo", "Redo", id="redo"),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "leave", "Back", id="back"),
        # Ctrl+C, the reflex for "stop": what Esc does, rather than Textual's
        # toast about Ctrl+Q over the running clock.
        Binding("ctrl+c", "leave", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.timer = TugTimer()
        self._tick: Timer | None = None
        self._word: int | None = None
        self._phase: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checkin"):
            yield Label("Check-in · Timed Up and Go", classes="screen-title")
            with VerticalScroll(id="checkin-setup"):
                yield Static(Text("\n".join(f"• {item}" for item in TUG_SETUP)))
                yield Static(Text(TUG_TASK), id="checkin-task")
            yield FillingBigText("READY", id="tug-time")
            yield Label("", id="tug-hint")
            # Out of sight while the test runs: the time takes their rows.
            with Vertical(id="checkin-answers"):
                yield Label(f"{PAIN_WEEK_QUESTION} (optional):", classes="section")
                yield PainScale(id="pain-week")
                yield Label("Note (optional):", classes="section")
                yield NoteInput(placeholder="anything to remember about today", id="checkin-note")
                yield Button("Save", id="save", variant="success")
        # On a small screen the note and Save lie below the fold: say so.
        yield MoreBelow("#checkin", "↓ More below: ↓, PgDn or the mouse wheel", id="checkin-more")
        yield Footer()

    def on_mount(self) -> None:
        # Space times, a digit rates the pain; the note takes keys once clicked.
        self.query_one("#pain-week", PainScale).focus()
        self.tick()

    # --------------------------------------------------------------- time

    def tick(self) -> None:
        now = self.app.clock()
        phase = self.timer.phase(now)
        # While the test runs nobody touches the keyboard: the screen stays on.
        self.app.screen_keeper.follow(awake=phase in ("counting", "timing"))
        word = self.timer.count_index(now)
        if word is not None and word != self._word:
            self._word = word
            # Each word once, however late the tick: a tick for each count, and
            # "Go" rising like a walk forward.
            said = COUNTDOWN[word]
            self.app.cue("forward" if word == len(COUNTDOWN) - 1 else "tick", said)
        big = self.query_one("#tug-time", BigText)
        if phase == "ready":
            big.text = "READY"
        elif phase == "counting":
            big.text = COUNTDOWN[word or 0].upper()
        elif phase == "over":
            big.text = NO_TIME
        else:
            big.text = f"{self.timer.elapsed(now):.1f}"
        if phase != self._phase:  # ten looks a second while timing: the rest on a change
            self._phase = phase
            seconds = self.timer.result or 0.0
            hint = "too fast" if phase == "stopped" and implausibly_fast(seconds) else phase
            self.query_one("#tug-hint", Label).update(HINTS[hint].format(seconds=seconds))
            # From the countdown on, the set-up is read: the time takes its place,
            # and while the test runs the answers' too.
            self.set_class(phase != "ready", "-begun")
            self.set_class(self.running, "-running")
            if self.running:
                # Nothing hidden keeps the keys: Space and Enter are the clock's.
                self.set_focus(None)
            self.refresh_bindings()
        self._schedule(now)

    @property
    def running(self) -> bool:
        """Counting down or timing: the walker is on the way, away from the screen."""
        return self.timer.phase(self.app.clock()) in ("counting", "timing")

    def _schedule(self, now: float) -> None:
        if self._tick is not None:
            self._tick.stop()
            self._tick = None
        moment = self.timer.next_change(now)
        if moment is not None:
            self._tick = self.set_timer(max(0.0, moment - now), self.tick, name="checkin-tick")

    # -------------------------------------------------------------- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.timer.phase(self.app.clock())
        if action == "go":
            return phase in ("ready", "timing", "over")
        if action == "redo":
            return phase != "ready"
        if action == "save":
            return phase != "counting"  # keys before "Go" are not for the check-in
        return True

    def action_go(self) -> None:
        now = self.app.clock()
        if self.timer.phase(now) in ("ready", "over"):
            self._word = None
            self.timer.start(now)
        else:
            self.timer.stop(now)
        self.tick()
        if self.timer.result is not None:
            # Timed: the week's pain next, a digit away (shown now that the time is done).
            self.query_one("#pain-week", PainScale).focus()

    def action_redo(self) -> None:
        self.timer.redo()
        self._word = None
        self.tick()

    def on_key(self, event) -> None:
        # The time's keys work wherever the focus is, but in the note; a digit
        # rates the pain only while the scale is shown.
        if isinstance(self.focused, Input) or self.running:
            return
        if self.query_one("#pain-week", PainScale).type_digit(event.character):
            event.stop()

    @property
    def _answers(self) -> tuple[float | None, int | None, str]:
        note = self.query_one("#checkin-note", Input).value.strip()
        return self.timer.result, self.query_one("#pain-week", PainScale).value, note

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        now = self.app.clock()
        if self.timer.phase(now) == "counting":
            return
        if self.timer.phase(now) == "timing":
            # Save pressed, or Enter in a field, while the clock runs: the walker
            # is seated. Stop it, and let the time be seen before it is saved.
            self.action_go()
            return
        tug, pain, note = self._answers
        if tug is None and pain is None:
            self.notify("Time the test or rate your pain first: there is nothing to save yet.",
                        severity="warning")  # fmt: skip
            return
        history = self.app.history
        if history is None:
            self.notify(f"Not saved: {self.app.history_problem}", severity="error", timeout=15)
            return
        try:
            history.add_checkin(tug_seconds=tug, pain_week=pain, notes=note)
        except HistoryError as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=15)
            return
        shown = [f"Timed Up and Go {tug:.1f} s" if tug is not None else "",
                 f"pain {pain} of 10 this week" if pain is not None else ""]  # fmt: skip
        self.notify(" · ".join(part for part in shown if part), title="Check-in saved")
        self.dismiss(None)

    @property
    def unsaved(self) -> bool:
        """Anything timed, rated or typed here, not saved yet: Esc and Ctrl+Q ask first."""
        tug, pain, note = self._answers
        return not (tug is None and pain is None and not note and self.timer.go_at is None)

    def action_leave(self) -> None:
        if not self.unsaved:
            self.dismiss(None)
            return
        self.ask_to_leave(lambda: self.dismiss(None))

    def ask_to_leave(self, leave: Callable[[], object]) -> None:
        """Ask before the check-in is lost (Esc, Ctrl+C here; Ctrl+Q anywhere); `leave` on yes."""

        def answered(yes: bool | None) -> None:
            if yes:
                leave()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving?", "This check-in is not saved yet.",
                yes="Leave", no="Stay",
            ),
            answered,
        )  # fmt: skip

    def on_unmount(self) -> None:
        self.app.screen_keeper.release()
