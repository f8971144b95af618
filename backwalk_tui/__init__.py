"""backwalk: a terminal interval timer for retro (backward) walking."""

__version__ = "0.1.0"
