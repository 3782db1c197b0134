"""MongoDB change streams as a feed of version changes: the server pushes, nothing is scanned.

Change streams exist only on replica sets and sharded clusters; a standalone server refuses
``watch`` with an ``OperationFailure`` (code 40573, "The $changeStream stage is only supported on
replica sets"), and drivers or fakes without ``watch`` cannot offer one either. Then there is no
feed and the approval watcher polls :meth:`Repository.version_heads` instead, which answers the
same question at the price of one indexed query.

Each :meth:`MongoVersionFeed.changed` is one ``getMore`` per batch of events (``try_next``), so an
idle project costs one cheap round trip per check whatever the number of containers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pymongo.errors import OperationFailure, PyMongoError

if TYPE_CHECKING:
    from avalon_nuke.db.mongo_store import MongoRepository

log = logging.getLogger(__name__)

#: Inserted, changed or replaced versions, and any deletion (a delete event no longer says its type).
PIPELINE = [
    {"$match": {"$or": [
        {"operationType": "delete"},
        {"operationType": {"$in": ["insert", "update", "replace"]}, "fullDocument.type": "version"},
    ]}},
    {"$project": {"operationType": 1}},
]
AWAIT_MS = 100           # how long one getMore may wait for an event before answering "none"
MOST_EVENTS_PER_CHECK = 1000


class MongoVersionFeed:
    """An open change stream on one project's collection."""

    def __init__(self, repository: MongoRepository, stream: Any) -> None:
        self._repository = repository
        self._stream = stream

    def changed(self) -> bool:
        """Drain the events waiting; True when there was at least one."""
        seen = False
        for _ in range(MOST_EVENTS_PER_CHECK):
            if self._repository._run(self._stream.try_next) is None:
                return seen
            seen = True
        return True  # a flood: certainly changed; the rest waits for the next check

    def close(self) -> None:
        try:
            self._stream.close()
        except PyMongoError as error:  # the connection is already gone: nothing left to release
            log.debug("closing the change stream: %s", error)


def open_feed(repository: MongoRepository, collection: Any) -> MongoVersionFeed | None:
    """The feed, or None when this server or driver offers no change streams."""
    if not callable(getattr(type(collection), "watch", None)):
        return None
    repository.round_trips += 1
    try:
        stream = collection.watch(PIPELINE, full_document="updateLookup", max_await_time_ms=AWAIT_MS)
    except OperationFailure as error:
        log.info("no change streams on this MongoDB (%s): polling for approvals instead", error.code)
        return None
    except PyMongoError as error:
        raise repository._fail(error) from None  # the cause may quote the URI and its password
    return MongoVersionFeed(repository, stream)
