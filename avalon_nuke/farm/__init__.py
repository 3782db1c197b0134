"""Render farm: Deadline Web Service client, Nuke job building, and the local farm.

- :mod:`~avalon_nuke.farm.client`: ``DeadlineClient`` (one request per submission, no retries).
- :mod:`~avalon_nuke.farm.jobs`: ``nuke_job()`` builds JobInfo/PluginInfo for Deadline's Nuke plugin.
- :mod:`~avalon_nuke.farm.server`: ``LocalFarm``, the ``avalon-nuke farm`` service, built from
  ``api`` (routes), ``queue`` (SQLite store), ``worker`` (renders), ``documents`` (JSON shapes).

The common names are importable from here; they load on first use so that
importing one farm module does not pull in the HTTP client or server.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "DeadlineClient": "avalon_nuke.farm.client",
    "FarmUnavailable": "avalon_nuke.farm.errors",
    "FarmAuthError": "avalon_nuke.farm.errors",
    "FarmRejected": "avalon_nuke.farm.errors",
    "FarmServerError": "avalon_nuke.farm.errors",
    "nuke_job": "avalon_nuke.farm.jobs",
    "LocalFarm": "avalon_nuke.farm.server",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'avalon_nuke.farm' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
