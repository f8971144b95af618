"""Keeping the screen on while a session runs, with wakepy's `keep.presenting`.

A walker at the far end of the counter touches no key for up to 16 minutes;
laptops dim the screen after a minute or two of that, blank it, lock it and
suspend. wakepy asks the system itself not to: the desktop's inhibitor over
D-Bus on Linux (GNOME, KDE and other freedesktop.org desktops), `caffeinate`
on macOS, SetThreadExecutionState on Windows. Each of those ends with the
process, however it ends (a D-Bus inhibitor with its connection, caffeinate
when its stdin pipe closes, the execution state with the thread).

wakepy reports a failure with a Python warning and logs through `logging`:
in a full-screen app nothing may print behind Textual's back, so failures
are read from its result here (`on_fail="pass"`), and its logger goes
nowhere. It is imported only when a session first asks.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wakepy import Mode

#: A session paused for longer than this lets the screen sleep: the walker has gone.
PAUSE_LIMIT_SECONDS = 300.0

#: What the walker reads, once, when the screen cannot be kept on.
CANNOT = (
    "backwalk could not keep the screen on here ({why}): it may dim or lock. "
    "Turn screen blanking off for today; ? shows how."
)

#: Where each desktop turns screen blanking off, for the help.
BY_HAND = (
    "backwalk keeps the screen on during a session. Where it cannot (the top bar "
    'says "Screen may sleep"), turn blanking off by hand for the day: '
    "GNOME: Settings > Power > Screen Blank: Never · "
    "KDE: System Settings > Power Management > Turn off screen · "
    "macOS: System Settings > Lock Screen > Turn display off · "
    "Windows: Settings > System > Power > Screen: Never."
)


class ScreenKeeper:
    """Holds the screen on while asked to; never fails a session for it.

    `problem` says why the screen may sleep, from the first time it could
    not be kept on, for the session's top bar ("Screen may sleep").
    """

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.problem: str | None = None
        self._mode: Mode | None = None
        # wakepy keeps its current mode in a context variable, set on entering
        # and reset on leaving, which must happen in one context: Textual runs
        # each event in a task (a context) of its own, so a context is kept here.
        self._context = contextvars.Context()

    @property
    def holding(self) -> bool:
        return self._mode is not None

    def follow(self, awake: bool) -> None:
        """Hold the screen on while `awake`, let it go when not (cheap to call every tick)."""
        if awake:
            self.hold()
        else:
            self.release()

    def hold(self) -> bool:
        """Keep the screen on from now; False when it cannot (see `problem`)."""
        if self._mode is not None:
            return True
        if not self.enabled or self.problem is not None:
            return False  # off by choice, or known not to work on this machine
        mode = _presenting()
        try:
            self._context.run(mode.__enter__)
        except Exception as exc:  # wakepy's own faults must not end a session
            self.problem = CANNOT.format(why=f"{type(exc).__name__}: {exc}")
            return False
        if not mode.active:
            self._context.run(mode.__exit__, None, None, None)
            self.problem = CANNOT.format(why=_why(mode))
            return False
        self._mode = mode
        return True

    def release(self) -> None:
        """Let the screen sleep again (as the system's settings say)."""
        mode, self._mode = self._mode, None
        if mode is not None:
            # Should wakepy fail here, the inhibitor still dies with the process.
            with contextlib.suppress(Exception):
                self._context.run(mode.__exit__, None, None, None)


def _presenting() -> Mode:
    import wakepy

    # Its messages go nowhere: the walker reads `problem`, on the screen.
    wakepy_log = logging.getLogger("wakepy")
    wakepy_log.addHandler(logging.NullHandler())
    wakepy_log.propagate = False
    return wakepy.keep.presenting(on_fail="pass")


def _why(mode: Mode) -> str:
    """The reason in a walker's words: no desktop to ask, or the desktop said no."""
    results = mode.result.list_methods(ignore_platform_fails=True) if mode.result else []
    reasons = " ".join(result.failure_reason for result in results)
    if not results or "DBUS_SESSION_BUS_ADDRESS" in reasons:
        return "no desktop session to ask"
    return "the desktop said no"
