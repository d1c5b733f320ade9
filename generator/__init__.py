"""opsreport: a static report site for an Alibaba.com International Station store.

The library, for a notebook (README, "Every number as a table")::

    from generator import Workspace, analyse, load_inputs, load_settings, open_store

Those five names are imported when first used, not with the package: ``opsreport --help``
starts without pandas or DuckDB.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

TYPE_CHECKING = False  # not typing's: `import generator` stays as quick as it was
if TYPE_CHECKING:
    from typing import Any

    from .analysis import analyse
    from .config import Workspace, load_settings
    from .inputs import load_inputs
    from .store import open_store

# name → the module that defines it
_PUBLIC = {
    "Workspace": ".config",
    "load_settings": ".config",
    "open_store": ".store",
    "load_inputs": ".inputs",
    "analyse": ".analysis",
}
__all__ = ["Workspace", "__version__", "analyse", "load_inputs", "load_settings", "open_store"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name], __name__), name)
    globals()[name] = value  # once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
