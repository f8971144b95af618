"""The session state machine: pure, driven by injected clocks.

Time is never counted in ticks. The engine keeps timestamps (when the current
step started, how long it has been paused) and computes elapsed and remaining
time from the clock on every read, so a slow frame, a late timer or a missed
poll can never drift a session. When a timed step runs out, the next step
starts at the exact moment the previous one ended, not at the moment the
engine happened to notice: a poll that comes late (or a clock that jumps)
finishes every step that ran out in between, each with exactly its planned
time.

The monotonic clock does not count the time a computer is suspended (on
Linux and macOS), so a laptop put to sleep mid-session would wake to a timer
that simply carries on, with a walker who has long since stopped. A second
clock that does count suspended time (`sleep_clock`) is read beside it: when
the two move apart by more than SLEEP_MIN_SECONDS, the computer was asleep.
The session then pauses itself at the last moment the engine saw the
computer awake, and the gap is reported (`Slept`), never counted as walking.

A process that is stopped (Ctrl+Z, SIGSTOP) or starved of the processor
is not asleep: both clocks run on, and a screen that looks at least once a
second finds its next look many seconds late. Given `stopped_after`, a look
that comes that much later than the one before, while running, pauses the
session at the earlier look, the same way (`Slept` with cause "stopped"):
the walker did not see those seconds on the screen, so they are not counted.

The engine does no I/O. Each action returns the events it caused; whoever
drives it (the app or a test) turns them into history writes and sounds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from backwalk_tui.plan import Plan, Step
from backwalk_tui.records import is_skipped_through

#: Pressing back within this many seconds of a step's start goes to the
#: previous step; later, it restarts the current one.
BACK_GRACE_SECONDS = 3.0
#: Steps shorter than this get no halfway cue.
HALFWAY_MIN_SECONDS = 20.0
#: Keys pressed twice. Space (or p) pressed this soon after a segment, the
#: session or a pause began is the press that began it, again (held, or hit
#: twice from across the room): it does not finish or pause the new segment,
#: nor end the pause; `n` pressed this soon after the timer began a segment
#: was meant for the one that just ran out, and does not skip the new one. A
#: segment left this soon anyway (`b` held down, `n` twice) is
#: `left_at_once`: nobody walked in it, so it is neither stored nor shown.
#: The check-in's stopwatch ignores a press this soon after "Go".
DOUBLE_PRESS_SECONDS = 1.0
#: The two clocks moving apart by this much means the computer was asleep
#: (shorter gaps are clock corrections, not a walker who went away).
SLEEP_MIN_SECONDS = 5.0
#: A screen that looks once a second and finds its next look this late was
#: stopped or starved (see the module's notes); passed as `stopped_after`.
STOPPED_MIN_SECONDS = 5.0

READY, RUNNING, PAUSED, FINISHED = "ready", "running", "paused", "finished"


# --------------------------------------------------------------------- events


@dataclass(frozen=True)
class StepStarted:
    step: Step
    #: How many step runs came before this one (a step run twice counts twice).
    seq: int
    #: The clock's time it started at: the moment its cue was due.
    at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class StepFinished:
    step: Step
    seq: int
    active_seconds: float
    #: "completed" (ran out or marked done), "skipped" (left early by next,
    #: back or ending the session) or "interrupted" (the session was cut off).
    status: str

    @property
    def left_at_once(self) -> bool:
        """Skipped within DOUBLE_PRESS_SECONDS of its start: not worth a row or a figure."""
        return self.status == "skipped" and self.active_seconds < DOUBLE_PRESS_SECONDS


@dataclass(frozen=True)
class Countdown:
    step: Step
    seconds_left: int
    #: The clock's time the count reached `seconds_left`: when its cue was due.
    at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Halfway:
    step: Step
    #: The clock's time the step was half done: when its cue was due.
    at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class SessionFinished:
    #: "completed", "ended_early" or "interrupted".
    status: str
    active_seconds: float


@dataclass(frozen=True)
class Slept:
    """The session paused itself: the computer was asleep, or backwalk was stopped.

    `cause` is "asleep" (suspended: counted in `asleep_seconds`) or
    "stopped" (the process was stopped or starved; see the module's notes).
    """

    seconds: float
    cause: str = "asleep"


Event = StepStarted | StepFinished | Countdown | Halfway | SessionFinished | Slept


def sleep_aware_clock() -> Callable[[], float]:
    """A clock that keeps counting while the computer sleeps, to read beside time.monotonic.

    On Linux, CLOCK_BOOTTIME: it is CLOCK_MONOTONIC plus the time suspended,
    and nobody can set it, so only a suspend moves the two apart. Elsewhere,
    the wall clock.
    """
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return lambda: time.clock_gettime(boottime)
    return time.time


@dataclass(frozen=True)
class Snapshot:
    """What the session looks like at one moment."""

    state: str
    step: Step | None
    next_step: Step | None
    step_elapsed: float
    #: None for a step count ended by hand.
    step_remaining: float | None
    session_active: float
    session_remaining: float
    progress: float
    status: str | None
    #: How long the computer was asleep, when that is why the session is paused.
    slept: float | None = None
    #: Why it paused itself then: "asleep" or "stopped" (see `Slept`).
    slept_cause: str | None = None
    #: Running in one of the step's counted last seconds (`Engine.counted`),
    #: when the countdown ticks sound and a screen shows the digit alone.
    counting: bool = False

    @property
    def paused(self) -> bool:
        return self.state == PAUSED

    @property
    def finished(self) -> bool:
        return self.state == FINISHED


class EngineError(RuntimeError):
    """An action that does not apply in the engine's current state."""


class Engine:
    def __init__(
        self,
        plan: Plan,
        clock: Callable[[], float] = time.monotonic,
        *,
        countdown: int = 3,
        sleep_clock: Callable[[], float] | None = None,
        stopped_after: float | None = None,
    ):
        """`clock` is monotonic and stops while the computer sleeps; `sleep_clock`,
        if given, keeps counting then (see `sleep_aware_clock`). Without it, a
        suspend goes unnoticed. `stopped_after` (seconds, for a driver that
        looks at least once a second) pauses at a look that came that late;
        without it, a late look finishes every step that ran out meanwhile."""
        if not plan.steps:
            raise ValueError("a plan needs at least one step")
        self.plan = plan
        self.clock = clock
        self.sleep_clock = sleep_clock
        self.stopped_after = stopped_after
        self.countdown = max(0, countdown)
        self.state = READY
        self.status: str | None = None
        #: Every finished step run, in order: what history records.
        self.finished: list[StepFinished] = []
        self._index = 0
        self._seq = 0
        self._step_start = 0.0
        self._step_paused = 0.0
        self._paused_at: float | None = None
        self._countdown_sent = math.inf
        self._halfway_sent = False
        #: Seconds the computer was asleep during the session, in all.
        self.asleep_seconds = 0.0
        #: The sleep (or stop) that paused the session, until the walker resumes.
        self._slept: float | None = None
        self._slept_cause: str | None = None
        #: `sleep_clock` minus `clock`, and `clock`, when the engine last looked.
        self._clock_gap = 0.0
        self._last_seen = 0.0
        #: When the last key-made change (a segment or the session starting, a
        #: pause, going on) happened: the start of `DOUBLE_PRESS_SECONDS`.
        self._changed_at = -math.inf
        #: Whether the current step was begun by its clock running out (not by a key).
        self._begun_by_timer = False

    # ------------------------------------------------------------- reading

    @property
    def step(self) -> Step:
        return self.plan.steps[self._index]

    @property
    def index(self) -> int:
        return self._index

    @property
    def runs(self) -> int:
        """Step runs started so far (a step run twice counts twice)."""
        return self._seq

    def _step_active(self, now: float) -> float:
        if self.state in (READY, FINISHED):
            return 0.0
        paused = self._step_paused + (now - self._paused_at if self._paused_at is not None else 0)
        active = max(0.0, now - self._step_start - paused)
        # A timed step never holds more than its time, even when read before
        # a poll has moved on to the next step: what is shown never runs back.
        planned = self.step.planned_seconds
        return active if planned is None else min(active, planned)

    def counted(self, step: Step, seconds_left: int) -> bool:
        """Whether `seconds_left` (whole, rounded up) is one of `step`'s counted last seconds.

        The one rule for them: cued here (`Countdown`), and said by a snapshot
        (`Snapshot.counting`) for the screen to show large. A step no longer
        than the count is not counted at all.
        """
        planned = step.planned_seconds
        return (
            planned is not None and planned > self.countdown and 1 <= seconds_left <= self.countdown
        )

    def paused_for(self, now: float | None = None) -> float | None:
        """How long the session has been paused, or None while it is not."""
        if self.state != PAUSED or self._paused_at is None:
            return None
        return (self.clock() if now is None else now) - self._paused_at

    @property
    def skipped_through(self) -> bool:
        """Finished as the history will list it: completed, but under half walked.

        The record's rule (`records.is_skipped_through`) on what the history
        keeps: the plan's estimate, and the runs stored (none left at once).
        """
        kept = sum(run.active_seconds for run in self.finished if not run.left_at_once)
        return is_skipped_through(self.status, self.plan.estimated_seconds, kept)

    def session_active(self, now: float | None = None) -> float:
        now = self.clock() if now is None else now
        return sum(f.active_seconds for f in self.finished) + self._step_active(now)

    def snapshot(self, now: float | None = None, *, whole_seconds: bool = False) -> Snapshot:
        """The state at `now` (default: the clock). Reads only; call poll() first.

        With `whole_seconds`, every figure is as it stood when the step's clock
        last showed a new second (the time left rounded up, the time taken
        down), so what a screen shows from it all changes together, once a
        second, at the moments `next_change` names.
        """
        now = self.clock() if now is None else now
        total = self.plan.estimated_seconds
        walked = sum(f.active_seconds for f in self.finished)
        if self.state == FINISHED:
            return Snapshot(FINISHED, None, None, 0.0, None, walked, 0.0, 1.0, self.status)
        step = self.step
        elapsed = self._step_active(now)
        remaining = None
        if step.planned_seconds is not None:
            remaining = max(0.0, step.planned_seconds - elapsed)
            if whole_seconds:
                remaining = float(math.ceil(remaining))
                elapsed = max(0.0, step.planned_seconds - remaining)
        elif whole_seconds:
            elapsed = float(math.floor(elapsed))
        done = sum(s.estimated_seconds for s in self.plan.steps[: self._index])
        done += min(elapsed, step.estimated_seconds)
        next_step = self.plan.steps[self._index + 1] if self._index + 1 < len(self.plan) else None
        return Snapshot(
            state=self.state,
            step=step,
            next_step=next_step,
            step_elapsed=elapsed,
            step_remaining=remaining,
            session_active=walked + elapsed,
            session_remaining=max(0.0, total - done),
            progress=min(1.0, done / total) if total else 0.0,
            status=None,
            slept=self._slept if self.state == PAUSED else None,
            slept_cause=self._slept_cause if self.state == PAUSED else None,
            counting=(
                self.state == RUNNING
                and remaining is not None
                and self.counted(step, math.ceil(remaining))
            ),
        )

    def next_change(self, now: float | None = None) -> float | None:
        """Seconds from `now` until the session next changes by itself.

        That is the next of: the step's clock reaching a new whole second, a
        cue falling due, the step running out. None while nothing moves by
        itself (before the start, paused, finished). A screen that looks
        again at exactly that moment misses nothing and wastes no look.
        """
        if self.state != RUNNING:
            return None
        now = self.clock() if now is None else now
        step = self.step
        elapsed = self._step_active(now)
        if step.planned_seconds is None:
            return math.floor(elapsed) + 1 - elapsed
        remaining = step.planned_seconds - elapsed
        if remaining <= 0:
            return 0.0
        wait = remaining - (math.ceil(remaining) - 1)
        if not self._halfway_sent and step.planned_seconds >= HALFWAY_MIN_SECONDS:
            halfway = step.planned_seconds / 2 - elapsed
            if halfway > 0:
                wait = min(wait, halfway)
        return wait

    # ------------------------------------------------------------- actions

    def start(self, at: float | None = None) -> list[Event]:
        """Start the first step now, or at the monotonic time `at` (the end of a lead-in)."""
        if self.state != READY:
            raise EngineError("the session has already started")
        self._look(self.clock())  # the clocks' first reading
        now = self.clock() if at is None else at
        self.state = RUNNING
        return self._begin(0, now)

    def poll(self) -> list[Event]:
        """Finish every timed step that has run out by now; emit due cues.

        A poll also notices a computer that was asleep since the last look:
        the session is then paused (see the module's notes).
        """
        if self.state not in (RUNNING, PAUSED):
            return []
        now = self.clock()
        return self._look(now) + self._advance(now)

    def pause(self, *, pressed: bool = True) -> list[Event]:
        """Pause; `pressed` False when something else on the screen asks (help, a question)."""
        events = self._running_action()
        if self.state == RUNNING and not (pressed and self._pressed_again()):
            self._paused_at = self._changed_at = self.clock()
            self.state = PAUSED
        return events

    def resume(self, *, pressed: bool = True) -> list[Event]:
        if self.state != PAUSED or (pressed and self._pressed_again()):
            return []
        now = self._changed_at = self.clock()
        events = self._look(now)
        assert self._paused_at is not None
        self._step_paused += now - self._paused_at
        self._paused_at = None
        self._slept = self._slept_cause = None
        self.state = RUNNING
        return events + self._advance(now)

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state == PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """Leave the current step now and start the next one."""
        events = self._running_action()
        if self._begun_by_timer and self.clock() - self._step_start < DOUBLE_PRESS_SECONDS:
            return events  # meant for the step that just ran out: this one stays
        if self.state in (RUNNING, PAUSED):
            events += self._leave(self.clock(), "skipped", self._index + 1)
        return events

    def done(self) -> list[Event]:
        """The walker finished a step-count step (Space)."""
        events = self._running_action()
        if self.state in (RUNNING, PAUSED):
            if not self.step.manual:
                raise EngineError("only a step-count step is finished by hand")
            if self._pressed_again():
                return events
            events += self._leave(self.clock(), "completed", self._index + 1)
        return events

    def back(self) -> list[Event]:
        """Restart the current step, or go to the previous one if it just began."""
        events = self._running_action()
        if self.state in (RUNNING, PAUSED):
            now = self.clock()
            target = self._index
            if self._step_active(now) < BACK_GRACE_SECONDS and self._index > 0:
                target -= 1
            events += self._leave(now, "skipped", target)
        return events

    def end(self, status: str = "ended_early") -> list[Event]:
        """End the session before its plan runs out ("ended_early" or "interrupted")."""
        if status not in ("ended_early", "interrupted"):
            raise ValueError(f"cannot end a session as {status!r}")
        if self.state == FINISHED:
            return []
        if self.state == READY:
            raise EngineError("the session has not started")
        now = self.clock()
        events = self._look(now) + self._advance(now)
        if self.state == FINISHED:
            return events
        step_status = "interrupted" if status == "interrupted" else "skipped"
        return events + self._finish_step(now, step_status) + self._finish_session(status)

    # ------------------------------------------------------------- internals

    def _pressed_again(self) -> bool:
        """Whether a key now is the one that made the last change, pressed again."""
        return self.clock() - self._changed_at < DOUBLE_PRESS_SECONDS

    def _running_action(self) -> list[Event]:
        if self.state == READY:
            raise EngineError("the session has not started")
        if self.state == FINISHED:
            return []
        now = self.clock()
        return self._look(now) + self._advance(now)

    def _look(self, now: float) -> list[Event]:
        """Notice a sleep or a stop since the last look: pause where it began, and report it."""
        last_seen, self._last_seen = self._last_seen, now
        slept = 0.0
        if self.sleep_clock is not None:
            gap = self.sleep_clock() - now
            # The clocks' own drift and small corrections are absorbed look by look.
            slept = gap - self._clock_gap if self.state != READY else 0.0
            self._clock_gap = gap
        if slept >= SLEEP_MIN_SECONDS:
            self.asleep_seconds += slept
            return self._pause_itself(slept, "asleep", last_seen)
        late = now - last_seen
        if self.stopped_after is not None and self.state == RUNNING and late >= self.stopped_after:
            return self._pause_itself(late, "stopped", last_seen)
        return []

    def _pause_itself(self, seconds: float, cause: str, last_seen: float) -> list[Event]:
        if self.state == PAUSED:  # paused already: the pause just grew
            self._slept = (self._slept or 0.0) + seconds
        else:
            self._slept = seconds
        self._slept_cause = cause
        if self.state == RUNNING:
            # Everything up to the last look was handled then; nothing after it
            # is walking. (CLOCK_MONOTONIC did not count a sleep itself.)
            self._paused_at = max(last_seen, self._step_start)
            self.state = PAUSED
        return [Slept(seconds, cause)]

    def _begin(self, index: int, at: float, *, by_timer: bool = False) -> list[Event]:
        self._index = index
        self._begun_by_timer = by_timer
        self._step_start = self._changed_at = at
        self._step_paused = 0.0
        if self._paused_at is not None:
            # Moving while paused: the new step starts paused, at `at`.
            self._paused_at = at
        self._countdown_sent = math.inf
        self._halfway_sent = False
        event = StepStarted(self.step, self._seq, at)
        self._seq += 1
        return [event]

    def _finish_step(self, now: float, status: str) -> list[Event]:
        event = StepFinished(self.step, self._seq - 1, self._step_active(now), status)
        self.finished.append(event)
        return [event]

    def _finish_session(self, status: str) -> list[Event]:
        self.state = FINISHED
        self.status = status
        self._paused_at = None
        return [SessionFinished(status, sum(f.active_seconds for f in self.finished))]

    def _leave(
        self, now: float, status: str, target: int, *, by_timer: bool = False
    ) -> list[Event]:
        events = self._finish_step(now, status)
        if target >= len(self.plan):
            return events + self._finish_session("completed")
        return events + self._begin(target, now, by_timer=by_timer)

    def _advance(self, now: float) -> list[Event]:
        events: list[Event] = []
        while self.state == RUNNING:
            planned = self.step.planned_seconds
            if planned is None or self._step_active(now) < planned:
                break
            # The moment this step's time ran out; the next starts right there.
            boundary = self._step_start + self._step_paused + planned
            events += self._leave(boundary, "completed", self._index + 1, by_timer=True)
        if self.state == RUNNING:
            events += self._cues(now)
        return events

    def _cues(self, now: float) -> list[Event]:
        step = self.step
        if step.planned_seconds is None:
            return []
        elapsed = self._step_active(now)
        remaining = step.planned_seconds - elapsed
        # The clock's time at which the step had been active for `active` seconds.
        start = self._step_start + self._step_paused
        events: list[Event] = []
        if (
            not self._halfway_sent
            and step.planned_seconds >= HALFWAY_MIN_SECONDS
            and elapsed >= step.planned_seconds / 2
        ):
            self._halfway_sent = True
            events.append(Halfway(step, start + step.planned_seconds / 2))
        left = math.ceil(remaining)
        # Only the latest second is cued: after a late poll, stale counts are dropped.
        if self.counted(step, left) and left < self._countdown_sent:
            self._countdown_sent = left
            events.append(Countdown(step, left, start + step.planned_seconds - left))
        return events
