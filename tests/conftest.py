"""Shared fixtures: every test runs against a private, throw-away home."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwalk_tui.paths import Locations, locate


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh BACKWALK_HOME; HOME and the XDG dirs point inside tmp too.

    Nothing a test does can reach the real home directory, and no real
    editor is ever opened (VISUAL/EDITOR are unset unless a test sets them).
    """
    root = tmp_path / "backwalk-home"
    root.mkdir()
    monkeypatch.setenv("BACKWALK_HOME", str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return root


@pytest.fixture
def locations(home: Path) -> Locations:
    """Where backwalk keeps its files inside `home`."""
    return locate()
