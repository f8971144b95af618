"""Sound: each cue synthesised (`tones`), played (`player`) or spoken (`speech`).

Nothing outside this package touches miniaudio or a speech program.
"""
