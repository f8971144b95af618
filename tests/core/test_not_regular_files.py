"""A `*.toml` entry that is not a regular file is a located problem, never opened to read.

A named pipe would hang the reader; a folder or a link to nothing was passed over
without a word.
"""

from __future__ import annotations

import os

import pytest

from backwalk_tui import cli
from backwalk_tui.presets import load_catalog
from backwalk_tui.settings import load_settings

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def make_entries(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.toml").symlink_to(folder / "nowhere")
    (folder / "dir.toml").mkdir()
    os.mkfifo(folder / "fifo.toml")
    (folder / "self.toml").symlink_to("self.toml")


@needs_fifo
def test_each_entry_is_a_located_problem(locations, capsys):
    make_entries(locations.presets_dir)
    catalog = load_catalog(locations.presets_dir)
    problems = {p.path.name: str(p.errors[0]) for p in catalog.problems}
    assert "not a regular file (a link to nothing" in problems["broken.toml"]
    assert problems["dir.toml"].endswith("dir.toml: not a regular file (a folder)")
    assert problems["fifo.toml"].endswith("fifo.toml: not a regular file (a named pipe)")
    assert "self.toml: cannot read" in problems["self.toml"]
    assert cli.main(["presets", "validate"]) == 1
    assert cli.main(["presets", "validate", str(locations.presets_dir / "fifo.toml")]) == 1
    err = capsys.readouterr().err
    assert err.count("fifo.toml: not a regular file (a named pipe)") == 2


@needs_fifo
def test_settings_that_are_a_pipe_or_a_link_to_nothing_are_said(locations):
    locations.settings_file.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(locations.settings_file)
    assert "a named pipe" in str(load_settings(locations.settings_file).problems[0])
    locations.settings_file.unlink()
    locations.settings_file.symlink_to(locations.settings_file.parent / "gone.toml")
    assert "a link to nothing" in str(load_settings(locations.settings_file).problems[0])
