"""A preset's plan as text: shared by the picker and the editor's preview."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from backwalk_tui.plan import Plan
from backwalk_tui.presets import Preset
from backwalk_tui.words import clock_text, plan_direction, plural, step_length

_PARTS = {"warmup": "warm-up", "cooldown": "cool-down", "rest": "rest"}


def plan_summary(preset: Preset, plan: Plan) -> str:
    """`about 12:30 · 4 rounds · 18 segments`: the planned time comes first."""
    about = "about " if plan.has_manual_steps else ""
    return (
        f"{about}{clock_text(plan.estimated_seconds)} · {plural(preset.rounds, 'round')} · "
        f"{plural(len(plan), 'segment')}"
    )


def _rows(plan: Plan) -> list[tuple[str, str, str]]:
    """Each segment's part of the session, direction and length."""
    return [
        (
            _PARTS.get(step.phase, f"round {step.round}"),
            plan_direction(step),
            step_length(step),
        )
        for step in plan.steps
    ]


def plan_steps(plan: Plan) -> Text:
    """One line a segment: its part of the session, direction and length."""
    text = Text()
    for part, direction, length in _rows(plan):
        text.append(f"{part:>10}  ", style="dim")
        text.append(f"{direction:<11}", style="bold")
        text.append(f" {length}\n")
    return text


def plan_table(plan: Plan) -> Table:
    """`plan_steps` in columns, for a narrow pane: a long length wraps in its own column.

    Wrapped as one line of text, an entry would run on under the part of
    the session ("steps in 15s" below "round 1").
    """
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for part, direction, length in _rows(plan):
        table.add_row(part, direction, length)
    return table
