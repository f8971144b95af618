"""The screens' base classes: `self.app` is a `BackwalkApp`, for the type checker.

Textual types a screen's `app` as a plain `App`, so every `self.app.history`
would go unchecked. These classes say which app it is, as Textual's
`getters.app` does, but for the type checker only: at run time they add
nothing, and a screen shown by another app (a test's) works as before.
"""

from __future__ import annotations

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


class BackwalkModalScreen(ModalScreen[ResultType]):
    """A dialog of backwalk's, over the screen under it."""

    if TYPE_CHECKING:
        app = getters.app(BackwalkApp)
