"""A new preset's name is refused when it is "the same name" as one that exists.

The same loose rule lookup uses (`presets.name_key`, `presets.taken_by`): a
name that finds a preset now would, once taken, open the new one instead.
"""

from __future__ import annotations

import pytest
from support import write_preset

from backwalk_tui import cli
from backwalk_tui.presets import authoring, find_preset, load_catalog

STAGE_2 = "Stage 2 · Forward and back"


@pytest.mark.parametrize("name", ["stage 2", "Stage 2", "stage2", "STAGE 2 · FORWARD AND BACK!"])
def test_a_name_that_finds_a_built_in_is_refused(locations, capsys, name):
    assert cli.main(["presets", "new", name]) == 1
    assert STAGE_2 in capsys.readouterr().err
    assert not locations.presets_dir.exists() or not any(locations.presets_dir.iterdir())
    assert find_preset(load_catalog(locations.presets_dir), name).builtin


@pytest.mark.parametrize("name", ["my-walk", "My walk!", "MY WALK", "my  walk"])
def test_names_differing_in_case_spaces_or_punctuation_are_one_name(locations, capsys, name):
    assert cli.main(["presets", "new", "My walk"]) == 0
    capsys.readouterr()
    assert cli.main(["presets", "new", name]) == 1
    assert capsys.readouterr().err == "backwalk: a preset named 'My walk' already exists\n"
    assert len(list(locations.presets_dir.glob("*.toml"))) == 1


def test_a_broken_file_keeps_its_name(locations):
    write_preset(locations.presets_dir, "kitchen.toml", 'name = "Kitchen loop"\nstage = 99\n')
    catalog = load_catalog(locations.presets_dir)
    assert catalog.problems
    with pytest.raises(authoring.NameProblem, match="Kitchen loop"):
        authoring.check_new_name(catalog, "kitchen-loop")


def test_other_names_are_free_and_suggestions_are_never_taken(locations):
    catalog = load_catalog(locations.presets_dir)
    assert authoring.check_new_name(catalog, "Kitchen walk") == "Kitchen walk"
    assert authoring.check_new_name(catalog, "Stage") == "Stage"  # several begin so: finds none
    suggested = authoring.suggest_name(catalog, STAGE_2)
    assert authoring.check_new_name(catalog, suggested) == suggested
