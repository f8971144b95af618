"""The built-in preset editor: the TOML on the left, its problems and plan on the right.

For walkers without a terminal editor of their own ($VISUAL/$EDITOR). The
text is checked a moment after each change; selecting a problem puts the
cursor on its line. Ctrl+S saves through `authoring.save_text` (temporary
file and rename, the old version kept as NAME.toml.bak). The file is watched
while open: a change made elsewhere is loaded, after asking when the editor
holds unsaved text, and a file deleted meanwhile is written back on save.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import EditResult, Location

from backwalk_tui.plan import build_plan
from backwalk_tui.presets import (
    MAX_FILE_BYTES,
    PresetError,
    PresetLoadError,
    authoring,
    parse_preset,
)
from backwalk_tui.presets.tomlfile import read
from backwalk_tui.records import without_controls
from backwalk_tui.ui.planview import plan_summary, plan_table
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.words import plural, visible

#: Seconds between the last key and the check; short enough to feel live.
CHECK_DELAY = 0.4
#: How often the file is looked at for changes made elsewhere.
WATCH_SECONDS = 1.0
#: The control characters a TOML file is written with; any other is kept out.
LAYOUT = "\t\r\n"


def shown_text(text: str) -> str:
    """A file's text as the editor holds it: a raw control character as a code.

    One raw in the file (not allowed in TOML, or refused in a preset's text)
    would drive the terminal; saving keeps the code.
    """
    return visible(text, keep=LAYOUT)


class SourceArea(TextArea):
    """The TOML being edited: what is typed or pasted loses its control characters.

    An escape or a bell pasted would be invisible here and saved raw, as the
    one-line TextBox keeps them out too (`records.without_controls`).
    """

    def replace(
        self, insert: str, start: Location, end: Location, *, maintain_selection_offset: bool = True
    ) -> EditResult:
        return super().replace(
            without_controls(insert, keep=LAYOUT), start, end,
            maintain_selection_offset=maintain_selection_offset,
        )  # fmt: skip


def _toml_language() -> str | None:
    """TOML highlighting where tree-sitter's TOML grammar is installed, else plain text."""
    from textual._tree_sitter import get_language

    return "toml" if get_language("toml") is not None else None


class EditorScreen(BackwalkScreen[bool]):
    """Edit one preset file; dismisses with True if it was saved."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            tooltip="save (the version before is kept as NAME.toml.bak)",
        ),  # fmt: skip,
        Binding("escape", "close", "Close", priority=True, tooltip="close (asks first if unsaved)"),
        Binding("f2", "focus_problems", "Problems"),
    ]

    def __init__(self, path: Path, *, check_delay: float | None = None):
        super().__init__()
        self.path = path
        self.check_delay = CHECK_DELAY if check_delay is None else check_delay
        self.problems: list[PresetError] = []
        self.saved = False
        self._check_timer: Timer | None = None
        #: The text the problems and plan on screen were made from.
        self._checked_text: str | None = None
        self._saved_text = ""
        self._disk = authoring.file_signature(path)
        self._asking = False

    # ----------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor"):
            source = SourceArea.code_editor(
                "", language=_toml_language(), soft_wrap=True, id="source"
            )
            # Headless (tests, screenshots) nobody sees a blink, and the blink
            # timer would let each picture catch the cursor in another phase.
            # Set before the first focus: TextArea's line cache keeps a line
            # drawn while blinked out if blinking is turned off afterwards.
            source.cursor_blink = not self.app.is_headless
            yield source
            with Vertical(id="editor-side"):
                yield Static(id="editor-status")
                # Here, not in the header, where a long file name cut it off;
                # the name itself is in the title.
                yield Static(
                    "Ctrl+S saves; the version before is kept, with .bak added",
                    id="editor-hint", classes="dim",
                )  # fmt: skip
                yield OptionList(id="editor-problems")
                with VerticalScroll(id="editor-preview"):
                    yield Static(id="editor-plan")
        yield Footer()

    def on_mount(self) -> None:
        try:
            text = read(self.path, MAX_FILE_BYTES)
        except PresetLoadError as exc:
            # Unreadable as text: say so and start empty; saving is refused
            # below so the file on disk is never replaced by nothing.
            text = ""
            self.notify(str(exc), title="Cannot open", severity="error", timeout=15)
        self._load(text)
        self.set_interval(WATCH_SECONDS, self.check_disk)
        self.query_one("#source", TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one("#source", TextArea).text

    @property
    def unsaved(self) -> bool:
        return self.text != self._saved_text

    def _load(self, text: str) -> None:
        """Show the file's `text`, as saved: nothing is unsaved until the walker edits it."""
        area = self.query_one("#source", TextArea)
        cursor = area.cursor_location
        shown = shown_text(text)
        # Compared with what is shown, not what was read: a code in place of a
        # raw character is no edit of the walker's.
        self._saved_text = shown
        if shown != text:
            self.notify(
                "This file holds control characters; they are shown as codes (\\u001b). "
                "Saving writes them so.", title="Control characters", timeout=10,
            )  # fmt: skip
        area.load_text(shown)
        area.cursor_location = cursor  # clamped to the new text
        self.check_now()

    # ----------------------------------------------------------- checking

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if self.text == self._checked_text:
            # Loading text checks it at once (`_load`); the Changed that
            # load_text posts would only check the same text again.
            self._show_title()
            return
        if self.check_delay > 0:
            self._check_timer = self.set_timer(self.check_delay, self.check_now)
        else:
            self.call_later(self.check_now)
        self._show_title()

    def check_now(self) -> None:
        """Check the text as it stands and show its problems and plan."""
        self._check_timer = None
        self._checked_text = self.text
        status = self.query_one("#editor-status", Static)
        problems = self.query_one("#editor-problems", OptionList)
        plan_view = self.query_one("#editor-plan", Static)
        problems.clear_options()
        try:
            preset = parse_preset(self.text, str(self.path))
        except PresetLoadError as exc:
            self.problems = list(exc.errors)
            status.update(Text(f"✗ {plural(len(self.problems), 'problem')}", style="bold red"))
            for number, problem in enumerate(self.problems):
                place = f"line {problem.line}" if problem.line else "file"
                label = Text(f"{place}: ", style="bold")
                label.append(f"{problem.key_path}: " if problem.key_path else "")
                label.append(problem.message)
                problems.add_option(Option(label, id=f"problem-{number}"))
            plan_view.update(Text("The plan shows once the problems are fixed.", style="dim"))
            self.set_class(True, "-problems")
        else:
            self.problems = []
            status.update(Text("✓ No problems", style="bold green"))
            plan = build_plan(preset)
            heading = Text(f"{preset.name}\n", style="bold")
            heading.append(f"{plan_summary(preset, plan)}\n", style="bold")
            plan_view.update(Group(heading, plan_table(plan)))
            self.set_class(False, "-problems")
        self._show_title()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        problem = self.problems[event.option_index]
        area = self.query_one("#source", TextArea)
        if problem.line:
            column = (problem.column or 1) - 1
            area.cursor_location = (problem.line - 1, column)
            area.scroll_cursor_visible(center=True)
        area.focus()

    def action_focus_problems(self) -> None:
        problems = self.query_one("#editor-problems", OptionList)
        if problems.option_count:
            problems.highlighted = problems.highlighted or 0
            problems.focus()

    def _show_title(self) -> None:
        mark = "● " if self.unsaved else ""
        self.title = f"{mark}Editing {visible(self.path.name)}"

    # ------------------------------------------------------------- saving

    def action_save(self) -> None:
        text = self.text
        if not text.strip():
            self.notify("Nothing to save: the text is empty.", severity="warning")
            return
        try:
            authoring.save_text(self.path, text)
        except authoring.SaveError as exc:
            # The text stays here, unsaved, for another try or a copy elsewhere.
            self.notify(str(exc), title="Not saved", severity="error", timeout=15)
            return
        self._saved_text = text
        self._disk = authoring.file_signature(self.path)
        self.saved = True
        self.check_now()
        if self.problems:
            self.notify(
                f"Saved with {plural(len(self.problems), 'problem')}. Until they are fixed "
                "the picker keeps using the last version that worked.",
                severity="warning", timeout=8,
            )  # fmt: skip
        else:
            self.notify(f"Saved {self.path.name}", timeout=3)
        self._show_title()

    def action_close(self) -> None:
        if not self.unsaved:
            self.dismiss(self.saved)
            return
        self.ask_to_leave(lambda: self.dismiss(self.saved))

    def ask_to_leave(self, leave: Callable[[], object]) -> None:
        """Ask before the unsaved text is lost (Esc here, Ctrl+Q anywhere); `leave` on yes."""

        def answered(discard: bool | None) -> None:
            if discard:
                leave()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving?",
                "Your changes since the last save will be lost. Ctrl+S saves them.",
                yes="Discard changes", no="Keep editing",
            ),
            answered,
        )  # fmt: skip

    # ----------------------------------------------------------- watching

    def check_disk(self) -> None:
        """Pick up a change made to the file elsewhere (runs every second)."""
        now = authoring.file_signature(self.path)
        if now == self._disk or self._asking:
            return
        self._disk = now
        if now is None:
            self.notify(
                f"{self.path} was deleted or moved. Your text is still here: "
                "Ctrl+S writes it back.",
                severity="warning", timeout=15,
            )  # fmt: skip
            self._saved_text = ""  # nothing on disk matches the text any more
            self._show_title()
            return
        try:
            text = read(self.path, MAX_FILE_BYTES)
        except PresetLoadError:
            return  # caught halfway through another program's save; look again
        if shown_text(text) == self.text:
            self._saved_text = self.text
            self._show_title()
            return
        if not self.unsaved:
            self._load(text)
            self.notify(f"{self.path.name} changed on disk and was loaded again.", timeout=4)
            return

        def answered(replace: bool | None) -> None:
            self._asking = False
            if replace:
                self._load(text)
            self._show_title()

        self._asking = True
        self.app.push_screen(
            ConfirmScreen(
                f"{self.path.name} changed on disk",
                "Another program saved this file while you were editing it here. "
                "Load its new version? Your unsaved text here would be replaced.",
                yes="Load the new version", no="Keep my text",
            ),
            answered,
        )  # fmt: skip
