"""Turns a session's engine events into history writes, as they happen.

The session row is written when the first step starts, each step run is
committed the moment it finishes (but for one left at once, which nobody
walked), a time the computer was asleep when it is noticed, and the status
when the session ends. The notices the safety check showed (their kinds, as
`advice.Notice.kind`) are written with the session row. A failed write (a
full disk, a folder made read-only) is remembered in `problem` for the
walker to see; the timer itself goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from backwalk_tui.engine import Event, SessionFinished, Slept, StepFinished, StepStarted
from backwalk_tui.history import History
from backwalk_tui.plan import Plan
from backwalk_tui.presets import dump_preset
from backwalk_tui.records import HistoryError


class SessionRecorder:
    def __init__(
        self,
        history: History | None,
        plan: Plan,
        *,
        pain_before: int | None = None,
        notices: Sequence[str] = (),
    ):
        self.history = history
        self.plan = plan
        self.pain_before = pain_before
        #: The kinds of the notices shown before the session started, in order.
        self.notices = tuple(notices)
        self.session_id: int | None = None
        #: The first write that failed, as a message for the walker.
        self.problem: str | None = None

    def apply(self, events: Iterable[Event]) -> None:
        for event in events:
            try:
                self._write(event)
            except HistoryError as exc:
                self.problem = self.problem or str(exc)

    def _write(self, event: Event) -> None:
        if self.history is None:
            return
        if isinstance(event, StepStarted) and self.session_id is None:
            preset = self.plan.preset
            self.session_id = self.history.start_session(
                preset=preset.name,
                preset_toml=preset.text or dump_preset(preset),
                stage=preset.stage,
                planned_seconds=round(self.plan.estimated_seconds, 1),
                pain_before=self.pain_before,
                notices=self.notices,
            )
        elif self.session_id is None:
            return
        elif isinstance(event, StepFinished):
            if event.left_at_once:
                return
            self.history.record_step(
                self.session_id, seq=event.seq, step=event.step,
                active_seconds=event.active_seconds, status=event.status,
            )  # fmt: skip
        elif isinstance(event, Slept) and event.cause == "asleep":
            self.history.record_sleep(self.session_id, event.seconds)
        elif isinstance(event, SessionFinished):
            self.history.finish_session(self.session_id, event.status)
