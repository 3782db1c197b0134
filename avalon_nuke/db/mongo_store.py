"""The studio backend: an avalon-core 5.x MongoDB, one collection per project.

Version numbers stay unique with a unique index on (type, parent, name) for
versions; concurrent publishers that pick the same number retry with the next.
Every driver error becomes a :class:`DatabaseError` whose text never carries the
URI's password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import pymongo
from bson import ObjectId
from pymongo.errors import DuplicateKeyError, OperationFailure, PyMongoError

from avalon_nuke.config import redact
from avalon_nuke.db.documents import INCOMPLETE, UNSET, Document
from avalon_nuke.db.repository import Repository, VersionFeed
from avalon_nuke.errors import ConflictError, DatabaseError

log = logging.getLogger(__name__)

APPROVED = {"data.approved": {"$ne": False}, "data.rejected": {"$ne": True}}
NOT_REJECTED = {"data.rejected": {"$ne": True}}
#: Versions whose publish finished (``null`` also matches documents without the key).
COMPLETE = {f"data.{INCOMPLETE}": None}
_NUMBERING_ATTEMPTS = 50


class MongoRepository(Repository):
    """Documents in MongoDB (``AVALON_MONGO``, database ``AVALON_DB``)."""

    def __init__(self, uri: str | None, db_name: str = "avalon", *, timeout_ms: int = 3000,
                 client: Any = None) -> None:
        super().__init__()
        self._display_uri = redact(uri or "mongodb")
        try:
            self._client = client if client is not None else pymongo.MongoClient(
                uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms,
                socketTimeoutMS=max(timeout_ms * 10, 30000), appname="avalon-nuke")
        except PyMongoError as error:
            # pymongo errors can quote the URI with its password: the cause is not chained.
            raise DatabaseError(f"cannot use MongoDB at {self._display_uri}: {redact(str(error))}") from None
        self._db = self._client[db_name]
        self._indexed: set[str] = set()

    def close(self) -> None:
        self._client.close()

    def _fail(self, error: PyMongoError) -> DatabaseError:
        return DatabaseError(f"MongoDB at {self._display_uri}: {redact(str(error)).splitlines()[0][:300]}")

    def _collection(self, project: str) -> Any:
        collection = self._db[project]
        if project not in self._indexed:
            self._ensure_indexes(collection)
            self._indexed.add(project)
        return collection

    def _ensure_indexes(self, collection: Any) -> None:
        """Indexes that make loader listings and batched lookups fast, and numbering safe."""
        try:
            collection.create_index([("type", 1), ("parent", 1), ("name", -1)], name="avalon_children")
            collection.create_index([("type", 1), ("parent", 1), ("name", 1)], unique=True,
                                    partialFilterExpression={"type": "version"},
                                    name="avalon_unique_version")
        except DuplicateKeyError:
            log.warning("%s holds duplicate version numbers; numbering falls back to retries only",
                        collection.name)
        except OperationFailure as error:
            log.warning("could not create indexes on %s: %s", collection.name, error)
        except PyMongoError as error:
            raise self._fail(error) from None  # the cause may quote the URI and its password

    def _run(self, operation: Callable[[], Any]) -> Any:
        self.round_trips += 1
        try:
            return operation()
        except DuplicateKeyError:
            raise
        except PyMongoError as error:
            raise self._fail(error) from None  # the cause may quote the URI and its password

    # -- primitives ----------------------------------------------------------------------
    def _find_one(self, project: str, type_: str, parent: ObjectId | None, name: Any) -> Document | None:
        query: dict[str, Any] = {"type": type_, "name": name}
        if type_ != "project":
            query["parent"] = parent
        return self._run(lambda: self._collection(project).find_one(query))

    def _children(self, project: str, type_: str, parents: Sequence[ObjectId | None], *,
                  approved_only: bool = False) -> list[Document]:
        query: dict[str, Any] = {"type": type_, "parent": {"$in": list(parents)}}
        if approved_only:
            query.update(APPROVED)
        if type_ == "version":
            query.update(COMPLETE)
        direction = pymongo.DESCENDING if type_ == "version" else pymongo.ASCENDING
        sort = [("parent", pymongo.ASCENDING), ("name", direction)]
        return self._run(lambda: list(self._collection(project).find(query).sort(sort)))

    def _by_ids(self, project: str, ids: Sequence[ObjectId]) -> list[Document]:
        return self._run(lambda: list(self._collection(project).find({"_id": {"$in": list(ids)}})))

    def _insert(self, project: str, documents: Sequence[Document]) -> None:
        existing = self._run(lambda: self._collection(project).find_one(
            {"$or": [{"type": d["type"], "parent": d.get("parent"), "name": d["name"]}
                     for d in documents]}))
        if existing is not None:
            what = f"{existing['type']} '{existing['name']}'"
            raise ConflictError(f"{what} already exists in project '{project}'")
        try:
            self._run(lambda: self._collection(project).insert_many(list(documents), ordered=True))
        except DuplicateKeyError as error:
            raise ConflictError(f"'{documents[0]['name']}' already exists in project '{project}'") from error

    def _insert_numbered(self, project: str, subset_id: ObjectId,
                         make: Callable[[int], list[Document]]) -> list[Document]:
        collection = self._collection(project)
        newest = self._run(lambda: collection.find_one(
            {"type": "version", "parent": subset_id}, sort=[("name", pymongo.DESCENDING)]))
        number = (newest["name"] if newest else 0) + 1
        for _attempt in range(_NUMBERING_ATTEMPTS):
            created = make(number)
            try:
                self._run(partial(collection.insert_one, created[0]))
            except DuplicateKeyError:
                number += 1  # someone published this number first
                continue
            if len(created) > 1:
                try:
                    self._run(partial(collection.insert_many, created[1:], ordered=True))
                except (DatabaseError, DuplicateKeyError):
                    # No orphan version: take it back before reporting the failure.
                    self._run(partial(collection.delete_many,
                                      {"_id": {"$in": [doc["_id"] for doc in created]}}))
                    raise
            return created
        raise ConflictError(f"could not find a free version number after {_NUMBERING_ATTEMPTS} tries")

    def _newest(self, project: str, subset_ids: Sequence[ObjectId], *,
                approved_only: bool) -> list[Document]:
        match: dict[str, Any] = {"type": "version", "parent": {"$in": list(subset_ids)}, **COMPLETE}
        match.update(APPROVED if approved_only else NOT_REJECTED)  # no policy follows a rejected version
        pipeline = [
            {"$match": match},
            {"$sort": {"parent": 1, "name": -1}},
            {"$group": {"_id": "$parent", "newest": {"$first": "$$ROOT"}}},
        ]
        rows = self._run(lambda: list(self._collection(project).aggregate(pipeline)))
        return [row["newest"] for row in rows]

    def _incomplete_versions(self, project: str, subset_ids: Sequence[ObjectId]) -> list[Document]:
        query = {"type": "version", "parent": {"$in": list(subset_ids)},
                 f"data.{INCOMPLETE}": {"$nin": [None, False]}}
        by_number = [("name", pymongo.ASCENDING)]
        return self._run(lambda: list(self._collection(project).find(query).sort(by_number)))

    def _merge_data(self, project: str, id_: ObjectId, values: Mapping[str, Any]) -> Document | None:
        update: dict[str, Any] = {}
        kept = {f"data.{key}": value for key, value in values.items() if value is not UNSET}
        removed = {f"data.{key}": "" for key, value in values.items() if value is UNSET}
        if kept:
            update["$set"] = kept
        if removed:
            update["$unset"] = removed
        return self._run(lambda: self._collection(project).find_one_and_update(
            {"_id": id_}, update, return_document=pymongo.ReturnDocument.AFTER))

    def _delete(self, project: str, ids: Sequence[ObjectId]) -> None:
        self._run(lambda: self._collection(project).delete_many({"_id": {"$in": list(ids)}}))

    def _project_names(self) -> list[str]:
        names = self._run(lambda: sorted(self._db.list_collection_names()))
        return [name for name in names if not name.startswith("system.")]

    def _rejected(self, project: str, version_ids: Sequence[ObjectId]) -> set[ObjectId]:
        query = {"_id": {"$in": list(version_ids)}, "type": "version", "data.rejected": True}
        found = self._run(lambda: list(self._collection(project).find(query, {"_id": 1})))
        return {row["_id"] for row in found}

    def _heads(self, project: str, subset_ids: Sequence[ObjectId],
               floors: Mapping[ObjectId, int]) -> list[tuple[ObjectId, int, int | None]]:
        # Each subset is an index range on (type, parent, name): from its floor (the newest approved
        # number known) up, so a check reads the few versions above the last approval, not the
        # whole history. Subsets whose answer fell below the floor are asked again without one.
        rows = self._heads_from(project, subset_ids, floors)
        lost = [s for s in subset_ids if s in floors and (s not in rows or rows[s][1] is None)]
        if lost:
            rows.update(self._heads_from(project, lost, {}))
        return [(subset, newest, approved) for subset, (newest, approved) in rows.items()]

    def _heads_from(self, project: str, subset_ids: Sequence[ObjectId],
                    floors: Mapping[ObjectId, int]) -> dict[ObjectId, tuple[int, int | None]]:
        ranges = [{"parent": s, "name": {"$gte": floors[s]}} if s in floors else {"parent": s}
                  for s in subset_ids]
        approved_name = {"$cond": [{"$eq": ["$data.approved", False]}, None, "$name"]}
        pipeline = [
            # no policy follows a rejected version (rejecting also sets approved False)
            {"$match": {"type": "version", "$or": ranges, **NOT_REJECTED, **COMPLETE}},
            {"$project": {"_id": 0, "parent": 1, "name": 1, "data.approved": 1}},
            {"$group": {"_id": "$parent", "newest": {"$max": "$name"}, "approved": {"$max": approved_name}}},
        ]
        found = self._run(lambda: list(self._collection(project).aggregate(pipeline)))
        return {row["_id"]: (row["newest"], row.get("approved")) for row in found}

    def version_feed(self, project: str) -> VersionFeed | None:
        """A change stream on the project's versions when the server offers one (replica sets, mongos)."""
        from avalon_nuke.db.mongo_feed import open_feed

        return open_feed(self, self._collection(project))
