"""The safety check before a session: the checklist and knee pain now.

It answers back, never blocking Start: above the checklist, the last recent
stumble at the preset's stage; above Start, a calm word when the pain now is
high. The notices shown when the session starts are saved with it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Label

from backwalk_tui import advice
from backwalk_tui.advice import Notice
from backwalk_tui.presets import Preset
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.widgets.answers import Notices
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.ui.widgets.tickbox import TickBox

#: Shorter screens than this keep a notice close under the pain it answers,
#: so a four-item checklist, both notices and Start fit 80x24.
COMPACT_BELOW = 28


class ItemBox(TickBox, inherit_bindings=False):
    """A checklist item as tall as its words wrapped: a Checkbox is one line, and cut.

    Space ticks it; ↑/↓ move between the items and on, as Tab does; Enter is
    left to the screen, where it means Start.
    """

    BINDINGS = [
        Binding("space", "toggle_button", "Toggle", show=False, tooltip="tick an item"),
        Binding("down", "app.focus_next", "Next", show=False, tooltip="next item"),
        Binding("up", "app.focus_previous", "Previous", show=False, tooltip="item before"),
    ]

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.render().wrap(width)))


class SafetyScreen(BackwalkScreen[None]):
    BINDINGS = [
        # Not a priority binding: Enter waits its turn behind the keys typed
        # before it (a tick still on its way to its box), as a key a box
        # handles does; no box here takes Enter (`ItemBox`).
        Binding("enter", "start", "Start", id="start"),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self, preset: Preset):
        super().__init__()
        self.preset = preset

    def compose(self) -> ComposeResult:
        items = self.preset.effective_checklist
        with VerticalScroll(id="safety"):
            yield Label(Text(self.preset.name), classes="screen-title")
            yield Notices(id="stumble-reminder")
            if items:
                yield Label("Before you start, check each one (Space or a click):",
                            classes="section")  # fmt: skip
                with Vertical(id="checklist"):
                    for item in items:
                        yield ItemBox(Text(item))
            else:
                yield Label("Press Enter to start.", classes="section")
            yield Label("Knee pain now, 0-10 (optional):", classes="section")
            yield PainScale(id="pain-before")
            yield Notices(id="pain-notice")
        # Below the part that scrolls: what is left to check, and Start, at every size.
        with Vertical(id="safety-foot"):
            yield Label("", id="safety-status")
            yield Button("Start", id="start", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        first = self.query(Checkbox).first() if self.query(Checkbox) else None
        (first or self.query_one("#pain-before", PainScale)).focus()
        reminder = self._stumble_reminder()
        self.query_one("#stumble-reminder", Notices).show([reminder] if reminder else [])
        self._update()

    def _stumble_reminder(self) -> Notice | None:
        history = self.app.history
        if history is None or self.preset.stage is None:
            return None
        sessions = history.sessions(steps=False)
        return advice.stumble_reminder(sessions, self.preset.stage, self.app.wall_clock().date())

    @property
    def shown_notices(self) -> tuple[str, ...]:
        """The kinds of the notices on screen now, top to bottom."""
        return tuple(kind for board in self.query(Notices) if board.display for kind in board.kinds)

    def on_resize(self) -> None:
        self.set_class(self.size.height < COMPACT_BELOW, "-compact")

    @property
    def ready(self) -> bool:
        return not self.unticked

    @property
    def unticked(self) -> list[Checkbox]:
        return [box for box in self.query(Checkbox) if not box.value]

    def _update(self) -> None:
        left = self.unticked
        if not left:
            status = Text("Ready when you are.")
        elif self.has_class("-asked"):
            # Start was asked for too soon: the first item left is named (it has
            # the focus), the rest counted, in two lines at 60 columns; naming
            # them all pushed the pain scale out of a small screen.
            status = Text("Check every item first: ")
            status.append(str(left[0].label), style="bold")
            if len(left) > 1:
                status.append(f", and {len(left) - 1} more")
        else:
            status = Text(f"{len(left)} item{'s' if len(left) != 1 else ''} left to check.")
        self.query_one("#safety-status", Label).update(status)
        # Enter always means "start" here (never "tick this box"); until every
        # item is ticked it explains what is missing instead.
        self.query_one("#start", Button).disabled = bool(left)

    def on_key(self, event: events.Key) -> None:
        # Ticking the boxes leaves the focus on the last one: a digit typed
        # there still rates the pain, as the screen says.
        if self.query_one("#pain-before", PainScale).type_digit(event.character):
            event.stop()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._update()

    def on_pain_scale_changed(self, event: PainScale.Changed) -> None:
        notice = advice.safety_notice(event.value)
        self.query_one("#pain-notice", Notices).show([notice] if notice else [])
        self.set_class(notice is not None, "-pain-notice")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_start(self) -> None:
        if not self.ready:
            # Said beside Start, naming each item left, and the first of them
            # takes the focus: Space ticks it.
            self.add_class("-asked")
            self._update()
            self.unticked[0].focus()
            return
        from backwalk_tui.ui.screens.session import SessionScreen

        pain = self.query_one("#pain-before", PainScale).value
        session = SessionScreen(self.preset, pain_before=pain, notices=self.shown_notices)
        self.app.switch_screen(session)
