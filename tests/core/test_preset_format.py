"""The preset file format (PRESET_FORMAT.md v1), with real files, and the plan it expands to."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support import KIND_NAMES

from backwalk_tui.plan import build_plan
from backwalk_tui.presets import (
    MAX_CUE_CHARS,
    MAX_LABEL_CHARS,
    MAX_STANDING_CUES_CHARS,
    STANDARD_CHECKLIST,
    PresetLoadError,
    PresetNotFound,
    builtin_dir,
    dump_preset,
    find_preset,
    load_catalog,
    load_preset,
    parse_duration,
    parse_preset,
    write_new_preset,
)

GOOD = """\
name = "Kitchen"
description = "Forward and back."
stage = 2
rounds = 3
cues = ["Hand on the counter", "Mind the rug"]

[warmup]
kind = "forward"
duration = "1m30s"
cue = "Warm up"

[[segment]]
kind = "forward"
steps = 12
cue = "Forward 10-15 steps"

[[segment]]
kind = "backward"
steps = 12
pace = 40
label = "BACK"

[rest]
duration = 20

[cooldown]
kind = "sideways"
duration = "1:00"
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(PresetLoadError) as caught:
        load_preset(path)
    return [str(error) for error in caught.value.errors]


# ------------------------------------------------------------------ reading


def test_a_full_preset_reads_as_written(tmp_path):
    preset = load_preset(write(tmp_path, "k.toml", GOOD))
    assert (preset.name, preset.stage, preset.rounds) == ("Kitchen", 2, 3)
    assert preset.cues == ("Hand on the counter", "Mind the rug")
    assert preset.checklist is None and preset.effective_checklist == STANDARD_CHECKLIST
    assert preset.warmup.duration == 90 and preset.warmup.cue == "Warm up"
    forward, backward = preset.segments
    assert (forward.steps, forward.planned_seconds) == (12, None)
    assert (backward.pace, backward.planned_seconds, backward.label) == (40.0, 18.0, "BACK")
    assert (preset.rest.kind, preset.rest.duration) == ("rest", 20)
    assert (preset.cooldown.kind, preset.cooldown.duration) == ("sideways", 60)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(45, 45), ("45s", 45), ("2m", 120), ("1m30s", 90), ("1:30", 90), ("90", 90),
     ("1h", 3600), (" 2 min ", 120), ("0:01", 1)],
)  # fmt: skip
def test_durations(written, seconds):
    assert parse_duration(written) == seconds


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (0, "must be between 1 s and 60 min, got 0s"),
        (3601, "must be between 1 s and 60 min, got 60m01s"),
        ("61m", "must be between 1 s and 60 min"),
        (True, "expected whole seconds"),
        (1.5, "expected whole seconds"),
        ("soon", 'cannot read "soon" as a duration'),
        ("1:75", 'cannot read "1:75"'),
        ("", 'cannot read ""'),
    ],
)
def test_bad_durations(written, message):
    with pytest.raises(ValueError, match=message):
        parse_duration(written)


def test_an_empty_checklist_skips_the_check(tmp_path):
    text = 'name = "x"\nchecklist = []\n[[segment]]\nkind = "rest"\nduration = 5\n'
    assert load_preset(write(tmp_path, "x.toml", text)).effective_checklist == ()


@pytest.mark.parametrize(
    ("written", "metronome"),
    [("", None), ("metronome = true\n", True), ("metronome = false\n", False)],
)
def test_a_preset_may_turn_the_metronome_on_or_off(tmp_path, written: str, metronome):
    text = f'name = "x"\n{written}[[segment]]\nkind = "backward"\nsteps = 12\npace = 40\n'
    assert load_preset(write(tmp_path, "x.toml", text)).metronome is metronome


def test_the_metronome_is_written_after_the_checklist_only_when_given():
    base = parse_preset('name = "x"\nchecklist = []\n[[segment]]\nkind = "rest"\nduration = 5\n')
    assert "metronome" not in dump_preset(base)
    for metronome in (True, False):
        preset = replace(base, metronome=metronome)
        text = dump_preset(preset, header=False)
        assert f"checklist = []\nmetronome = {str(metronome).lower()}\n\n[[segment]]" in text
        assert parse_preset(text) == preset


# ------------------------------------------------------------------ problems


def test_every_problem_is_reported_with_its_line_and_key_path(tmp_path):
    text = """\
format = 2
name = 7
stage = 6
rounds = 0
cues = ["ok", 3]
colour = "red"

[[segment]]
kind = "backwards"
duraton = 5

[[segment]]
kind = "forward"
duration = 10
steps = 4

[[segment]]
kind = "forward"
steps = 501
pace = 300

[rest]
duration = 20
kind = "rest"
"""
    path = write(tmp_path, "bad.toml", text)
    assert problems(path) == [
        f"{path}:1: format: only format 1 is known, got a whole number (2)",
        f"{path}:2: name: expected a string, got a whole number (7)",
        f"{path}:3: stage: must be between 1 and 5, got 6",
        f"{path}:4: rounds: must be between 1 and 99, got 0",
        f"{path}:5: cues[2]: expected a string, got a whole number (3)",
        f"{path}:6: colour: unknown key 'colour'",
        f"{path}:8: segment[1]: missing 'duration' or 'steps'",
        f"{path}:9: segment[1].kind: must be one of {KIND_NAMES}, "
        "got 'backwards'; did you mean 'backward'?",
        f"{path}:10: segment[1].duraton: unknown key 'duraton'; did you mean 'duration'?",
        f"{path}:12: segment[2]: give either 'duration' or 'steps', not both",
        f"{path}:19: segment[3].steps: must be between 1 and 500, got 501",
        f"{path}:20: segment[3].pace: must be between 5 and 200 steps per minute, got 300",
        f"{path}:24: rest.kind: unknown key 'kind'",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\n', "missing '[[segment]]': a preset needs at least one segment"),
        ('name = "x"\nsegment = []\n', "segment: needs at least one segment"),
        ('name = "x"\n[segment]\nkind = "rest"\n', "segment: must be an array of tables"),
        ('name = "x"\nmetronome = "on"\n[[segment]]\nkind = "rest"\nduration = 5\n',
         ':2: metronome: expected true or false, got a string ("on")'),
        ('name = "x"\nmetronome = 1\n[[segment]]\nkind = "rest"\nduration = 5\n',
         ":2: metronome: expected true or false, got a whole number (1)"),
        ('[[segment]]\nkind = "rest"\nduration = 5\n', "missing 'name'"),
        ('name = "  "\n[[segment]]\nkind = "rest"\nduration = 5\n', "1 to 60 characters"),
        ('name = "x"\n[[segment]]\nduration = 5\n', "missing 'kind'"),
        ('name = "x"\n[[segment]]\nkind = "rest"\npace = 20\nduration = 5\n',
         "'pace' goes with 'steps'"),
        ('name = "x"\n[[segment]]\nkind = "rest"\nduration = 5\n[rest]\ncue = "breathe"\n',
         "rest: missing 'duration'"),
        ('name = "x"\n[[segment]\n', ":2:10: TOML syntax: Expected ']]'"),
    ],
)  # fmt: skip
def test_single_problems(tmp_path, text, expected):
    [message] = problems(write(tmp_path, "p.toml", text))
    assert expected in message


def test_a_problem_without_a_findable_line_names_the_key_path(tmp_path):
    text = 'name = "x"\nsegment = [{ kind = "forward", duration = 0 }]\n'
    path = write(tmp_path, "inline.toml", text)
    assert problems(path) == [
        f"{path}:2: segment[1].duration: must be between 1 s and 60 min, got 0s"
    ]


# ------------------------------------------------------------ hostile files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "values are nested too deeply"),
        ('name = "x"\n' + '[[segment]]\nkind = "rest"\nduration = 1\n' * 5000,
         "segment: at most 50 segments, got 5000"),
        (b'name = "caf\xe9"\n', ":1:12: not valid UTF-8 (byte 0xe9)"),
        ("# " + "x" * 3_000_000 + "\n", "file is too large (3,000,003 bytes"),
        ("", "missing 'name'"),
    ],
    ids=["deep", "5000-segments", "latin-1", "megabytes", "empty"],
)  # fmt: skip
def test_hostile_files_get_a_clear_problem(tmp_path, content, expected):
    messages = problems(write(tmp_path, "hostile.toml", content))
    assert any(expected in m for m in messages), messages
    assert all(m.startswith(str(tmp_path / "hostile.toml")) for m in messages)


def test_a_folder_named_like_a_preset_is_a_problem_not_a_crash(tmp_path):
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    [message] = problems(folder)
    assert message == f"{folder}: not a regular file (a folder)"


# ------------------------------------------------------------------ writing


@pytest.mark.parametrize("path", sorted(builtin_dir().glob("*.toml")), ids=lambda p: p.stem)
def test_written_presets_read_back_equal(path):
    preset = load_preset(path)
    assert parse_preset(dump_preset(preset)) == preset


def test_a_hand_made_preset_reads_back_equal(tmp_path):
    preset = load_preset(write(tmp_path, "k.toml", GOOD))
    text = dump_preset(preset)
    assert text.startswith("# A backwalk preset")
    assert parse_preset(text) == preset


# ---------------------------------------------------------------- discovery


def test_builtins_load_without_problems():
    catalog = load_catalog(None)
    assert catalog.problems == []
    assert [p.stage for p in catalog if p.stage] == [1, 2, 3, 4, 5]


def test_user_presets_shadow_and_broken_files_are_reported(tmp_path):
    user = tmp_path / "presets"
    write(user, "mine.toml", GOOD.replace('"Kitchen"', '"Stage 1 · Get comfortable"'))
    write(user, "ok.toml", GOOD)
    write(user, "broken.toml", 'name = "Broken"\nstage = 9\n')
    write(user, "twin.toml", GOOD)
    catalog = load_catalog(user)
    stage1 = catalog.get("Stage 1 · Get comfortable")
    assert not stage1.builtin and stage1.source == user / "mine.toml"
    assert catalog.get("Kitchen").source == user / "ok.toml"
    reported = {p.path.name: [str(e) for e in p.errors] for p in catalog.problems}
    assert set(reported) == {"broken.toml", "twin.toml"}
    assert reported["twin.toml"] == [
        f"{user / 'twin.toml'}:1: name: duplicate name 'Kitchen' (also in {user / 'ok.toml'})"
    ]
    assert len([p for p in catalog if p.builtin]) == 6  # stage 1 is shadowed


@pytest.mark.parametrize(
    "ref", ["Stage 2 · Forward and back", "stage 2 · forward and back", "stage 2", "stage2",
            "stage2-forward-and-back", "Stage 2 ·"],
)  # fmt: skip
def test_find_by_name_file_name_or_prefix(ref):
    assert find_preset(load_catalog(None), ref).name == "Stage 2 · Forward and back"


def test_find_ambiguous_unknown_and_by_path(tmp_path):
    catalog = load_catalog(None)
    with pytest.raises(PresetNotFound, match="matches several presets"):
        find_preset(catalog, "stage")
    with pytest.raises(PresetNotFound, match="no preset named 'jog'"):
        find_preset(catalog, "jog")
    path = write(tmp_path, "k.toml", GOOD)
    assert find_preset(catalog, str(path)).name == "Kitchen"
    with pytest.raises(PresetNotFound, match="no such file"):
        find_preset(catalog, str(tmp_path / "missing.toml"))


# ------------------------------------------------------- the built-ins and plan


def test_builtins_follow_the_program():
    catalog = load_catalog(None)
    stages = {p.stage: p for p in catalog if p.stage}
    for stage, preset in stages.items():
        assert preset.description, f"stage {stage} says who it is for"
        assert (
            "Hand on the counter" in preset.cues
            or "Someone close by" in preset.cues
            or ("Support within reach" in preset.cues)
        )
    two = stages[2]
    assert 3 <= two.rounds <= 4
    assert [(s.kind, s.steps) for s in two.segments] == [("forward", 12), ("backward", 12)]
    assert all(10 <= s.steps <= 15 for s in two.segments)
    five = stages[5]
    assert "Someone is close by" in five.effective_checklist
    program = next(p for p in catalog if "6-week" in p.name)
    plan = build_plan(program)
    backward = sum(s.planned_seconds for s in plan.steps if s.kind == "backward")
    assert 9 * 60 <= backward <= 11 * 60
    assert plan.steps[0].phase == "warmup" and plan.steps[-1].phase == "cooldown"


def test_balance_variety_mixes_every_direction_slowly_with_support():
    # Variety (backward, sideways, crossing steps) trains balance further than one movement alone.
    preset = load_catalog(None).get("Balance variety")
    assert preset is not None and preset.builtin
    assert preset.stage is None  # beside the stages, never a step in the progression
    assert preset.description
    assert {"Hand on the counter", "Clear path around you"} <= set(preset.cues)
    assert preset.effective_checklist  # the standard safety check before it starts
    moves = [(s.kind, s.label) for s in preset.segments]
    assert moves == [
        ("forward", ""), ("backward", ""),
        ("sideways", "Step left"), ("sideways", "Step right"), ("sideways", "Crossing"),
    ]  # fmt: skip
    assert all(s.steps and s.pace and s.pace <= 40 for s in preset.segments)  # slow
    crossing = preset.segments[-1]
    assert "counter" in crossing.cue and "Slowly" in crossing.cue
    plan = build_plan(preset)
    assert plan.steps[0].phase == "warmup" and plan.steps[-1].phase == "cooldown"
    assert 5 * 60 <= plan.estimated_seconds <= 12 * 60


def test_plan_expands_warmup_rounds_rests_and_cooldown(tmp_path):
    plan = build_plan(load_preset(write(tmp_path, "k.toml", GOOD)))
    assert [(s.phase, s.round, s.kind) for s in plan.steps] == [
        ("warmup", None, "forward"),
        ("round", 1, "forward"), ("round", 1, "backward"), ("rest", 1, "rest"),
        ("round", 2, "forward"), ("round", 2, "backward"), ("rest", 2, "rest"),
        ("round", 3, "forward"), ("round", 3, "backward"),
        ("cooldown", None, "sideways"),
    ]  # fmt: skip
    assert [s.index for s in plan.steps] == list(range(10))
    assert plan.steps[1].manual and plan.steps[1].target_steps == 12
    assert plan.steps[2].planned_seconds == 18.0 and plan.steps[2].label == "BACK"
    # Step counts ended by hand are estimated at 30 steps a minute: 24 s each.
    assert plan.estimated_seconds == 90 + 3 * (24 + 18) + 2 * 20 + 60
    assert plan.has_manual_steps


def test_a_loose_name_still_finds_the_original_after_a_copy(tmp_path):
    catalog = load_catalog(None)
    original = catalog.get("Stage 2 · Forward and back")
    write_new_preset(tmp_path, replace(original, name="Stage 2 · Forward and back (copy)"))
    catalog = load_catalog(tmp_path)
    assert find_preset(catalog, "stage 2") is catalog.get("Stage 2 · Forward and back")
    assert find_preset(catalog, "stage 2 forward and back copy").name.endswith("(copy)")


def test_a_key_given_twice_is_named_in_plain_words(tmp_path):
    text = 'name = "A"\n\n[[segment]]\nkind = "rest"\nduration = 5\n"duration" = 6\n'
    path = write(tmp_path, "twice.toml", text)
    with pytest.raises(PresetLoadError) as caught:
        load_preset(path)
    [error] = caught.value.errors
    assert str(error) == f"{path}:6:15: TOML syntax: 'duration' is given twice in the same table"


# ------------------------------------------- text the session screen shows whole

#: A segment under standing cues, its texts `over` their limits (0: just at them).
LONG_TEXTS = """\
name = "Long words"
cues = ["{cues_a}", "{cues_b}"]

[[segment]]
kind = "backward"
duration = 30
label = "{label}"
cue = "{cue}"
"""


def long_texts(*, over: int = 0, label: str | None = None) -> str:
    words = "Small steps, upright, hand on the counter, look where you go. " * 4

    def sentence(length: int) -> str:
        return words[:length].strip().ljust(length, "w")

    standing = MAX_STANDING_CUES_CHARS - len(" · ") + over  # two cues, " · " between
    return LONG_TEXTS.format(
        cues_a=sentence(standing // 2),
        cues_b=sentence(standing - standing // 2),
        label=label or "z" * (MAX_LABEL_CHARS + over),
        cue=sentence(MAX_CUE_CHARS + over),
    )


def test_a_cue_a_label_and_the_standing_cues_over_their_limits_are_located_problems(tmp_path):
    path = write(tmp_path, "long.toml", long_texts(over=1))
    assert problems(path) == [
        f"{path}:2: cues: at most 78 characters together, shown on one line with '·' "
        "between them; got 79",
        f"{path}:7: segment[1].label: at most 40 characters, got 41",
        f"{path}:8: segment[1].cue: at most 120 characters, got 121",
    ]
    huge = 'name = "x"\ncues = ["%s"]\n[[segment]]\nkind = "rest"\nduration = 5\ncue = "%s"\n'
    path = write(tmp_path, "huge.toml", huge % ("c" * 56_000, "d" * 56_000))
    assert problems(path) == [
        f"{path}:2: cues: at most 78 characters together, shown on one line with '·' "
        "between them; got 56000",
        f"{path}:6: segment[1].cue: at most 120 characters, got 56000",
    ]


def test_the_longest_cue_and_standing_cues_both_show_at_80x24(tmp_path):
    """The limits are what the session screen shows whole: nothing is left out at 80x24.

    With a label short enough for the large font (PRESET_FORMAT.md: about 10
    characters); a longer one takes a row of its own, under the large arrow.
    """
    from rich.console import Console
    from rich.text import Text

    from backwalk_tui.ui.fitting import fit_session
    from backwalk_tui.ui.screens.session import MOST_LINE_ROWS
    from backwalk_tui.words import direction_text

    preset = load_preset(write(tmp_path, "long.toml", long_texts(label="Step left")))
    step = build_plan(preset).steps[0]
    standing = " · ".join(preset.cues)
    assert (len(step.cue), len(standing)) == (MAX_CUE_CHARS, MAX_STANDING_CUES_CHARS)
    columns, rows = 80 - 2, 24 - 3  # the body: less its padding, the bars and the footer
    lines = [
        (name, min(MOST_LINE_ROWS, len(Text(text).wrap(Console(), columns))))
        for name, text in (("step-cue", step.cue), ("standing-cues", standing))
    ]
    fit = fit_session(
        columns, rows, time="30", direction=direction_text(step), arrow="↓", lines=lines
    )
    assert fit.lines == ("step-cue", "standing-cues")
    # The longest label, too wide for the large font, is one line under the arrow.
    label = "Z" * MAX_LABEL_CHARS
    fit = fit_session(columns, rows, time="30", direction=f"{label} ↓", arrow="↓", lines=lines)
    assert fit.direction_big == "↓" and fit.caption == label
