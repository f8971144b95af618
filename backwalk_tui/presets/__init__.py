"""Presets: the files walkers write by hand, and everything backwalk does with them.

- `model`: the preset, its TOML format (version 1), validation and discovery.
- `tomlfile`: reading a TOML file and locating each problem (file, key path, line).
- `canonical`: a preset written back in the one layout `presets fmt` keeps.
- `authoring`: new, copied, renamed and removed preset files, and the editor.

The model is the package's face: `from backwalk_tui import presets` then
`presets.load_catalog(...)`.
"""

from backwalk_tui.presets.model import (
    FORMAT_HEADER,
    MAX_FILE_BYTES,
    MAX_NAME_CHARS,
    REST_KEYS,
    SEGMENT_KEYS,
    STAGES,
    STANDARD_CHECKLIST,
    TEMPLATE_NAME,
    TOP_KEYS,
    Catalog,
    Preset,
    PresetError,
    PresetLoadError,
    PresetNotFound,
    Problem,
    Segment,
    broken_file,
    builtin_dir,
    dump_preset,
    find_preset,
    folder_problem,
    format_document,
    format_seconds,
    load_catalog,
    load_preset,
    name_key,
    name_problem,
    parse_duration,
    parse_preset,
    taken_by,
    write_new_preset,
)

__all__ = [
    "FORMAT_HEADER",
    "MAX_FILE_BYTES",
    "MAX_NAME_CHARS",
    "REST_KEYS",
    "SEGMENT_KEYS",
    "STAGES",
    "STANDARD_CHECKLIST",
    "TEMPLATE_NAME",
    "TOP_KEYS",
    "Catalog",
    "Preset",
    "PresetError",
    "PresetLoadError",
    "PresetNotFound",
    "Problem",
    "Segment",
    "broken_file",
    "builtin_dir",
    "dump_preset",
    "find_preset",
    "folder_problem",
    "format_document",
    "format_seconds",
    "load_catalog",
    "load_preset",
    "name_key",
    "name_problem",
    "parse_duration",
    "parse_preset",
    "taken_by",
    "write_new_preset",
]
