"""A made-up but realistic history, for screenshots, the report example and benchmarks.

Each session is run through the real engine on a simulated clock and saved
through the real history API, step by step, exactly as the app saves it;
only the times and the walker's answers are invented (from a seeded random
generator, so the same arguments give the same history).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from backwalk_tui.engine import Engine, SessionFinished, StepFinished
from backwalk_tui.history import History
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Catalog, Preset


class _SimulatedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def record_session(
    history: History,
    preset: Preset,
    started_at: datetime,
    *,
    pain_before: int | None = None,
    pain_after: int | None = None,
    stumbles: int | None = None,
    notes: str = "",
    end_after_seconds: float | None = None,
    rng: random.Random | None = None,
) -> int:
    """Walk `preset` from `started_at` and save it; end early after the given time."""
    rng = rng or random.Random(0)
    plan = build_plan(preset)
    clock = _SimulatedClock()
    engine = Engine(plan, clock)
    session_id = history.start_session(
        preset=preset.name,
        preset_toml=preset.text,
        stage=preset.stage,
        planned_seconds=round(plan.estimated_seconds, 1),
        pain_before=pain_before,
        started_at=started_at,
    )
    events = engine.start()
    while True:
        for event in events:
            at = started_at + timedelta(seconds=clock.now)
            if isinstance(event, StepFinished):
                history.record_step(
                    session_id, seq=event.seq, step=event.step,
                    active_seconds=event.active_seconds, status=event.status, ended_at=at,
                )  # fmt: skip
            elif isinstance(event, SessionFinished):
                history.finish_session(session_id, event.status, ended_at=at)
                history.update_answers(
                    session_id, pain_after=pain_after, stumbles=stumbles, notes=notes
                )
                return session_id
        if end_after_seconds is not None and clock.now >= end_after_seconds:
            events = engine.end("ended_early")
            continue
        step = engine.step
        if step.manual:
            # A step count ended by hand: about two seconds a step.
            clock.now += (step.target_steps or 10) * rng.uniform(1.6, 2.4)
            events = engine.done()
        else:
            # A hair past the end, so float rounding cannot leave it a step short.
            clock.now += (engine.snapshot().step_remaining or 0) + 1e-6
            events = engine.poll()


def fill_history(
    history: History,
    catalog: Catalog,
    *,
    end: datetime,
    weeks: int,
    per_week: int = 3,
    seed: int = 1,
) -> int:
    """About `per_week` sessions a week for `weeks` weeks up to `end`, moving up the stages.

    The walker starts at stage 1, moves up every few weeks (never past 3 in a
    short history), rates pain before and after most sessions with pain
    easing over time, stumbles now and then, and ends a session early once in
    a while. Returns how many sessions were saved.
    """
    rng = random.Random(seed)
    by_stage = {p.stage: p for p in catalog if p.builtin and p.stage is not None}
    start = end - timedelta(weeks=weeks)
    day = start
    saved = 0
    while day < end:
        if rng.random() < per_week / 7:
            progress = (day - start) / (end - start)
            stage = min(1 + int(progress * 3), 3) if weeks <= 26 else 1 + int(progress * 4.99)
            pain = max(0, round(6 - 3 * progress + rng.uniform(-1, 1)))
            rated = rng.random() < 0.85
            stumbled = rng.random() < 0.05
            record_session(
                history,
                by_stage[stage],
                day.replace(hour=rng.choice([8, 10, 15, 18]), minute=rng.randrange(60)),
                pain_before=pain if rated else None,
                pain_after=max(0, pain - rng.choice([0, 1, 1, 2])) if rated else None,
                stumbles=1 if stumbled else 0,
                notes=rng.choice(["", "", "", "Knee felt good", "A bit stiff at first"]),
                end_after_seconds=rng.uniform(60, 300) if rng.random() < 0.05 else None,
                rng=rng,
            )
            saved += 1
        day += timedelta(days=1)
    return saved
