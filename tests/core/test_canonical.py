"""`backwalk presets fmt`: the canonical layout, comments kept or a refusal with the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import write_preset

from backwalk_tui.cli import main
from backwalk_tui.presets import FORMAT_HEADER, PresetLoadError, builtin_dir, parse_preset
from backwalk_tui.presets.canonical import CannotKeepComments, canonical_text

MESSY = """\
# Kitchen walk: my own stage 2
# (the physio said 3 rounds)

rounds = 3
name = "Kitchen walk"

[[segment]] # out
steps = 12
kind = "forward"

# the hard part
[[segment]]
kind = "backward"
pace = 40.0
steps = 12  # small steps
cue = "Mind the rug # by the sink"

[warmup]
duration = 120   # two minutes
kind = "forward"
"""


def test_fmt_lays_the_file_out_and_keeps_every_comment_in_place():
    assert canonical_text(MESSY) == (
        "# Kitchen walk: my own stage 2\n"
        "# (the physio said 3 rounds)\n"
        "\n"
        'name = "Kitchen walk"\n'
        "rounds = 3\n"
        "\n"
        "[warmup]\n"
        'kind = "forward"\n'
        'duration = "2m"  # two minutes\n'
        "\n"
        "[[segment]]  # out\n"
        'kind = "forward"\n'
        "steps = 12\n"
        "\n"
        "# the hard part\n"
        "[[segment]]\n"
        'kind = "backward"\n'
        "steps = 12  # small steps\n"
        "pace = 40\n"
        'cue = "Mind the rug # by the sink"\n'
    )
    assert parse_preset(canonical_text(MESSY)) == parse_preset(MESSY)


def test_fmt_is_stable_and_the_built_ins_are_already_canonical_in_meaning():
    for path in sorted(builtin_dir().glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        once = canonical_text(text, str(path))
        assert canonical_text(once, str(path)) == once
        assert parse_preset(once) == parse_preset(text)


def test_fmt_puts_the_metronome_after_the_checklist_with_its_comment():
    text = (
        "# Quiet steps\n"
        "\n"
        "metronome = false  # the ticks distract me\n"
        'name = "Steady"\n'
        'checklist = ["Clear path"]\n'
        "\n"
        "[[segment]]\n"
        'kind = "backward"\n'
        "steps = 12\n"
        "pace = 40\n"
    )
    result = canonical_text(text)
    assert result == (
        "# Quiet steps\n"
        "\n"
        'name = "Steady"\n'
        "checklist = [\n"
        '    "Clear path",\n'
        "]\n"
        "metronome = false  # the ticks distract me\n"
        "\n"
        "[[segment]]\n"
        'kind = "backward"\n'
        "steps = 12\n"
        "pace = 40\n"
    )
    assert parse_preset(result).metronome is False
    assert canonical_text(result) == result


def test_a_file_without_a_header_gets_the_format_header():
    text = 'name = "Plain"\n\n[[segment]]\nkind = "forward"\nduration = 90\n'
    result = canonical_text(text)
    assert result.startswith(FORMAT_HEADER + "\n")
    assert result.endswith('[[segment]]\nkind = "forward"\nduration = "1m30s"\n')


@pytest.mark.parametrize(
    ("text", "line", "why"),
    [
        pytest.param(
            'name = "A"\nrounds = 1  # just once\n\n[[segment]]\nkind = "rest"\nduration = 5\n',
            2, "the comment on 'rounds' cannot be kept", id="default-left-out",
        ),
        pytest.param(
            'name = "A"\ncues = [\n  "Hold on",  # always\n  "Breathe",\n]\n\n'
            '[[segment]]\nkind = "rest"\nduration = 5\n',
            3, "a comment inside a value that spans several lines", id="inside-an-array",
        ),
        pytest.param(
            'name = "A"\n\n[[segment]]\nkind = "rest"\nduration = 5\ncue = ""  # later\n',
            6, "the comment on 'segment.0.cue' cannot be kept", id="empty-cue",
        ),
    ],
)  # fmt: skip
def test_fmt_refuses_when_a_comment_cannot_be_kept(text: str, line: int, why: str):
    with pytest.raises(CannotKeepComments) as caught:
        canonical_text(text)
    assert caught.value.line == line
    assert why in str(caught.value)


def test_fmt_of_an_invalid_preset_reports_its_problems():
    with pytest.raises(PresetLoadError):
        canonical_text('name = "A"\n')


# ------------------------------------------------------------------ the command


def test_presets_fmt_rewrites_and_keeps_a_backup(tmp_path: Path, capsys):
    text = 'name = "Plain"\n\n[[segment]]\nduration = 90 # a minute and a half\nkind = "forward"\n'
    path = write_preset(tmp_path, "plain.toml", text)
    assert main(["presets", "fmt", str(path)]) == 0
    backup = tmp_path / "plain.toml.bak"
    assert capsys.readouterr().out == (
        f"{path}: rewritten in the canonical layout (the previous version is {backup})\n"
    )
    assert backup.read_text(encoding="utf-8") == text
    assert 'duration = "1m30s"  # a minute and a half\n' in path.read_text(encoding="utf-8")
    assert main(["presets", "fmt", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: already in the canonical layout\n"


def test_presets_fmt_refuses_and_leaves_the_file_alone(tmp_path: Path, capsys):
    text = 'name = "A"\nrounds = 1  # just once\n\n[[segment]]\nkind = "rest"\nduration = 5\n'
    path = write_preset(tmp_path, "a.toml", text)
    assert main(["presets", "fmt", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:2: the comment on 'rounds' cannot be kept")
    assert err.endswith(f"backwalk: {path} left as it is, so no comment is lost\n")
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "a.toml.bak").exists()


def test_presets_fmt_of_a_broken_file_names_the_place(tmp_path: Path, capsys):
    path = write_preset(tmp_path, "b.toml", 'name = "B"\n\n[[segment]]\nkind = "forwards"\n')
    assert main(["presets", "fmt", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4: segment[1].kind:" in err
    assert err.endswith(f"backwalk: {path} left as it is; fix it first\n")
