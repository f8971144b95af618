"""The backwalk app: a thin App that owns the shared pieces; screens do the work."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.events import AppFocus, Resize
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from backwalk_tui import safety
from backwalk_tui.history import History, now_local
from backwalk_tui.keepawake import ScreenKeeper
from backwalk_tui.paths import Locations
from backwalk_tui.presets import Catalog, Preset, authoring, load_catalog
from backwalk_tui.records import HistoryError
from backwalk_tui.settings import Settings, load_settings
from backwalk_tui.sound.cueing import Cues, PlayerOpening
from backwalk_tui.ui import palette, paste
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.words import visible

if TYPE_CHECKING:  # the player's module is imported in the thread that opens it
    from backwalk_tui.sound.player import CuePlayer
    from backwalk_tui.sound.speech import Speaker
    from backwalk_tui.ui.screens.session import SessionScreen

#: How long a stop signal waits for a clean shutdown before leaving anyway.
EXIT_GRACE_SECONDS = 3.0
#: Seconds after the start when the terminal's size is read again: a window
#: opened by a launcher or a tiling window manager is often resized within
#: moments of the start, and a resize signal that comes before the app
#: listens is lost.
SIZE_CHECKS = (0.1, 0.5, 1.5, 4.0)


def terminal_size() -> Size | None:
    """The terminal's size as the kernel has it now, read as Textual reads it."""
    try:
        columns, lines = shutil.get_terminal_size((0, 0))
    except (OSError, ValueError):
        return None
    return Size(columns, lines) if columns and lines else None


@dataclass(frozen=True)
class Collaborators:
    """What the app is given from outside: its files, its store, its clocks, its sound.

    `run_app` gives the real ones; tests give fakes (`tests/support.py` `make_app`).
    """

    where: Locations
    settings: Settings
    catalog: Catalog
    #: None when the history could not be opened: `history_problem` says why.
    history: History | None = None
    history_problem: str | None = None
    #: Monotonic seconds; tests pass a fake one. Wall time is only for `started_at`.
    clock: Callable[[], float] = time.monotonic
    #: Local date and time, for "today" and "3 days ago"; tests pass a fixed one.
    wall_clock: Callable[[], datetime] = now_local
    #: A clock that counts while the computer sleeps, read beside `clock` to
    #: notice a suspend; None: the real one, when `clock` is the real one.
    sleep_clock: Callable[[], float] | None = None
    #: None: a voice found as the settings say.
    speaker: Speaker | None = None
    #: None: a tone player opened as the settings say.
    player: CuePlayer | PlayerOpening | None = None
    #: Seconds the editor waits after a key before checking (None: its own
    #: default); tests use 0.
    check_delay: float | None = None


class BackwalkApp(App[bool]):
    """Returns, after `backwalk presets edit` alone, whether the file was saved."""

    CSS_PATH = "app.tcss"
    #: Each kind's colours in the session, read after app.tcss.
    CSS = palette.kind_rules()
    TITLE = "backwalk"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
    ]
    #: Sound cues off for the rest of this run (m, or the palette); the session watches it.
    muted = var(False)
    #: When the size is read again after the start (a test that swaps
    #: `read_terminal_size` turns them off, so no real timer races it).
    size_checks: tuple[float, ...] = SIZE_CHECKS

    def __init__(
        self,
        given: Collaborators,
        *,
        preset: Preset | None = None,
        edit_only: Path | None = None,
        checkin: bool = False,
    ):
        super().__init__()
        self.where = given.where
        self.settings = given.settings
        self.catalog = given.catalog  # read again after an edit (`reload_catalog`)
        self.history = given.history  # None too once a stop signal has closed it
        if self.history is not None:  # a stored row it cannot read is left out and said here
            self.history.on_unreadable = self._unreadable_row
        self.history_problem = given.history_problem
        self.clock, self.wall_clock = given.clock, given.wall_clock
        self.sleep_clock = given.sleep_clock
        self.check_delay = given.check_delay
        #: Which cue sounds and how (sound/cueing.py). The tones' output is
        #: opened once for the whole run, before the app takes the terminal,
        #: where a sound library's chatter on stderr cannot reach the screen;
        #: none when no tones are wanted (the settings, or only a preset edited).
        self.cues = Cues.for_settings(
            self.settings, bell=self.bell, speaker=given.speaker, player=given.player,
            open_output=edit_only is None,
        )  # fmt: skip
        #: Holds the screen on while a session runs (the session screen says when).
        self.screen_keeper = ScreenKeeper(enabled=self.settings.keep_screen_on)
        #: The session screen while a session runs, so quitting or a signal saves it.
        self.live_session: SessionScreen | None = None
        #: Messages waiting for the session screen to go (None: none wait).
        self._held_notices: list[tuple[str, str, SeverityLevel, float | None, bool]] | None = None
        self._exit_watchdog: threading.Timer | None = None
        #: The title of Textual's "Press ctrl+q to quit the app", once it has said it.
        self._quit_hint: str | None = None
        self._saying_quit_hint = False
        self._initial_preset = preset
        #: `backwalk presets edit` without $EDITOR: the built-in editor, then exit.
        self._edit_only = edit_only
        #: `backwalk checkin`: open at a check-in, over the picker.
        self._open_checkin = checkin
        #: Where the terminal's real size is read (tests give their own).
        self.read_terminal_size: Callable[[], Size | None] = terminal_size
        if self.settings.theme:
            self._requested_theme = self.settings.theme

    def get_css_variables(self) -> dict[str, str]:
        # The directions' colours, worked out again for each theme (palette.py).
        variables = super().get_css_variables()
        background = Color.parse(variables["background"])
        return {**variables, **palette.stylesheet_variables(background, self.current_theme.dark)}

    # ------------------------------------------------------------ screens

    def get_default_screen(self) -> Screen:
        return PickerScreen()

    def _unreadable_row(self, line: str) -> None:
        self.notify(line, title="History", severity="warning", timeout=20)

    def on_mount(self) -> None:
        self._install_signal_handlers()
        # The tones are made once the first screen is up, not before it.
        self.call_after_refresh(self.cues.prepare)
        if self.is_headless:  # a test's app: no terminal of its own to read
            self.read_terminal_size = lambda: None
        for delay in self.size_checks:
            self.set_timer(delay, self.check_terminal_size, name="size-check")
        theme = getattr(self, "_requested_theme", None)
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:  # settings.THEMES names one this Textual lacks: said, never a crash
                self.notify(
                    f"{self.where.settings_file}: theme: unknown theme '{theme}'",
                    severity="warning", timeout=10,
                )  # fmt: skip
        for problem in self.settings.problems:
            self.notify(str(problem), title="Settings", severity="warning", timeout=10)
        if self.history_problem:
            self.notify(self.history_problem, title="History", severity="error", timeout=20)
        elif self.history is not None and self.history.notice:
            self.notify(self.history.notice, title="History", severity="warning", timeout=20)
        # Screens other than the picker are imported when first shown: the
        # picker paints sooner, and a session carries none it does not need.
        if self._initial_preset is not None:
            from backwalk_tui.ui.screens.safety import SafetyScreen

            self.push_screen(SafetyScreen(self._initial_preset))
        if self._open_checkin:
            self.action_checkin()
        if self._edit_only is not None:
            self.open_editor(self._edit_only, lambda saved: self.exit(saved))
            return  # editing a file needs no exercise disclaimer
        if not safety.disclaimer_accepted(self.where):
            from backwalk_tui.ui.screens.disclaimer import DisclaimerScreen

            self.push_screen(DisclaimerScreen(), self._disclaimer_answered)

    def check_terminal_size(self) -> None:
        """Take the terminal's real size when it differs from the one the app was told.

        Read a few times after the start, whenever the terminal comes back
        into focus, and on every look of a running session: a launcher's
        window left at 80x24 would otherwise keep its small letters.
        """
        size = self.read_terminal_size()
        if size is not None and size != self.size:
            self.post_message(Resize(size, size))

    def on_app_focus(self, event: AppFocus) -> None:
        self.check_terminal_size()

    def _disclaimer_answered(self, accepted: bool | None) -> None:
        if not accepted:
            self.exit()
            return
        try:
            safety.accept_disclaimer(self.where)
        except OSError as exc:
            self.notify(f"Could not remember this: {exc}", severity="warning")

    def action_help(self) -> None:
        from backwalk_tui.ui.screens.help import HelpScreen
        from backwalk_tui.ui.screens.session import SessionScreen

        if isinstance(self.screen, HelpScreen):
            return
        # A session under the help waits while the walker reads (SessionScreen.hold).
        session = next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)
        self.push_screen(HelpScreen(session.hold() if session is not None else None))

    def _asked_to_end_session(self) -> bool:
        """Whether a session runs: then "End this session now?" is asked, and True.

        What would leave or cover a running session (the palette's Stats,
        Presets, a check-in) asks this first: nothing runs unseen behind
        another screen, and the summary leads on from there.
        """
        if self.live_session is None:
            return False
        self.live_session.action_end()
        return True

    def action_stats(self) -> None:
        from backwalk_tui.ui.screens.stats import StatsScreen

        if not self._asked_to_end_session() and not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_checkin(self) -> None:
        from backwalk_tui.ui.screens.checkin import CheckinScreen

        if not self._asked_to_end_session() and not isinstance(self.screen, CheckinScreen):
            self.push_screen(CheckinScreen())

    def action_presets(self) -> None:
        if self._asked_to_end_session():
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()

    # ------------------------------------------------------------ presets

    def reload_catalog(self) -> None:
        """Read the presets again; a file broken by an edit keeps its last good version."""
        self.catalog = load_catalog(self.where.presets_dir, previous=self.catalog)

    def edit_preset(self, path: Path) -> None:
        """Open a user preset file in $VISUAL/$EDITOR, or the built-in editor without one."""
        command, problem = authoring.find_editor()
        if problem:
            self.notify(problem, severity="warning", timeout=10)
        if command is not None:
            try:
                edited = authoring.edit_with(command, path, lambda argv: run_editor(self, argv))
            except OSError as exc:
                self.notify(
                    f"Cannot run the editor '{command[0]}': {exc.strerror}. "
                    "Opening the built-in editor instead.",
                    severity="warning", timeout=10,
                )  # fmt: skip
            else:
                if edited.failure:
                    self.notify(edited.failure.capitalize() + ".", severity="error", timeout=10)
                self._edited(path)
                return
        self.open_editor(path, lambda saved: self._edited(path))

    def open_editor(self, path: Path, then: Callable[[bool | None], None]) -> None:
        # Imported here: the editor (and tree-sitter) costs nothing until it is used.
        from backwalk_tui.ui.screens.editor import EditorScreen

        self.push_screen(EditorScreen(path, check_delay=self.check_delay), then)

    def _edited(self, path: Path) -> None:
        """Check the file just edited and show it selected in the picker.

        A file with problems is selected as such, its problems beside it: the
        picker says so for as long as they last, and no longer (a toast would
        outlive the fix).
        """
        if isinstance(self.screen, PickerScreen):
            self.screen.show_file(path)  # reads the presets again if the file changed
        else:
            self.reload_catalog()

    def action_help_quit(self) -> None:
        """Ctrl+C, where no screen binds it (a session and a check-in: what Esc does).

        Textual says how to quit, which is Ctrl+C's one meaning there; pressed
        again while that shows, on this screen or the next, it says nothing
        more: a second notice, naming another key (q on the presets), only
        confused.
        """
        if any(shown.title == self._quit_hint for shown in self._notifications):
            return
        self._saying_quit_hint = True
        try:
            super().action_help_quit()
        finally:
            self._saying_quit_hint = False

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast, or held until the session screen is gone; backwalk's shown as written.

        backwalk's messages quote preset names, cues and file names: read as
        markup, `[/x]` would crash the app and `[left knee]` vanish, so
        markup is off for them. Textual's own ("Press [b]ctrl+q[/b] to quit")
        keep theirs. A control character in them (a file's name) is shown as
        a code. While the session screen shows, nothing may cover the
        direction or the time: a message waits (see `hold_notices`).
        """
        if self._saying_quit_hint:
            self._quit_hint = title
        markup = markup and _written_by_textual()
        message, title = visible(message, keep="\n"), visible(title)
        if self._held_notices is not None:
            self._held_notices.append((message, title, severity, timeout, markup))
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def hold_notices(self) -> None:
        """From now on, and for the toasts showing now, wait: the session screen is up.

        The session says what the walker needs in its own text (the lead-in)
        and top bar; anything else is shown when the walker is back at the
        keyboard: the summary, the presets, or a help opened over the session.
        """
        if self._held_notices is None:
            self._held_notices = [
                (n.message, n.title, n.severity, n.timeout, n.markup) for n in self._notifications
            ]
            if self._held_notices:
                self.clear_notifications()

    def release_notices(self) -> None:
        """Show the messages held while the session screen was up, each for its whole time."""
        held, self._held_notices = self._held_notices, None
        for message, title, severity, timeout, markup in held or ():
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def watch_muted(self, muted: bool) -> None:
        # Called before the screens' own watchers, which read the cues.
        self.cues.mute(muted)

    @property
    def can_mute(self) -> bool:
        """Whether muting changes anything: not with `sound = "off"`, where nothing sounds."""
        return self.settings.sound != "off"

    def action_toggle_mute(self) -> None:
        if not self.can_mute:
            return
        self.muted = not self.muted
        if self._held_notices is None:  # the session's top bar says it, and lasts
            self.notify("Sound off" if self.muted else "Sound on", timeout=2)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Not Textual's keys panel: the help lists every screen's keys, and the
        # panel, beside a running session, shrank the time.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield SystemCommand("Presets", "Back to the preset picker", self.action_presets)
        yield SystemCommand("Stats", "Your sessions, streaks and pain trend", self.action_stats)
        yield SystemCommand("Help", "Keys, safety notes and the disclaimer", self.action_help)
        if self.can_mute:
            yield SystemCommand(
                "Unmute" if self.muted else "Mute", "Turn the sound cues off or on",
                self.action_toggle_mute,
            )  # fmt: skip

    # --------------------------------------------------------------- cues

    def cue(self, name: str, phrase: str | None = None, *, due: float | None = None) -> None:
        """Sound the cue `name` as the settings say (`Cues.cue`); the bell is the app's."""
        self.cues.cue(name, phrase, due=due)

    # ------------------------------------------------- leaving mid-session

    def stop_live_session(self, status: str) -> None:
        """Save a running session as `ended_early` or `interrupted` before leaving."""
        if self.live_session is not None:
            self.live_session.end_session(status)
            self.live_session = None

    def save_typed_notes(self) -> None:
        """Save now every note typed and not yet saved (a summary's, a detail's)."""
        # Imported here, as the screens that keep notes are: the picker needs none.
        from backwalk_tui.ui.widgets.answers import KeepsNote

        for screen in self.screen_stack:
            if isinstance(screen, KeepsNote):
                screen.save_note()

    async def action_quit(self) -> None:
        # Work not yet saved (the editor's text, a timed check-in) is never
        # thrown away unasked: the screen holding it asks first, as its Esc does.
        holder = next(
            (s for s in self.screen_stack if isinstance(s, BackwalkScreen) and s.unsaved), None
        )
        if holder is None:
            self._quit_now()
            return
        from backwalk_tui.ui.screens.confirm import ConfirmScreen  # asked only now

        if not isinstance(self.screen, ConfirmScreen):  # one question at a time
            holder.ask_to_leave(self._quit_now)

    def _quit_now(self) -> None:
        # Quitting is the walker's own choice: the session ended early.
        self.stop_live_session("ended_early")
        self.exit()

    def _stop_signal(self, signum: int) -> None:
        # The terminal closed (SIGHUP) or the process was told to stop: the
        # session is saved first, whatever happens to the exit after it, and
        # a note typed but not yet saved with it.
        self.stop_live_session("interrupted")
        self.save_typed_notes()
        self.screen_keeper.release()
        if self.history is not None:
            self.history.close()
            self.history = None
        if signum == getattr(signal, "SIGHUP", None):
            # The terminal is gone: there is nothing to restore, and Textual's
            # shutdown would wait for ever to write to it.
            os._exit(128 + signum)
        self.exit(return_code=128 + signum)  # the shell's convention for "killed by"
        # Should the terminal not take the shutdown sequence, do not hang.
        self._exit_watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (128 + signum,))
        self._exit_watchdog.daemon = True
        self._exit_watchdog.start()

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            if hasattr(signal, name):
                number = getattr(signal, name)
                loop.add_signal_handler(number, self._stop_signal, number)
        if hasattr(signal, "SIGTSTP"):
            _take_the_terminal_back_after_a_stop(self)

    def on_unmount(self) -> None:
        self.cues.close()
        self.screen_keeper.release()
        if self._exit_watchdog is not None:
            self._exit_watchdog.cancel()


def _take_the_terminal_back_after_a_stop(app: App) -> None:
    """On SIGCONT, take the terminal back when it was left, and only then.

    Textual leaves the terminal on SIGTSTP (`kill -TSTP`; in the app Ctrl+Z
    is a key) and takes it back on SIGCONT. A plain SIGSTOP (`kill -STOP`)
    leaves nothing: its SIGCONT must not take the terminal a second time,
    with a second set of threads (the app then hung when it quit).
    But an interactive shell that saw the stop put the terminal back in its
    own modes (echo, whole lines), and `fg` does not undo that: the keys
    would echo at the top left and never reach the app. So after a plain
    stop, a terminal found in those modes is left and taken back as Textual
    does after SIGTSTP, which draws the whole screen again.
    """
    on_suspend = signal.getsignal(signal.SIGTSTP)
    on_continue = signal.getsignal(signal.SIGCONT)
    driver = app._driver
    if not (callable(on_suspend) and callable(on_continue)) or driver is None:
        return  # not a driver that suspends (headless, tests)
    suspended = threading.Event()
    # A second SIGCONT while the terminal is being taken back must not start it twice.
    taking_back = threading.Lock()

    def suspend(signum, frame) -> None:
        suspended.set()
        on_suspend(signum, frame)

    def resume(signum, frame) -> None:
        if not _in_the_foreground():
            # Continued in the background (`bg`): a full-screen app cannot run
            # there; stopped again, it takes its terminal back at `fg`.
            os.kill(os.getpid(), signal.SIGSTOP)
            return
        if suspended.is_set():
            suspended.clear()
            on_continue(signum, frame)
        # `_auto_restart` is off while the terminal is lent (an editor runs).
        elif driver._auto_restart and _terminal_in_line_mode() and taking_back.acquire(False):
            try:
                driver.suspend_application_mode()
                on_continue(signum, frame)
            finally:
                taking_back.release()

    signal.signal(signal.SIGTSTP, suspend)
    signal.signal(signal.SIGCONT, resume)


def _in_the_foreground() -> bool:
    """Whether the terminal is this process's to use now (not a job in the background)."""
    try:
        return os.tcgetpgrp(_stdin_fd()) == os.getpgrp()
    except (OSError, ValueError):
        return True  # no terminal to ask: nothing to hold back for


def _terminal_in_line_mode() -> bool:
    """Whether the terminal echoes keys or reads whole lines: not the app's modes."""
    import termios  # POSIX only, as SIGTSTP is

    try:
        lflag = termios.tcgetattr(_stdin_fd())[3]
    except (termios.error, OSError, ValueError):
        return False
    return bool(lflag & (termios.ICANON | termios.ECHO))


def _stdin_fd() -> int:
    """The process's own standard input, where its terminal is asked (ValueError: none)."""
    if sys.__stdin__ is None:
        raise ValueError("no standard input")
    return sys.__stdin__.fileno()


def _written_by_textual() -> bool:
    """Whether the message being notified was written by Textual itself.

    Looked up from the caller of `notify`, past Widget.notify, which only
    passes a screen's or a widget's message on.
    """
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") == "textual.widget":
        frame = frame.f_back
    return frame is not None and frame.f_globals.get("__name__", "").startswith("textual.")


def run_editor(app: App, command: list[str]) -> int:
    """Run a terminal editor in the app's terminal, handing it back afterwards;
    its exit status."""
    with ExitStack() as stack:
        # Without a terminal to hand over (tests, headless) the editor just runs.
        with suppress(SuspendNotSupported):
            stack.enter_context(app.suspend())
        return subprocess.run(command, check=False).returncode


def _open_history(where: Locations) -> tuple[History | None, str | None]:
    try:
        return History(where.database), None
    except HistoryError as exc:
        return None, f"Sessions will not be saved: {exc}"


def run_app(
    where: Locations,
    *,
    catalog: Catalog,
    preset: Preset | None,
    edit_only: Path | None = None,
    checkin: bool = False,
    settings: Settings | None = None,
    player: PlayerOpening | None = None,
) -> int:
    """Run the app. `settings` and `player` (its output, being opened) when
    the caller has them already: read and started before Textual was imported."""
    history, problem = (None, None) if edit_only else _open_history(where)
    given = Collaborators(
        where, settings or load_settings(where.settings_file), catalog, history,
        history_problem=problem, player=player,
    )  # fmt: skip
    app = BackwalkApp(given, preset=preset, edit_only=edit_only, checkin=checkin)
    # The output is open before Textual takes the terminal, and before
    # anything is printed: while it opens, stderr goes to /dev/null.
    app.cues.ready()
    if problem:
        print(f"backwalk: {problem}", file=sys.stderr)
    paste.install()  # a paste holding escapes is taken whole, never pressed as keys
    try:
        app.run()
    finally:
        # Whatever ended the app, a session still running is saved as interrupted.
        app.stop_live_session("interrupted")
        if history is not None:
            history.close()
    # 0 when the walker quit, 128+N after signal N, 1 after a crash (Textual's own).
    return app.return_code or 0
