"""Settings: `<config dir>/config.toml`, every key optional.

A problem in the file is reported like a preset problem and never stops the
app: the bad key keeps its default, the good keys still apply.

    sound = "tones"         # "tones" (default), "voice" (a tone, then the words),
                            # "bell" (the terminal's bell) or "off"
    volume = 80             # loudness of the tones, 0-100
    metronome = false       # a soft tick a step on segments with a pace
    display = "wash"        # "wash": the session's background takes the
                            # direction's colour; "dark": the theme's background
    voice_command = "espeak-ng -s 140"   # default: the first found of
                            # espeak-ng, espeak, spd-say, say; one that is
                            # not found here is a problem
    lead_in = 5             # seconds of "get ready" before the first segment; 0 skips it
    countdown = 3           # beeps in the last seconds of a timed segment; 0 for none
    theme = "textual-dark"  # one of THEMES: Textual's own
    weekly_goal = 3         # sessions a week (the trial's dose is 3)
    keep_screen_on = true   # keep the display on and the computer awake during a session
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backwalk_tui.presets import tomlfile

SOUNDS = ("tones", "voice", "bell", "off")
DISPLAYS = ("wash", "dark")
KEYS = (
    "sound", "volume", "metronome", "display", "voice_command", "lead_in", "countdown",
    "theme", "weekly_goal", "keep_screen_on",
)  # fmt: skip
MAX_FILE_BYTES = 64 * 1024
#: Textual's built-in themes, by name: written out so that every command
#: checks `theme` without loading Textual (tests/app checks it is Textual's list).
THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    sound: str = "tones"
    volume: int = 80
    metronome: bool = False
    display: str = "wash"
    voice_command: str | None = None
    lead_in: int = 5
    countdown: int = 3
    theme: str | None = None
    weekly_goal: int = 3
    keep_screen_on: bool = True
    #: What was wrong with the file; those keys kept their defaults.
    problems: tuple[tomlfile.FileProblem, ...] = ()


def load_settings(path: Path) -> Settings:
    if not path.exists() and not path.is_symlink():  # a link to nothing is said
        return Settings()
    try:
        text = tomlfile.read(path, MAX_FILE_BYTES)
        data = tomlfile.parse(text, str(path))
    except tomlfile.FileProblems as exc:
        return Settings(problems=tuple(exc.errors))
    check = tomlfile.Checker(str(path), text)
    check.unknown_keys(data, KEYS, ())
    values = {
        "sound": check.choice(data, "sound", (), SOUNDS),
        "volume": check.integer(data, "volume", (), 0, 100),
        "metronome": check.boolean(data, "metronome", ()),
        "display": check.choice(data, "display", (), DISPLAYS),
        "voice_command": _voice_command(check, data),
        "lead_in": check.integer(data, "lead_in", (), 0, 60),
        "countdown": check.integer(data, "countdown", (), 0, 10),
        "theme": _theme(check, data),
        "weekly_goal": check.integer(data, "weekly_goal", (), 1, 14),
        "keep_screen_on": check.boolean(data, "keep_screen_on", ()),
    }
    # Any: each value was checked above as its own key's type.
    given: dict[str, Any] = {key: value for key, value in values.items() if value is not None}
    return Settings(**given, problems=tuple(check.sorted_errors()))


def _voice_command(check: tomlfile.Checker, data: dict[str, Any]) -> str | None:
    """`voice_command`, when it names a program found here; else a problem, and the default."""
    command = check.string(data, "voice_command", ())
    if command is None:
        return None
    # Imported here: only a file that names a voice needs the speech module.
    from backwalk_tui.sound.speech import voice_command_problem

    problem = voice_command_problem(command)
    if problem:
        check.error(("voice_command",), problem)
        return None
    return command


def _theme(check: tomlfile.Checker, data: dict[str, Any]) -> str | None:
    """`theme`, when Textual has it; else a problem (not the whole list: it is long)."""
    theme = check.string(data, "theme", ())
    if theme is not None and theme not in THEMES:
        check.error(
            ("theme",),
            f"unknown theme '{theme}' (Ctrl+P in the app lists them)"
            f"{tomlfile.did_you_mean(theme.lower(), THEMES)}",
        )
        return None
    return theme
