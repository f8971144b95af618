"""The preset picker: every preset, its plan, and files that need fixing."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from backwalk_tui.plan import build_plan
from backwalk_tui.presets import STAGES, Preset, Problem
from backwalk_tui.ui.screens.safety import SafetyScreen
from backwalk_tui.words import ARROWS, clock_text, step_length


def ago(moment: datetime, now: datetime | None = None) -> str:
    days = ((now or datetime.now().astimezone()).date() - moment.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


class PickerScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start", id="start", priority=True),
        Binding("s", "app.stats", "Stats", id="stats"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._presets: list[Preset] = []
        self._problems: list[Problem] = []
        self._last: dict[str, tuple[datetime, str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="picker"):
            yield OptionList(id="preset-list")
            with VerticalScroll(id="preset-detail"):
                yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Pick a session"
        self._fill()

    def on_screen_resume(self) -> None:
        self._fill()

    def _fill(self) -> None:
        history = self.app.history
        self._last = history.last_by_preset() if history is not None else {}
        self._presets = list(self.app.catalog)
        self._problems = list(self.app.catalog.problems)
        options = self.query_one("#preset-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, preset in enumerate(self._presets):
            label = Text(preset.name)
            if not preset.builtin:
                label.append("  yours", style="italic dim")
            options.add_option(Option(label, id=f"preset-{number}"))
        for number, problem in enumerate(self._problems):
            label = Text(f"✗ {problem.path.name}", style="bold red")
            label.append("  needs fixing", style="dim")
            options.add_option(Option(label, id=f"problem-{number}"))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#detail", Static).update(self._detail(event.option.id or ""))
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def _selected(self) -> Preset | Problem | None:
        options = self.query_one("#preset-list", OptionList)
        if options.highlighted is None:
            return None
        kind, _, number = (options.get_option_at_index(options.highlighted).id or "").partition("-")
        return (self._presets if kind == "preset" else self._problems)[int(number)]

    def _detail(self, option_id: str) -> Text:
        selected = self._selected()
        if isinstance(selected, Problem):
            text = Text(f"{selected.path}\n\n", style="bold")
            text.append("This file has problems and is left out until they are fixed:\n\n")
            for error in selected.errors:
                text.append(f"{error}\n", style="red")
            return text
        if selected is None:
            return Text("No presets found.")
        return self._preset_detail(selected)

    def _preset_detail(self, preset: Preset) -> Text:
        plan = build_plan(preset)
        text = Text(preset.name + "\n", style="bold")
        if preset.stage:
            text.append(f"Stage {preset.stage} of 5 · {STAGES[preset.stage]}\n", style="italic")
        if preset.description:
            text.append(f"\n{preset.description}\n")
        about = "about " if plan.has_manual_steps else ""
        text.append(
            f"\n{about}{clock_text(plan.estimated_seconds)} · {preset.rounds} "
            f"round{'s' if preset.rounds != 1 else ''} · {len(plan)} steps\n",
            style="bold",
        )
        last = self._last.get(preset.name)
        if last:
            when, status = last
            text.append(
                f"Last done {ago(when, self.app.wall_clock())} ({status.replace('_', ' ')})\n"
            )
        else:
            text.append("Not done yet\n", style="dim")
        if preset.cues:
            text.append(f"\n{' · '.join(preset.cues)}\n", style="italic")
        text.append("\n")
        for step in plan.steps:
            part = {"warmup": "warm-up", "cooldown": "cool-down", "rest": "rest"}.get(
                step.phase, f"round {step.round}"
            )
            text.append(f"{part:>10}  ", style="dim")
            text.append(f"{ARROWS[step.kind]} {(step.label or step.kind):<9}", style="bold")
            text.append(f" {step_length(step)}\n")
        text.append(f"\n{'built in' if preset.builtin else preset.source}", style="dim")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return isinstance(self._selected(), Preset) or None
        return True

    def action_start(self) -> None:
        selected = self._selected()
        if isinstance(selected, Problem):
            self.notify(f"Fix {selected.path.name} first; its problems are listed on the right.",
                        severity="warning")  # fmt: skip
        elif selected is not None:
            self.app.push_screen(SafetyScreen(selected))
