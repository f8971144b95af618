"""A preset's plan as text: shared by the picker and the editor's preview."""

from __future__ import annotations

from rich.text import Text

from backwalk_tui.plan import Plan
from backwalk_tui.presets import Preset
from backwalk_tui.words import ARROWS, clock_text, plural, step_length

_PARTS = {"warmup": "warm-up", "cooldown": "cool-down", "rest": "rest"}


def plan_summary(preset: Preset, plan: Plan) -> str:
    """`about 12:30 · 4 rounds · 18 segments`: the planned time comes first."""
    about = "about " if plan.has_manual_steps else ""
    return (
        f"{about}{clock_text(plan.estimated_seconds)} · {plural(preset.rounds, 'round')} · "
        f"{plural(len(plan), 'segment')}"
    )


def plan_steps(plan: Plan) -> Text:
    """One line a segment: its part of the session, direction and length."""
    text = Text()
    for step in plan.steps:
        part = _PARTS.get(step.phase, f"round {step.round}")
        text.append(f"{part:>10}  ", style="dim")
        text.append(f"{ARROWS[step.kind]} {(step.label or step.kind):<9}", style="bold")
        text.append(f" {step_length(step)}\n")
    return text
