"""A preset expanded into the flat list of steps a session runs."""

from __future__ import annotations

from dataclasses import dataclass

from backwalk_tui.presets import Preset, Segment

#: Steps per minute assumed for a step-count segment ended by hand, so a plan
#: with such segments still has an estimated length for the picker and progress.
ASSUMED_PACE = 30.0


@dataclass(frozen=True)
class Step:
    index: int
    #: "warmup", "round", "rest" (between rounds) or "cooldown".
    phase: str
    #: 1-based round for a round's segments and the rest after that round;
    #: None for the warm-up and cool-down.
    round: int | None
    kind: str
    cue: str = ""
    label: str = ""
    #: None for a step count ended by hand (Space).
    planned_seconds: float | None = None
    target_steps: int | None = None

    @property
    def manual(self) -> bool:
        return self.planned_seconds is None

    @property
    def estimated_seconds(self) -> float:
        if self.planned_seconds is not None:
            return self.planned_seconds
        return (self.target_steps or 0) / ASSUMED_PACE * 60


@dataclass(frozen=True)
class Plan:
    preset: Preset
    steps: tuple[Step, ...]

    @property
    def rounds(self) -> int:
        return self.preset.rounds

    @property
    def estimated_seconds(self) -> float:
        return sum(step.estimated_seconds for step in self.steps)

    @property
    def has_manual_steps(self) -> bool:
        return any(step.manual for step in self.steps)

    def __len__(self) -> int:
        return len(self.steps)


def build_plan(preset: Preset) -> Plan:
    steps: list[Step] = []

    def add(segment: Segment, phase: str, round_: int | None) -> None:
        steps.append(
            Step(
                index=len(steps),
                phase=phase,
                round=round_,
                kind=segment.kind,
                cue=segment.cue,
                label=segment.label,
                planned_seconds=segment.planned_seconds,
                target_steps=segment.steps,
            )
        )

    if preset.warmup:
        add(preset.warmup, "warmup", None)
    for round_ in range(1, preset.rounds + 1):
        for segment in preset.segments:
            add(segment, "round", round_)
        if preset.rest and round_ < preset.rounds:
            add(preset.rest, "rest", round_)
    if preset.cooldown:
        add(preset.cooldown, "cooldown", None)
    return Plan(preset, tuple(steps))
