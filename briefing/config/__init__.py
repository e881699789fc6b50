"""Config: built-in defaults < briefing.toml < command-line flags, in one walk (walk.py).

The Config is a frozen object of sections that mirror briefing.toml
(`[summary]`, `[limits]`, `[site]`, `[schedule]`, `[delivery.email]`,
`[fetch]` and the `[[sources]]` tables; the top-level `seeds`, `out`, `state`
and `templates` form `paths`). One walk,
`build_config`, reads the file, applies the flags, validates every value and
returns the Config (or None), where each value came from, and every problem
found: `load_config` raises them joined, `config check` prints them all.

Relative paths in briefing.toml resolve against the folder that holds it;
relative paths from defaults and flags resolve against the working folder.
Nothing else in briefing reads the config file or the environment.

settings.py holds the sections, values.py the checks of single values,
keys.py which key sets what, sources.py and delivery.py the two tables
of tables, shown.py what `config show` lists, folders.py the working folder
and why a folder named cannot be used.
"""

from __future__ import annotations

from ..lazy import imported_when_used

__all__ = [
    "ALGORITHMS", "CONFIG_FILE_NAME", "DEFAULT_ALGORITHM", "FLAGS", "Config", "ConfigResult", "EditorSettings",
    "EmailDelivery", "FetchSettings", "Limits", "Paths", "ScheduleSettings", "Site", "Source", "SummarySettings",
    "build_config", "check_config", "config_items", "find_config_file", "folders_problem", "fsync_dir", "load_config",
    "log_file_problem", "make_folders", "not_writable", "refusal", "seeds_folder_problem", "state_refused",
    "unreachable",
]

# Each name is imported from its module when first asked for: the command line declares its flags with
# ALGORITHMS (settings.py) alone, and `briefing --version` or `--help` reads no config (0.01 s).
_HOMES = {
    "FLAGS": "keys", "config_items": "shown",
    **dict.fromkeys(["ConfigResult", "build_config", "check_config", "find_config_file", "load_config"], "walk"),
    **dict.fromkeys(["folders_problem", "fsync_dir", "log_file_problem", "make_folders", "not_writable", "refusal",
                     "seeds_folder_problem", "state_refused", "unreachable"], "folders"),
    **dict.fromkeys(["ALGORITHMS", "CONFIG_FILE_NAME", "DEFAULT_ALGORITHM", "Config", "EditorSettings",
                     "EmailDelivery", "FetchSettings", "Limits", "Paths", "ScheduleSettings", "Site", "Source",
                     "SummarySettings"], "settings"),
}


__getattr__ = imported_when_used(__name__, _HOMES)
