"""MongoDB change streams as the approval watcher's feed, and the poll when the server has none."""

from __future__ import annotations

import pytest
from pymongo.errors import AutoReconnect, OperationFailure

from avalon_nuke.db.mongo_feed import PIPELINE, open_feed
from avalon_nuke.errors import DatabaseError

mongomock = pytest.importorskip("mongomock")


class Stream:
    def __init__(self, events) -> None:
        self.events, self.closed = list(events), False

    def try_next(self):
        return self.events.pop(0) if self.events else None

    def close(self) -> None:
        self.closed = True


class Collection:
    """What pymongo's Collection offers for this: ``watch`` (a method of the class)."""

    def __init__(self, stream=None, error=None) -> None:
        self.stream, self.error, self.asked = stream, error, []

    def watch(self, pipeline, full_document=None, max_await_time_ms=None):
        self.asked.append((pipeline, full_document))
        if self.error:
            raise self.error
        return self.stream


@pytest.fixture
def repo():
    from avalon_nuke.db.mongo_store import MongoRepository

    return MongoRepository("mongodb://ana:secret@db.example:27017", "avalon", client=mongomock.MongoClient())


def test_a_replica_set_pushes_version_changes_and_a_quiet_check_is_one_get_more(repo):
    stream = Stream([{"operationType": "update"}, {"operationType": "insert"}])
    collection = Collection(stream)
    feed = open_feed(repo, collection)
    assert collection.asked == [(PIPELINE, "updateLookup")]
    before = repo.round_trips
    assert feed.changed() is True                      # both events drained
    assert feed.changed() is False
    assert repo.round_trips - before == 4               # three getMores, then one for the quiet check
    feed.close()
    assert stream.closed


def test_a_standalone_server_refuses_change_streams_so_there_is_no_feed(repo):
    refused = OperationFailure("The $changeStream stage is only supported on replica sets", code=40573)
    assert open_feed(repo, Collection(error=refused)) is None
    assert open_feed(repo, mongomock.MongoClient().db.demo) is None   # a driver without watch()


def test_a_dropped_connection_is_a_database_error_without_the_password(repo):
    with pytest.raises(DatabaseError) as raised:
        open_feed(repo, Collection(error=AutoReconnect("db.example:27017: connection reset by peer")))
    assert str(raised.value) == "MongoDB at mongodb://ana:***@db.example:27017: db.example:27017: connection reset by peer"
