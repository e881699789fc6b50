"""Packages whose names import their modules when first asked for (PEP 562), so that a command pays only
for what it uses (`briefing --version` loads no config, `briefing summarize` no run machinery)."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def imported_when_used(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A package's module `__getattr__`: each name of `homes` from its module (`name -> module`, relative
    to `package`), imported when the name is first asked for."""

    def __getattr__(name: str) -> Any:
        if name in homes:
            return getattr(importlib.import_module(f".{homes[name]}", package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
