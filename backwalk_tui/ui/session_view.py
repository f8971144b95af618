"""What the session screen shows at one moment, worked out from the engine's snapshot.

Pure, plain Python (no Textual): `view_at` turns a snapshot of the engine and
the plan into a `View`, every word, figure and class the screen shows then;
the screen only draws it onto its widgets. So what a walker sees at any
moment (the lead-in, a pause, the last seconds, a step count) is tested
without running the app.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from backwalk_tui.engine import FINISHED, PAUSED, READY, Snapshot
from backwalk_tui.kinds import KINDS
from backwalk_tui.plan import Plan, Step
from backwalk_tui.presets import CUES_JOIN
from backwalk_tui.words import clock_text, direction_text, duration_words, step_amount

#: The small lines under the time, most wanted first: the segment's cue, the
#: preset's standing safety cues, what comes next, then the segment's figures.
LINES = ("step-cue", "standing-cues", "next-step", "step-detail")
#: In the last seconds the digit takes the body, and says what comes next.
COUNTDOWN_LINES = ("next-step", "standing-cues")
#: The progress bar moves in steps this fine: finer is invisible, and costs repaints.
PROGRESS_STEPS = 200


@dataclass(frozen=True)
class View:
    """Everything the session screen shows at one moment, as text and classes.

    The texts are keyed by the widget that shows them (`#step-cue`, ...).
    """

    #: The segment's kind: the direction's colour, and the body's wash.
    kind: str
    #: The top bar's right end: "Get ready", "Warm-up", "Round 2 of 4", ...
    where: str
    #: "BACKWARD ↓", "PAUSED", "SIDE STEPS TO THE LEFT ↔".
    direction: str
    #: The direction's arrow alone, drawn big when the word does not fit; "" when paused.
    arrow: str
    #: "1:50", "45" (under a minute), "12 STEPS", or the lead-in's seconds.
    time: str
    #: The last seconds of a segment: the digit alone, as large as it goes.
    countdown: bool
    #: The small lines, by name (`LINES`): "" for one with nothing to say.
    lines: Mapping[str, str]
    #: The bottom bar's figures: "0:42 walked · about 9:18 left".
    totals: str
    #: The share of the session done, in `PROGRESS_STEPS` steps.
    progress: float
    lead_in: bool = False
    paused: bool = False
    #: The body washed in the direction's colour: only while a segment runs.
    wash: bool = False
    #: In the lead-in, what will not work today, above the time (None: nothing to say).
    sound_notice: str | None = None
    screen_notice: str | None = None

    @property
    def classes(self) -> dict[str, bool]:
        """The moment's classes, for `#session-main`: a change restyles the body alone."""
        kinds = {f"-{kind}": self.kind == kind for kind in KINDS}
        return {
            **kinds,
            "-paused": self.paused,
            "-lead-in": self.lead_in,
            "-wash": self.wash,
            "-countdown": self.countdown,
        }

    @property
    def wanted_lines(self) -> tuple[str, ...]:
        """The lines that ask for rows, most wanted first (in the last seconds, fewer)."""
        return COUNTDOWN_LINES if self.countdown else LINES


def time_left_text(seconds: float) -> str:
    """`1:50`, and under a minute just `45`: the fewer the digits, the larger they can be."""
    whole = math.ceil(seconds)
    return clock_text(whole) if whole >= 60 else str(whole)


def view_at(
    snapshot: Snapshot,
    plan: Plan,
    *,
    wash: bool = True,
    lead_in_left: float = 0.0,
    sound_problem: str | None = None,
    screen_problem: str | None = None,
) -> View:
    """What the screen shows at `snapshot` (taken with `whole_seconds=True`).

    `wash`: the settings' `display = "wash"`. Before the start (the engine
    `READY`) it is the lead-in, `lead_in_left` seconds from its end, which
    says above the time what will not work today: no sound output
    (`sound_problem`), a screen that may sleep (`screen_problem`).
    """
    step = snapshot.step
    if snapshot.state == FINISHED or step is None:
        raise ValueError("a finished session is shown by its summary, not the session screen")
    if snapshot.state == READY:
        return _lead_in(plan, step, lead_in_left, sound_problem, screen_problem)
    return _segment(snapshot, plan, step, wash=wash)


def _lead_in(
    plan: Plan, first: Step, left: float, sound_problem: str | None, screen_problem: str | None
) -> View:
    return View(
        kind=first.kind,
        where="Get ready",
        direction=direction_text(first),
        arrow=KINDS[first.kind].arrow,
        time=str(math.ceil(left)),
        countdown=False,
        lines={
            "step-cue": "Get ready: " + (first.cue or "the session starts in a moment"),
            "standing-cues": _standing_cues(plan),
            "next-step": f"First: {step_amount(first)}",
            "step-detail": "Space starts now · Esc goes back to the presets",
        },
        totals=f"about {clock_text(plan.estimated_seconds)} in all",
        progress=0.0,
        lead_in=True,
        sound_notice=sound_problem,
        screen_notice=screen_problem,
    )


def _segment(snap: Snapshot, plan: Plan, step: Step, *, wash: bool) -> View:
    paused = snap.state == PAUSED
    rounds = plan.rounds
    where = {
        "warmup": "Warm-up",
        "cooldown": "Cool-down",
        "rest": f"Rest · round {step.round} of {rounds} done",
    }.get(step.phase, f"Round {step.round} of {rounds}")
    if step.manual:
        time = f"{step.target_steps} STEPS"
        # While paused, Space resumes: it does not mark the steps done.
        done_hint = "" if paused else " · Space when done"
        detail = f"{clock_text(snap.step_elapsed)} so far{done_hint}"
    else:
        assert snap.step_remaining is not None and step.planned_seconds is not None
        time = time_left_text(snap.step_remaining)
        target = f"{step.target_steps} steps · " if step.target_steps else ""
        detail = f"{target}of {clock_text(step.planned_seconds)}"
    after = snap.next_step
    return View(
        kind=step.kind,
        where=where,
        direction="PAUSED" if paused else direction_text(step),
        arrow="" if paused else KINDS[step.kind].arrow,
        time=time,
        countdown=snap.counting,
        lines={
            "step-cue": _cue(snap, step),
            "standing-cues": _standing_cues(plan),
            "next-step": f"Next: {step_amount(after)}" if after else "Last one: then you're done",
            "step-detail": detail,
        },
        totals=(
            f"{clock_text(snap.session_active)} walked · about "
            f"{clock_text(snap.session_remaining)} left"
        ),
        progress=round(snap.progress * PROGRESS_STEPS) / PROGRESS_STEPS,
        paused=paused,
        # The wash says "this is what you do now": only while a segment runs.
        wash=wash and not paused,
    )


def _cue(snap: Snapshot, step: Step) -> str:
    """The segment's cue; while paused, why, and how to go on."""
    if snap.state != PAUSED:
        return step.cue
    if snap.slept is not None:
        what = "backwalk was stopped" if snap.slept_cause == "stopped" else (
            "the computer was asleep"
        )  # fmt: skip
        return f"Paused — {what} for {duration_words(snap.slept)} · Space to go on"
    return f"Paused during {direction_text(step).lower()} · Space to go on"


def _standing_cues(plan: Plan) -> str:
    """The preset's reminders for the whole session: "Hand on the counter · ..."."""
    return CUES_JOIN.join(plan.preset.cues)
