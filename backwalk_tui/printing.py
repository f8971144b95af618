"""Human output of the command line, drawn with Rich."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from backwalk_tui import charts
from backwalk_tui.history import KINDS, SessionRecord
from backwalk_tui.plan import Plan, build_plan
from backwalk_tui.presets import Catalog, format_seconds
from backwalk_tui.stats import Stats
from backwalk_tui.words import ARROWS, STATUS_WORDS, pain_text, step_length, stumble_text

console = Console()

PHASES = {"warmup": "warm-up", "round": "round", "rest": "rest", "cooldown": "cool-down"}


def preset_table(catalog: Catalog, rows: list[dict]) -> None:
    table = Table(title="Presets", title_justify="left")
    for column in ("Name", "Stage", "Rounds", "Time", "File"):
        table.add_column(column, justify="right" if column in ("Stage", "Rounds") else "left")
    for preset, row in zip(catalog, rows, strict=True):
        source = "built in" if preset.builtin else str(preset.source)
        table.add_row(
            row["name"], str(row["stage"] or ""), str(row["rounds"]),
            ("≈ " if _has_manual(preset) else "") + format_seconds(row["planned_seconds"]),
            source,
        )  # fmt: skip
    console.print(table)


def _has_manual(preset) -> bool:
    return build_plan(preset).has_manual_steps


def plan_table(plan: Plan) -> None:
    preset = plan.preset
    console.print(f"[bold]{preset.name}[/]", highlight=False)
    if preset.description:
        console.print(preset.description, highlight=False)
    table = Table()
    for column in ("#", "Part", "Direction", "Length", "Cue"):
        table.add_column(column)
    for step in plan.steps:
        part = PHASES[step.phase] + (f" {step.round}" if step.phase == "round" else "")
        direction = f"{ARROWS[step.kind]} {step.label or step.kind}"
        table.add_row(str(step.index + 1), part, direction, step_length(step), step.cue)
    console.print(table)
    approx = "about " if plan.has_manual_steps else ""
    steps = f"{len(plan)} step{'s' if len(plan) != 1 else ''}"
    console.print(f"{steps}, {approx}{format_seconds(plan.estimated_seconds)} in all")


def history_table(sessions: Sequence[SessionRecord]) -> None:
    if not sessions:
        console.print("No sessions yet. Run `backwalk` to walk your first one.")
        return
    table = Table(title="Sessions, newest first", title_justify="left")
    for column in ("Date", "Preset", "Status", "Time", "Backward", "Pain", "Stumble"):
        table.add_column(column)
    for s in sessions:
        table.add_row(
            s.started_at.astimezone().strftime("%Y-%m-%d %H:%M"), s.preset,
            STATUS_WORDS[s.status], format_seconds(s.active_seconds),
            format_seconds(s.seconds_by_kind["backward"]),
            pain_text(s.pain_before, s.pain_after), stumble_text(s.stumbles),
        )  # fmt: skip
    console.print(table)


CSV_FIELDS = (
    "id", "started_at", "ended_at", "preset", "status", "planned_seconds", "active_seconds",
    *(f"{kind}_seconds" for kind in KINDS), "pain_before", "pain_after", "stumbles", "notes",
)  # fmt: skip


def history_csv(sessions: Sequence[SessionRecord], out: TextIO) -> None:
    # The byte-order mark tells spreadsheets (Excel above all) that this is
    # UTF-8, so preset names and notes open as written.
    out.write("\ufeff")
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for session in sessions:
        row = session.to_json()
        by_kind = row.pop("seconds_by_kind")
        row.pop("segments")
        row.update({f"{kind}_seconds": by_kind[kind] for kind in KINDS})
        writer.writerow(row)


def stats_text(stats: Stats) -> None:
    if not stats.sessions:
        console.print("No sessions yet. Your first one starts with `backwalk`.")
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in charts.headline(stats):
        table.add_row(label, value)
    console.print(table)
    console.print()
    console.print("[bold]Next step[/]", highlight=False)
    console.print(stats.suggestion.reason, highlight=False, markup=False)
    console.print()
    console.print("[bold]Minutes walked backward per week[/] (sessions below, ✓ goal met)")
    console.print("\n".join(charts.week_chart(stats.weeks)), highlight=False, markup=False)
