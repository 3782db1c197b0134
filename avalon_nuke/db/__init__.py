"""The pipeline database: :func:`open_database` picks the backend from settings.

Nothing here connects at import time; opening a MongoDB repository connects
lazily and fails within seconds (with the password hidden) when unreachable.
"""

from __future__ import annotations

from avalon_nuke.config import Settings
from avalon_nuke.db.repository import Repository, RepresentationSpec

__all__ = ["Repository", "RepresentationSpec", "open_database"]


def open_database(settings: Settings, *, create: bool = True) -> Repository:
    """MongoDB when ``AVALON_MONGO`` is set, else the embedded SQLite file.

    ``create=False`` is for commands that only read: a missing embedded file is then
    an error naming the path looked at, not a new empty database left behind.
    """
    if settings.mongo_uri:
        from avalon_nuke.db.mongo_store import MongoRepository

        return MongoRepository(settings.mongo_uri, settings.db_name)
    from avalon_nuke.db.sqlite_store import SQLiteRepository

    return SQLiteRepository(settings.db_path, create=create)
