"""config.toml: every key optional, every problem located, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwalk_tui.settings import Settings, load_settings


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def lines(settings: Settings) -> list[str]:
    return [str(problem) for problem in settings.problems]


def test_a_missing_file_gives_the_defaults(config: Path):
    settings = load_settings(config)
    assert settings == Settings()
    assert (
        settings.sound, settings.volume, settings.metronome, settings.display,
        settings.voice_command, settings.lead_in, settings.countdown, settings.theme,
        settings.weekly_goal, settings.keep_screen_on, settings.problems,
    ) == ("tones", 80, False, "wash", None, 5, 3, None, 3, True, ())  # fmt: skip
    assert not config.exists()


def test_an_empty_file_gives_the_defaults(config: Path):
    assert load_settings(write(config, "# nothing set yet\n")) == Settings()


def on_path(monkeypatch: pytest.MonkeyPatch, folder: Path, *programs: str) -> None:
    """Programs that can be found (and do nothing), in a PATH of their own."""
    folder.mkdir(exist_ok=True)
    for program in programs:
        (folder / program).write_text("#!/bin/sh\n")
        (folder / program).chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))


def test_every_key_valid(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    on_path(monkeypatch, tmp_path / "bin", "espeak-ng")
    write(
        config,
        'sound = "voice"\n'
        "volume = 35\n"
        "metronome = true\n"
        'display = "dark"\n'
        'voice_command = "espeak-ng -s 140"\n'
        "lead_in = 0\n"
        "countdown = 10\n"
        'theme = "nord"\n'
        "weekly_goal = 14\n"
        "keep_screen_on = false\n",
    )
    settings = load_settings(config)
    assert settings == Settings(
        sound="voice", volume=35, metronome=True, display="dark",
        voice_command="espeak-ng -s 140", lead_in=0, countdown=10,
        theme="nord", weekly_goal=14, keep_screen_on=False,
    )  # fmt: skip
    assert settings.problems == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('sound = "off"', {"sound": "off"}),
        ('sound = "bell"', {"sound": "bell"}),
        ('sound = "tones"', {}),
        ("volume = 0", {"volume": 0}),
        ("volume = 100", {"volume": 100}),
        ('display = "dark"', {"display": "dark"}),
        ("lead_in = 60", {"lead_in": 60}),
        ("countdown = 0", {"countdown": 0}),
        ("weekly_goal = 1", {"weekly_goal": 1}),
    ],
)
def test_edge_values_are_accepted(config: Path, text: str, expected: dict):
    settings = load_settings(write(config, text + "\n"))
    assert settings == Settings(**expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # wrong types
        ("sound = 1", "sound: expected a string, got a whole number (1)"),
        ('voice_command = ["espeak"]', "voice_command: expected a string, got an array"),
        ("theme = 3", "theme: expected a string, got a whole number (3)"),
        ('lead_in = "5"', 'lead_in: expected a whole number, got a string ("5")'),
        ("lead_in = 5.0", "lead_in: expected a whole number, got a number (5.0)"),
        ("countdown = true", "countdown: expected a whole number, got true/false (true)"),
        ('weekly_goal = "3"', 'weekly_goal: expected a whole number, got a string ("3")'),
        # out of range
        ("lead_in = -1", "lead_in: must be between 0 and 60, got -1"),
        ("lead_in = 61", "lead_in: must be between 0 and 60, got 61"),
        ("countdown = 11", "countdown: must be between 0 and 10, got 11"),
        ("countdown = -1", "countdown: must be between 0 and 10, got -1"),
        ("weekly_goal = 0", "weekly_goal: must be between 1 and 14, got 0"),
        ("weekly_goal = 15", "weekly_goal: must be between 1 and 14, got 15"),
        ('keep_screen_on = "no"', 'keep_screen_on: expected true or false, got a string ("no")'),
        ("keep_screen_on = 0", "keep_screen_on: expected true or false, got a whole number (0)"),
        # unknown sound, with a suggestion
        (
            'sound = "bel"',
            "sound: must be one of tones, voice, bell, off, got 'bel'; did you mean 'bell'?",
        ),
        (
            'sound = "Voice"',
            "sound: must be one of tones, voice, bell, off, got 'Voice'; did you mean 'voice'?",
        ),
        ('sound = "trumpet"', "sound: must be one of tones, voice, bell, off, got 'trumpet'"),
        # a control character: the theme's name is shown in a warning, the command run
        (
            'theme = "dark\\u001b[2J"',
            "theme: must not hold a line break, a tab or another control character (found \\u001b)",
        ),
        (
            'voice_command = "espeak\\nrm"',
            "voice_command: must not hold a line break, a tab or another control character "
            "(found \\n)",
        ),
        (
            'theme = "no-such-theme"',
            "theme: unknown theme 'no-such-theme' (Ctrl+P in the app lists them)",
        ),
        (
            'theme = "Nord"',
            "theme: unknown theme 'Nord' (Ctrl+P in the app lists them); did you mean 'nord'?",
        ),
        # unknown keys
        ("weekly_gaol = 3", "weekly_gaol: unknown key 'weekly_gaol'; did you mean 'weekly_goal'?"),
        ("loudness = 3", "loudness: unknown key 'loudness'"),
        ("volume = 101", "volume: must be between 0 and 100, got 101"),
        ('volume = "loud"', 'volume: expected a whole number, got a string ("loud")'),
        ('metronome = "on"', 'metronome: expected true or false, got a string ("on")'),
        (
            'display = "light"',
            "display: must be one of wash, dark, got 'light'",
        ),
    ],
)
def test_an_invalid_key_is_one_located_problem_and_keeps_its_default(
    config: Path, text: str, message: str
):
    # Line 2, after a good key, so the line number is really found.
    settings = load_settings(write(config, "# my settings\n" + text + "\n"))
    assert lines(settings) == [f"{config}:2: {message}"]
    problem = settings.problems[0]
    assert (problem.file, problem.line) == (str(config), 2)
    assert settings == Settings(problems=settings.problems)  # every value is the default


def test_an_unknown_table_is_reported_at_its_header(config: Path):
    settings = load_settings(write(config, 'sound = "off"\n\n[colours]\ndigits = "red"\n'))
    assert lines(settings) == [f"{config}:3: colours: unknown key 'colours'"]
    assert settings.sound == "off"


def test_good_keys_apply_while_bad_ones_keep_their_defaults(config: Path):
    write(
        config,
        'sound = "voice"\n'  # 1 good
        "lead_in = 99\n"  # 2 bad
        "countdown = 2\n"  # 3 good
        'theme = "gruvbox"\n'  # 4 good
        'weekly_goal = "lots"\n'  # 5 bad
        "sleep = true\n",  # 6 unknown
    )
    settings = load_settings(config)
    assert settings.sound == "voice"
    assert settings.countdown == 2
    assert settings.theme == "gruvbox"
    assert settings.lead_in == 5
    assert settings.weekly_goal == 3
    assert lines(settings) == [
        f"{config}:2: lead_in: must be between 0 and 60, got 99",
        f'{config}:5: weekly_goal: expected a whole number, got a string ("lots")',
        f"{config}:6: sleep: unknown key 'sleep'",
    ]


def test_problems_are_listed_in_file_order(config: Path):
    write(config, "weekly_goal = 0\nzzz = 1\nsound = 5\n")
    assert [p.line for p in load_settings(config).problems] == [1, 2, 3]


def test_a_toml_syntax_error_is_one_located_problem(config: Path):
    write(config, 'sound = "voice"\nlead_in = \ncountdown = 2\n')
    settings = load_settings(config)
    assert len(settings.problems) == 1
    problem = settings.problems[0]
    assert (problem.file, problem.line, problem.column) == (str(config), 2, 11)
    assert str(problem).startswith(f"{config}:2:11: TOML syntax: ")
    # Nothing in an unreadable file applies, not even the good first line.
    assert settings == Settings(problems=settings.problems)


def test_an_unclosed_string_is_located(config: Path):
    write(config, 'theme = "nord\n')
    (problem,) = load_settings(config).problems
    assert problem.line == 1
    assert str(problem).startswith(f"{config}:1:")


def test_a_file_that_is_not_utf8_is_one_located_problem(config: Path):
    config.write_bytes(b'sound = "voice"\ntheme = "caf\xe9"\n')
    settings = load_settings(config)
    assert lines(settings) == [
        f"{config}:2:13: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]
    assert settings.sound == "tones"


def test_a_huge_file_is_refused_without_parsing(config: Path):
    write(config, "# padding\n" * 10_000 + 'sound = "off"\n')
    settings = load_settings(config)
    assert len(settings.problems) == 1
    assert "too large" in str(settings.problems[0])
    assert settings.sound == "tones"


def test_a_utf8_bom_is_fine(config: Path):
    config.write_bytes('\ufeffsound = "off"\n'.encode())
    assert load_settings(config) == Settings(sound="off")


def test_a_folder_where_the_file_should_be_is_a_problem_not_a_crash(config: Path):
    config.mkdir()
    settings = load_settings(config)
    assert len(settings.problems) == 1
    assert str(settings.problems[0]) == f"{config}: not a regular file (a folder)"
    assert settings == Settings(problems=settings.problems)


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            "nonexistent-speaker -x",
            "the program 'nonexistent-speaker' is not found on this computer",
        ),
        ("/no/such/say", "the program '/no/such/say' is not found on this computer"),
        ("'espeak-ng -s", "cannot be read as a command (no closing quotation)"),
        ("", "names no program; leave it out to use the first speech program found"),
    ],
)
def test_a_voice_command_that_cannot_run_here_is_a_problem(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, message: str
):
    """The walker named a voice: one that is not there is said, never quietly tones."""
    on_path(monkeypatch, tmp_path / "bin", "espeak-ng")
    settings = load_settings(write(config, f'sound = "voice"\nvoice_command = "{command}"\n'))
    assert lines(settings) == [f"{config}:2: voice_command: {message}"]
    assert (settings.sound, settings.voice_command) == ("voice", None)  # the default: found
