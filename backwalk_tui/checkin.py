"""A check-in's Timed Up and Go, as backwalk guides and times it: the words and a stopwatch.

The test as PROGRAM.md describes it (Podsiadlo and Richardson, 1991): from
sitting in a chair with arms, on "Go", stand up, walk 3 metres at a
comfortable and safe pace to a line on the floor, turn, walk back and sit
down; timed from "Go" until seated, in usual shoes and with the usual
walking aid. Lower is better.

`TugTimer` is pure, like the session engine: every method takes `now` from
the screen's monotonic clock, so a test drives it with a fake one. The clock
starts on "Go", at the end of a spoken "3, 2, 1"; a key pressed before "Go",
or within `DOUBLE_PRESS_SECONDS` of it, is not a time and is ignored. Every
time it gives is one the history keeps (`tug_kept`): an hour on the clock
ends the test with no time ("over").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from backwalk_tui.engine import DOUBLE_PRESS_SECONDS
from backwalk_tui.records import TUG_DECIMALS, tug_kept

# Nobody stands, walks 6 metres and sits in a second: a press within
# DOUBLE_PRESS_SECONDS of "Go" is the countdown's key pressed again (or held),
# not a time; the session's keys follow the same rule.

#: What to set up before the test, for the check-in screen's checklist.
TUG_SETUP = (
    "A chair with arms, standing firm (against a wall)",
    "A line on the floor 3 metres in front of the chair",
    "Your usual shoes, and your usual walking aid if you use one",
    "Sit well back in the chair",
)
TUG_TASK = (
    'On "Go": stand up, walk to the line at a comfortable and safe pace, turn, '
    "walk back and sit down. Press Space or Enter once you are seated; a helper "
    "can press it for you."
)
PAIN_WEEK_QUESTION = "Your average knee pain over the last week, 0-10"

#: Seconds under which a whole test is implausible. Standing up, 6 metres of
#: walking at a comfortable pace, a turn and sitting down: a time under 5 s is
#: most likely the stopwatch stopped early. The screen says so at once; the
#: time is still the walker's to keep (`tug_kept` alone decides what is kept).
FASTEST_LIKELY_TUG = 5.0


def implausibly_fast(seconds: float) -> bool:
    """Whether a Timed Up and Go of `seconds` is too fast to be the whole test."""
    return seconds < FASTEST_LIKELY_TUG


#: Said (and shown) one a second; the clock starts on the last.
COUNTDOWN = ("3", "2", "1", "Go")
COUNT_SECONDS = 1.0


@dataclass
class TugTimer:
    """Ready → counting ("3, 2, 1") → timing (from "Go") → stopped; redo goes back to ready.

    Timing becomes "over", with no time, once the clock passes what a time can be.
    """

    _started: float | None = field(default=None, repr=False)
    #: The time taken, once stopped; None before.
    result: float | None = None

    @property
    def go_at(self) -> float | None:
        """The moment "Go" is said and the clock starts; None while ready."""
        if self._started is None:
            return None
        return self._started + (len(COUNTDOWN) - 1) * COUNT_SECONDS

    def phase(self, now: float) -> str:
        """ "ready", "counting", "timing", "stopped" or "over"."""
        if self.result is not None:
            return "stopped"
        go_at = self.go_at
        if go_at is None:
            return "ready"
        if now < go_at:
            return "counting"
        taken = now - go_at
        return "over" if taken > DOUBLE_PRESS_SECONDS and tug_kept(taken) is None else "timing"

    def start(self, now: float) -> None:
        """Begin the countdown (again, after a redo or a time discarded)."""
        self._started, self.result = now, None

    def count_index(self, now: float) -> int | None:
        """Which COUNTDOWN word is showing (its last, "Go", from then on); None while ready.

        The screen sounds the word of the moment when this changes between
        two reads: a late look never sounds the words it missed, all at once.
        """
        if self._started is None:
            return None
        index = int((now - self._started) // COUNT_SECONDS)
        return max(0, min(index, len(COUNTDOWN) - 1))

    def elapsed(self, now: float) -> float:
        """Seconds on the clock: 0 until "Go", the result once stopped."""
        if self.result is not None:
            return self.result
        go_at = self.go_at
        return 0.0 if go_at is None else max(0.0, now - go_at)

    def stop(self, now: float) -> float | None:
        """Seated again: the time, to 0.1 s.

        Nothing happens before "Go" (or while ready), in the first
        DOUBLE_PRESS_SECONDS after it, or once the test is over.
        """
        if not self.can_stop(now):
            return self.result
        assert self.go_at is not None
        self.result = tug_kept(now - self.go_at)
        return self.result

    def can_stop(self, now: float) -> bool:
        """Whether a press now is a time: timing, and past the double press."""
        go_at = self.go_at
        return (
            self.phase(now) == "timing"
            and go_at is not None
            and now - go_at >= DOUBLE_PRESS_SECONDS
        )

    def redo(self) -> None:
        """Throw away the time (or the countdown) and be ready again."""
        self._started, self.result = None, None

    def next_change(self, now: float) -> float | None:
        """When the screen must look again: the next word, then every tenth of a second."""
        phase = self.phase(now)
        if phase in ("ready", "stopped", "over"):
            return None
        assert self._started is not None and self.go_at is not None
        if phase == "counting":
            return self._started + (int((now - self._started) // COUNT_SECONDS) + 1) * COUNT_SECONDS
        tenth = 10**-TUG_DECIMALS
        return self.go_at + (int((now - self.go_at) / tenth) + 1) * tenth
