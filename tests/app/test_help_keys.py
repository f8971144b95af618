"""The help lists every key a screen binds, read from the screen's own BINDINGS."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from rich.console import Console
from textual.dom import DOMNode

import backwalk_tui.ui
from backwalk_tui.ui.screens import help as help_screen

#: Classes with bindings that the help leaves out, and why.
NOT_IN_HELP = {
    "HelpScreen": "its own title says Esc closes it",
    "NameScreen": "its own line says Enter creates the preset and Esc cancels",
}


def classes_with_keys() -> list[type[DOMNode]]:
    """Every class in backwalk's UI that binds keys of its own."""
    found = []
    for module in pkgutil.walk_packages(backwalk_tui.ui.__path__, "backwalk_tui.ui."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if (
                cls.__module__ == module.name
                and issubclass(cls, DOMNode)
                and help_screen.own_bindings(cls)
            ):
                found.append(cls)
    return found


def help_text() -> str:
    console = Console(width=400, record=True, color_system=None)
    console.print(help_screen.keys_table())
    return console.export_text()


def test_every_class_that_binds_keys_has_a_row_in_the_help():
    listed = {cls for _, classes in help_screen.SECTIONS for cls in classes}
    missing = [
        cls.__qualname__
        for cls in classes_with_keys()
        if cls not in listed and cls.__qualname__ not in NOT_IN_HELP
    ]
    assert not missing, f"keys bound but not in the help: {missing}"


@pytest.mark.parametrize(
    ("where", "classes"), help_screen.SECTIONS, ids=[where for where, _ in help_screen.SECTIONS]
)
def test_every_binding_has_its_keys_and_words_in_its_row(where, classes):
    [row] = [line for line in help_text().splitlines() if line.startswith(f"{where}  ")]
    entries = help_screen.section_keys(classes)
    for entry_keys, entry_words in entries:
        assert f"{entry_keys} {entry_words}" in row, f"{where}: {entry_keys} is not shown"
    for cls in classes:
        for binding in help_screen.own_bindings(cls):
            words = binding.tooltip or binding.description.lower()
            for key in binding.key.split(","):
                name = help_screen.key_name(key)
                assert any(
                    name in keys.split(" or ") and words.lower() in said.lower()
                    for keys, said in entries
                ), f"{where}: {name} ({cls.__name__}.{binding.action}) has no line saying {words!r}"


def test_the_safety_row_says_the_arrows_move_between_the_items():
    [row] = [line for line in help_text().splitlines() if line.startswith("Safety  ")]
    assert "↓ next item" in row and "↑ item before" in row


def test_keys_are_written_as_on_the_keyboard():
    assert [help_screen.key_name(k) for k in ("ctrl+s", "escape", "question_mark", "f2", "b")] == [
        "Ctrl+S", "Esc", "?", "F2", "b",
    ]  # fmt: skip
