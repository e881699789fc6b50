"""The effective config as `briefing config show` lists it: every key, its value, where it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .keys import _KEYS
from .settings import EMAIL_SECTION, SOURCES, Config


def config_items(config: Config) -> list[tuple[str, Any, str]]:
    """(key as written in briefing.toml, effective value, where it came from) for every key.

    Top-level keys first, then each section in turn, as briefing.toml is laid out.
    """
    items = []
    for name, key in _KEYS.items():
        holder = getattr(config, key.section) if key.section else config
        value = getattr(holder, key.name)
        if name == "briefing.source_weights":
            value = dict(value)  # a table in briefing.toml
        items.append((name, str(value) if isinstance(value, Path) else value, config.origins.get(name, "default")))
    if config.email is not None:
        items.append((f"{EMAIL_SECTION}.enabled", True, config.origins.get(f"{EMAIL_SECTION}.enabled", "default")))
        for name in ("host", "port", "security", "sender", "to", "bcc", "subject", "timeout", "ca_file",
                     "username_env", "password_env"):
            value = getattr(config.email, name)
            key = "from" if name == "sender" else name
            origin = config.origins.get(f"{EMAIL_SECTION}.{key}", "default")
            items.append((f"{EMAIL_SECTION}.{key}", str(value) if isinstance(value, Path) else value, origin))
    origin = config.origins.get(SOURCES, "default")
    for number, source in enumerate(config.sources, start=1):
        for name in ("name", "feed", "page", "section", "full_text", "enabled"):
            value = getattr(source, name)
            if (value is not None or name == "section") and not (name == "full_text" and source.page):
                items.append((f"{SOURCES}.{number}.{name}", value, origin if name in source.given else "default"))
    sections = list(dict.fromkeys(name.rsplit(".", 1)[0] for name, _, _ in items if "." in name))
    return sorted(items, key=lambda item: sections.index(item[0].rsplit(".", 1)[0]) + 1 if "." in item[0] else 0)
