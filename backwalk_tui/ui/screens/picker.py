"""The preset picker: every preset, its plan, and files that need fixing.

Above the list: when the next session is due, and a check-in when one is
offered (`c` takes one at any time). Presets are also looked after here:
`e` edits, `n` makes a new one from the selected, `d` duplicates, Delete
moves a user preset to the trash. The presets folder is looked at every
second, so a file saved in another window shows up without a restart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from backwalk_tui import stats
from backwalk_tui.days import in_future, local_day
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import STAGES, Preset, Problem, authoring
from backwalk_tui.records import SessionRecord
from backwalk_tui.ui.planview import plan_steps, plan_summary
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.words import status_word, visible

# The screens the picker opens are imported when first opened: the picker is
# the first paint, and each import before it delays the walker's first look.

#: How often the presets folder is looked at for files saved elsewhere.
WATCH_SECONDS = 1.0

#: The longest file name a problem is located by: with `:LINE:COL:` after it, it
#: fits the problem pane at 80x24 (42 columns), so wrapping never splits it.
SHORT_NAME_CHARS = 30


def ago(moment: datetime, now: datetime | None = None) -> str:
    """`today`, `yesterday`, `3 days ago`; `in the future, 01 Jan 2099` after today."""
    today = (now or datetime.now().astimezone()).date()
    if in_future(moment, today):
        return f"in the future, {local_day(moment):%d %b %Y}"
    days = (today - local_day(moment)).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


class PickerScreen(BackwalkScreen[None]):
    # In the footer's order: the ways on and out first, so a narrow screen
    # cuts off the keys for looking after presets (all in the help) instead.
    BINDINGS = [
        Binding("enter", "start", "Start", id="start", priority=True),
        Binding("s", "app.stats", "Stats", id="stats"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("c", "app.checkin", "Check-in", id="checkin"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("n", "new", "New", id="new"),
        # Left out of the footer (the help lists it) for Check-in: all fit 80 columns.
        Binding("d", "duplicate", "Duplicate", id="duplicate", show=False),
        Binding("delete", "trash", "Remove", id="trash", tooltip="remove (to the trash)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._presets: list[Preset] = []
        self._problems: list[Problem] = []
        self._last: dict[str, SessionRecord] = {}
        #: What `_read_due` found at the last fill, for the line above the list.
        self._due: tuple[str, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="picker-due")
        with Horizontal(id="picker"):
            yield OptionList(id="preset-list")
            with VerticalScroll(id="preset-detail"):
                yield Static(id="detail")
        # Compact: its keys and the palette's fit 80 columns whole.
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Pick a session"
        self._folder = authoring.folder_signature(self._folder_path)
        self._watch = self.set_interval(WATCH_SECONDS, self.check_folder)

    def on_screen_resume(self) -> None:
        # Shown for the first time, or again after a session, the editor or stats.
        self._watch.resume()
        self._reload_if_changed()
        self._fill()

    def on_screen_suspend(self) -> None:
        # Nothing to watch for while a session runs: keep the laptop idle.
        self._watch.pause()

    def check_folder(self) -> None:
        """Load the presets again if a file in the folder changed (runs every second)."""
        if self._reload_if_changed():
            self._fill()

    def _reload_if_changed(self) -> bool:
        now = authoring.folder_signature(self._folder_path)
        if now == self._folder:
            return False
        self._folder = now
        self.app.reload_catalog()
        return True

    def _fill(self, select: str | None = None) -> None:
        """List the catalog; the highlight goes to the `select` key or follows its entry."""
        history = self.app.history
        self._last = history.last_by_preset() if history is not None else {}
        self._due = self._read_due()
        self._show_due()
        options = self.query_one("#preset-list", OptionList)
        before = self._selected()
        self._presets = list(self.app.catalog)
        self._problems = list(self.app.catalog.problems)
        stale = {p.last_good.name for p in self._problems if p.last_good is not None}
        highlighted = options.highlighted
        options.clear_options()
        for number, preset in enumerate(self._presets):
            if preset.name in stale:
                marker = Text("  ⚠ file has problems", style="bold yellow")
            else:
                marker = Text("" if preset.builtin else "  yours", style="italic dim")
            options.add_option(Option(Entry(Text(preset.name), marker), id=f"preset-{number}"))
        for number, problem in enumerate(self._problems):
            # A file's name is the walker's, or anyone's: shown, never obeyed.
            label = Text(f"✗ {visible(problem.path.name)}", style="bold red")
            marker = Text("  needs fixing", style="dim")
            options.add_option(Option(Entry(label, marker), id=f"problem-{number}"))
        choices: list[Preset | Problem] = [*self._presets, *self._problems]
        keys = [_key(choice) for choice in choices]
        if select is not None and select in keys:
            options.highlighted = keys.index(select)
        elif (same := _follow(before, choices)) is not None:
            options.highlighted = same
        elif options.option_count:
            # The entry's file is gone (trashed, deleted or renamed elsewhere) and no
            # preset has its name: the row that took its place, as after a removal in
            # any list. Enter then opens that preset's safety check, which names it.
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        options.focus()
        if options.highlighted is not None:
            self.query_one("#detail", Static).update(self._detail())

    def _read_due(self) -> tuple[str, str | None] | None:
        """`due today · this week: 1 of 3`, and a check-in's offer; None without a history."""
        history = self.app.history
        if history is None:
            return None
        today = self.app.wall_clock().date()
        sessions = history.sessions(steps=False)
        found = stats.due(sessions, weekly_goal=self.app.settings.weekly_goal, today=today)
        offer = stats.checkin_due(history.checkins(), today)
        return found.text, offer.text if offer is not None else None

    def _show_due(self) -> None:
        """The due line as read at the last fill (a resize reads no history).

        The check-in goes on a line of its own where both do not fit on one.
        """
        shown = self.query_one("#picker-due", Static)
        shown.display = self._due is not None
        if self._due is None:
            return
        due, offer = self._due
        text = Text(due, style="bold")
        if offer is not None:
            room = self.size.width - shown.styles.gutter.width
            hint = f"{offer} (c check-in)"
            text.append("  ·  " if len(due) + 5 + len(hint) <= room else "\n")
            text.append(offer)
            text.append(" (c check-in)", style="dim")
        shown.update(text)

    def on_resize(self) -> None:
        self._show_due()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#detail", Static).update(self._detail())
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def _selected(self) -> Preset | Problem | None:
        options = self.query_one("#preset-list", OptionList)
        if options.highlighted is None:
            return None
        kind, _, number = (options.get_option_at_index(options.highlighted).id or "").partition("-")
        return (self._presets if kind == "preset" else self._problems)[int(number)]

    def _detail(self) -> Text:
        selected = self._selected()
        if isinstance(selected, Problem):
            return _problem_text(selected, beside_plan=False)
        if selected is None:
            return Text("No presets found.")
        text = Text()
        broken = next((p for p in self._problems if p.last_good is selected), None)
        if broken is not None:
            text.append_text(_problem_text(broken, beside_plan=True))
            text.append("\n")
        text.append_text(self._preset_detail(selected))
        return text

    def _preset_detail(self, preset: Preset) -> Text:
        plan = build_plan(preset)
        text = Text(preset.name + "\n", style="bold")
        if preset.stage:
            text.append(f"Stage {preset.stage} of 5 · {STAGES[preset.stage]}\n", style="italic")
        if preset.description.strip():  # may run over lines, and end with a line break
            text.append(f"\n{preset.description.strip()}\n")
        text.append(f"\n{plan_summary(preset, plan)}\n", style="bold")
        last = self._last.get(preset.name)
        if last:
            text.append(
                f"Last done {ago(last.started_at, self.app.wall_clock())} "
                f"({visible(status_word(last))})\n"
            )
        else:
            text.append("Not done yet\n", style="dim")
        if preset.cues:
            text.append(f"\n{' · '.join(preset.cues)}\n", style="italic")
        text.append("\n")
        text.append_text(plan_steps(plan))
        where = "built in" if preset.builtin else visible(str(preset.source))
        text.append(f"\n{where}", style="dim")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        selected = self._selected()
        if action in ("start", "new", "duplicate"):
            return isinstance(selected, Preset) or None
        if action == "trash":  # on a built-in it says why not
            return selected is not None or None
        if action == "edit":
            # A built-in preset is copied first; a broken built-in file is not ours to fix.
            return isinstance(selected, Preset) or (selected is not None and not selected.builtin)
        return True

    def action_start(self) -> None:
        selected = self._selected()
        if isinstance(selected, Problem):
            self.notify(f"Fix {selected.path.name} first; its problems are listed on the right.",
                        severity="warning")  # fmt: skip
        elif selected is not None:
            from backwalk_tui.ui.screens.safety import SafetyScreen

            self.app.push_screen(SafetyScreen(selected))

    # ------------------------------------------------------- looking after presets

    def action_edit(self) -> None:
        selected = self._selected()
        if isinstance(selected, Problem):
            self.app.edit_preset(selected.path)
        elif isinstance(selected, Preset) and selected.source and not selected.builtin:
            self.app.edit_preset(selected.source)
        elif isinstance(selected, Preset):
            self._copy_builtin_and_edit(selected)

    def _copy_builtin_and_edit(self, preset: Preset) -> None:
        from backwalk_tui.ui.screens.confirm import ConfirmScreen

        def answered(copy: bool | None) -> None:
            if not copy:
                return
            # The copy keeps the name, so it takes the built-in's place in the list.
            path = self._create(preset, preset.name)
            if path is not None:
                self.app.edit_preset(path)

        self.app.push_screen(
            ConfirmScreen(
                f"'{preset.name}' is built in",
                "Built-in presets are never changed. Copy it into your presets folder "
                f"({self._folder_path}) and edit the copy? Your copy takes its place "
                "in this list; removing the copy brings the built-in back.",
                yes="Copy and edit", no="Cancel", danger=False,
            ),
            answered,
        )  # fmt: skip

    def action_new(self) -> None:
        from backwalk_tui.ui.screens.name import NameScreen

        source = self._selected()
        if not isinstance(source, Preset):
            return

        def named(name: str | None) -> None:
            if name is None:
                return
            path = self._create(source, name)
            if path is not None:
                self.notify(f"Created {path.name} from '{source.name}'. Press e to edit it.")

        self.app.push_screen(
            NameScreen(
                f"A new preset, starting from '{source.name}'. Its name:",
                authoring.suggest_name(self.app.catalog, source.name),
                lambda name: authoring.check_new_name(self.app.catalog, name),
            ),
            named,
        )

    def action_duplicate(self) -> None:
        source = self._selected()
        if not isinstance(source, Preset):
            return
        name = authoring.copy_name(self.app.catalog, source.name)
        path = self._create(source, name)
        if path is not None:
            self.notify(f"Duplicated as '{name}' ({path.name}).")

    def action_trash(self) -> None:
        from backwalk_tui.ui.screens.confirm import ConfirmScreen

        selected = self._selected()
        path = selected.path if isinstance(selected, Problem) else getattr(selected, "source", None)
        if selected is None or path is None:
            return
        if selected.builtin:
            self.notify("Built-in presets are never removed; your own ones can be.", timeout=4)
            return
        what = selected.name if isinstance(selected, Preset) else path.name

        def answered(remove: bool | None) -> None:
            if not remove:
                return
            try:
                moved = authoring.move_to_trash(path)
            except authoring.SaveError as exc:
                self.notify(str(exc), title="Not removed", severity="error", timeout=15)
                return
            self._reload_if_changed()
            self._fill()
            self.notify(f"Moved to {moved}. Move it back to use it again.", timeout=8)

        self.app.push_screen(
            ConfirmScreen(
                f"Remove '{what}'?",
                f"{path.name} moves to the trash folder ({path.parent / authoring.TRASH_FOLDER}); "
                "nothing is deleted, and your history keeps every session done with it.",
                yes="Move to trash", no="Keep it",
            ),
            answered,
        )  # fmt: skip

    @property
    def _folder_path(self) -> Path:
        return self.app.where.presets_dir

    def _create(self, source: Preset, name: str) -> Path | None:
        """Write `source` as a new user preset called `name`, then list and select it."""
        try:
            path = authoring.create_preset(self._folder_path, source, name)
        except authoring.SaveError as exc:
            self.notify(str(exc), title="Not written", severity="error", timeout=15)
            return None
        self._reload_if_changed()
        self._fill(select=f"preset:{path}")
        return path

    def show_file(self, path: Path) -> None:
        """After an edit: list the presets again and select the file, or its problems."""
        self._reload_if_changed()
        broken = any(problem.path == path for problem in self.app.catalog.problems)
        self._fill(select=f"{'problem' if broken else 'preset'}:{path}")


class Entry:
    """One entry of the list, on one line: the name cut with … where it must be,
    its marker kept whole (the detail beside it shows the name whole).

    Wrapped, a long name pushed its marker onto a line of its own, out of view.
    As a string, the entry as written: `Kitchen walk  yours`.
    """

    def __init__(self, name: Text, marker: Text) -> None:
        self.name, self.marker = name, marker

    def __str__(self) -> str:
        return self.name.plain + self.marker.plain

    def __rich_console__(self, console, options):
        row = Table.grid(expand=True)
        row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        row.add_column(no_wrap=True)
        row.add_row(self.name, self.marker)
        yield row


def _key(choice: Preset | Problem | None) -> str | None:
    """What stays the same for a listed entry across reloads: its kind and file, or name."""
    if isinstance(choice, Problem):
        return f"problem:{choice.path}"
    if choice is None:
        return None
    return f"preset:{choice.source if choice.source and not choice.builtin else choice.name}"


def _file(choice: Preset | Problem | None) -> Path | None:
    """The user's file an entry comes from; None for a built-in preset."""
    if isinstance(choice, Problem):
        return choice.path
    if choice is None or choice.builtin:
        return None
    return choice.source


def _follow(before: Preset | Problem | None, choices: list[Preset | Problem]) -> int | None:
    """Where the entry highlighted `before` a reload is listed now, if anywhere.

    The same entry; else what its file gives now (fixed in another window, the
    file's preset in place of its problem row, or broken, the other way round);
    else, the file gone, the preset of the same name (the built-in a removed
    copy hid, or the walk moved to another file).
    """
    if before is None:
        return None
    key, file = _key(before), _file(before)
    same = next((n for n, choice in enumerate(choices) if _key(choice) == key), None)
    if same is None and file is not None:
        same = next((n for n, choice in enumerate(choices) if _file(choice) == file), None)
    if same is None and isinstance(before, Preset):
        same = next(
            (n for n, c in enumerate(choices) if isinstance(c, Preset) and c.name == before.name),
            None,
        )
    return same


def _problem_text(problem: Problem, *, beside_plan: bool) -> Text:
    """A broken file's problems; `beside_plan` when its last good plan is shown below."""
    text = Text(f"{visible(str(problem.path))}\n\n", style="bold")
    if problem.last_good is not None:
        kept = "below" if beside_plan else f"listed as '{problem.last_good.name}' ⚠"
        text.append(
            "This file has problems. Until they are fixed, the last version that "
            f"worked is used ({kept}). Press e to fix it:\n\n"
        )
    else:
        text.append("This file has problems and is left out until they are fixed (press e):\n\n")
    for error in problem.errors:
        # The folder is in the heading; each problem names the file alone, so
        # `NAME:LINE:` starts its screen line and is never split by wrapping.
        text.append(f"{replace(error, file=_short(problem.path.name))}\n", style="red")
    return text


def _short(name: str, most: int = SHORT_NAME_CHARS) -> str:
    """A file name that fits the narrowest problem pane, shortened in the middle if need be."""
    if len(name) <= most:
        return name
    keep = most - 1
    return f"{name[: keep - keep // 2]}…{name[-(keep // 2) :]}"
