"""The medical disclaimer, shown on first run and kept in help and the README."""

from __future__ import annotations

import os

from backwalk_tui.paths import PRIVATE_FILE_MODE, Locations, ensure_private_dir

DISCLAIMER = (
    "backwalk is for general information and exercise timing only. It does not "
    "diagnose, treat or replace a medical examination or the advice of a physician "
    "or physiotherapist. Ask a clinician before changing an exercise routine, "
    "especially with balance problems, and stop if pain sharpens."
)

SAFETY_NOTES = (
    "Keep support within reach: a stable counter, a hallway wall, or a helper behind you.",
    "Clear the path behind you, and know where the floor thresholds are.",
    "Wear shoes with good support and grip.",
    "A treadmill used for support must be OFF.",
    "Feeling unsteady at first is normal: start slow, with as much support as you need.",
    "Never move on to running backward before many walking sessions without a stumble, "
    "and have someone close by when you start.",
)


def _marker(where: Locations):
    return where.data_dir / "disclaimer-accepted"


def disclaimer_accepted(where: Locations) -> bool:
    return _marker(where).exists()


def accept_disclaimer(where: Locations) -> None:
    """Remember that the walker read and accepted the disclaimer."""
    ensure_private_dir(where.data_dir)
    fd = os.open(_marker(where), os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w") as file:
        file.write("The backwalk disclaimer was accepted.\n")
