"""A checkbox whose mark says its state: Textual's draws "X" ticked or not, by colour alone."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """✓ when ticked, a blank box when not; the colours stay, as a second signal."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        # The name Textual's ToggleButton draws from; here it follows the state.
        return "✓" if self.value else " "
