"""The screens' base classes: `self.app` is a `BackwalkApp`, for the type checker.

Textual types a screen's `app` as a plain `App`, so every `self.app.history`
would go unchecked. These classes say which app it is, as Textual's
`getters.app` does, but for the type checker only: at run time `self.app` is
Textual's own, and a screen shown by another app (a test's) works as before.
A full screen also answers the one question the app asks of any screen when
the walker quits: does it hold work not yet saved (`unsaved`, `ask_to_leave`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual import getters

    from backwalk_tui.ui.app import BackwalkApp

#: What the screen gives back when it is dismissed.
ResultType = TypeVar("ResultType")


class BackwalkScreen(Screen[ResultType]):
    """A full screen of backwalk's."""

    if TYPE_CHECKING:
        app = getters.app(BackwalkApp)

    @property
    def unsaved(self) -> bool:
        """Whether leaving now would lose the walker's work: quitting asks first."""
        return False

    def ask_to_leave(self, leave: Callable[[], object]) -> None:
        """Ask before the unsaved work is lost; `leave` on yes. Nothing to ask: leave."""
        leave()


class BackwalkModalScreen(ModalScreen[ResultType]):
    """A dialog of backwalk's, over the screen under it."""

    if TYPE_CHECKING:
        app = getters.app(BackwalkApp)
