"""Properties of the engine's time keeping, for any actions and any clock jumps.

For any plan, any sequence of actions (poll, pause, resume, skip, back,
done, end) and any clock moves (none, jittery, huge):
- the session's active time never goes backwards;
- it never exceeds the wall time since the start;
- the finished step runs plus the current one add up to it exactly;
- no timed step run records more than its planned time;
- paused time is never counted.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backwalk_tui.engine import FINISHED, PAUSED, READY, Engine
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Preset, Segment


class Clock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


segments = st.builds(
    Segment,
    kind=st.sampled_from(["forward", "backward", "sideways", "rest"]),
    duration=st.one_of(st.none(), st.integers(1, 90)),
    steps=st.just(None),
).map(lambda s: s if s.duration else Segment(kind=s.kind, steps=12))  # None: a step count

plans = st.builds(
    lambda segs, rounds, rest: build_plan(
        Preset(
            name="p",
            segments=tuple(segs),
            rounds=rounds,
            rest=Segment(kind="rest", duration=rest) if rest else None,
        )
    ),
    st.lists(segments, min_size=1, max_size=5),
    st.integers(1, 4),
    st.one_of(st.none(), st.integers(1, 30)),
)

moves = st.one_of(
    st.just(0.0),
    st.floats(0.001, 0.5),  # a jittery 4 Hz tick
    st.floats(0.5, 30),
    st.floats(30, 3600),  # a stall, a long pause
)
actions = st.sampled_from(["poll", "pause", "resume", "toggle", "skip", "back", "done", "end"])


@settings(max_examples=300, deadline=None)
@given(plan=plans, script=st.lists(st.tuples(moves, actions), max_size=60), start=st.floats(0, 1e6))
def test_time_adds_up_for_any_actions_and_clock_jumps(plan, script, start):
    clock = Clock(start)
    engine = Engine(plan, clock)
    engine.start()
    last_active = 0.0
    paused_total = 0.0
    for move, action in script:
        was_paused = engine.state == PAUSED
        clock.now += move
        if was_paused:
            paused_total += move
        if action == "done":
            if engine.state != FINISHED and engine.step.manual:
                engine.done()
        elif action == "end":
            engine.end("ended_early")
        else:
            {
                "poll": engine.poll,
                "pause": engine.pause,
                "resume": engine.resume,
                "toggle": engine.toggle_pause,
                "skip": engine.skip,
                "back": engine.back,
            }[action]()
        active = engine.session_active()
        wall = clock.now - start
        assert active >= last_active - 1e-6, "active time went backwards"
        assert active <= wall + 1e-6, "more active time than wall time"
        assert active <= wall - paused_total + 1e-6, "paused time was counted"
        runs = sum(run.active_seconds for run in engine.finished)
        current = engine.snapshot().step_elapsed if engine.state != FINISHED else 0.0
        assert runs + current == pytest.approx(active, abs=1e-6)
        for run in engine.finished:
            if run.step.planned_seconds is not None:
                assert run.active_seconds <= run.step.planned_seconds + 1e-6
        last_active = active
    assert engine.state != READY


@settings(max_examples=200, deadline=None)
@given(plan=plans, ticks=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=400))
def test_a_timed_plan_ends_on_time_however_late_the_ticks(plan, ticks):
    """Without actions, the session ends exactly when the planned time has passed."""
    timed = all(step.planned_seconds is not None for step in plan.steps)
    clock = Clock(500.0)
    engine = Engine(plan, clock)
    engine.start()
    for tick in ticks:
        clock.now += tick
        engine.poll()
    elapsed = clock.now - 500.0
    if timed:
        total = sum(step.planned_seconds for step in plan.steps)
        assert engine.session_active() == pytest.approx(min(elapsed, total), abs=1e-6)
        assert (engine.state == FINISHED) == (elapsed >= total - 1e-9) or abs(
            elapsed - total
        ) < 1e-6
