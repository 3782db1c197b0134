"""The embedded backend: the same documents in one SQLite file, for one machine.

SQLite gives what the off-the-shelf Mongo imitations lacked: real indexes (the
"newest approved version of 2,000 subsets" query is one indexed GROUP BY) and
transactions (version numbers stay unique with many publishers at once, because
``BEGIN IMMEDIATE`` serialises the read-max-then-insert step).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bson import ObjectId

from avalon_nuke.db.documents import INCOMPLETE, UNSET, Document
from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import ConflictError, DatabaseError, NotFoundError

SCHEMA_VERSION = 1
# Evaluate each subset's two seeks once (SQLite 3.35+); older libraries read the same answer,
# with one more seek per subset, where the query planner copies the CTE into its uses.
_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35, 0) else ""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id       TEXT PRIMARY KEY,
    project  TEXT NOT NULL,
    type     TEXT NOT NULL,
    parent   TEXT NOT NULL,      -- '' for projects
    name     TEXT NOT NULL,
    number   INTEGER,            -- version number, for ordering
    approved INTEGER,            -- versions: -2 incomplete, -1 rejected, 0 work in progress, 1 approved
    body     TEXT NOT NULL       -- the whole document as JSON
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_identity ON documents (project, type, parent, name);
CREATE INDEX IF NOT EXISTS documents_children ON documents (project, parent, type, number);
CREATE INDEX IF NOT EXISTS versions_approved ON documents (project, parent, type, approved, number);
"""


_INCOMPLETE_ROW = -2  # hidden from listings: every version query asks for approved > -2
_COMPLETE = " AND approved > -2"


def _encode(value: Any) -> Any:
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    raise TypeError(f"cannot store {type(value).__name__} in a document")


def _decode_ids(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$oid" in obj:
        return ObjectId(obj["$oid"])
    return obj


class _CorruptDocument(ValueError):
    """A stored body that is not a document (the file was damaged or edited by hand)."""


def _load(body: str) -> Document:
    try:
        if '"$oid"' in body:
            doc = json.loads(body, object_hook=_decode_ids)
        else:
            doc = json.loads(body)
    except (ValueError, RecursionError, TypeError) as problem:
        raise _CorruptDocument("a stored document is not JSON") from problem
    if not isinstance(doc, dict) or not all(key in doc for key in ("_id", "type", "name")) \
            or not isinstance(doc.get("data", {}), dict):
        raise _CorruptDocument("a stored document lacks _id, type, name or data")
    return doc


def _row(project: str, doc: Document) -> tuple[Any, ...]:
    approved = None
    if doc["type"] == "version":  # -1 rejected (followed by no policy), 0 work in progress, 1 approved
        data = doc.get("data", {})
        approved = -1 if data.get("rejected") is True else 0 if data.get("approved", True) is False else 1
        if data.get(INCOMPLETE):
            approved = _INCOMPLETE_ROW
    number = doc["name"] if isinstance(doc["name"], int) else None
    body = json.dumps(doc, default=_encode, separators=(",", ":"))
    return (str(doc["_id"]), project, doc["type"], str(doc.get("parent") or ""),
            str(doc["name"]), number, approved, body)


class SQLiteRepository(Repository):
    """Documents in a single SQLite file at ``AVALON_DB_PATH``."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise NotFoundError(f"no embedded database at {self.path}: nothing has been created or "
                                "published yet (or set AVALON_DB_PATH, or AVALON_MONGO for MongoDB)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise DatabaseError(f"{self.path} was written by a newer avalon-nuke (schema {version})")
            if version < SCHEMA_VERSION:
                with self._transaction() as conn:  # another process may be creating it too
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open the embedded database {self.path}: {error}") from error

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Document]:
        self.round_trips += 1
        try:
            return [_load(body) for (body,) in self._conn.execute(sql, params) if body is not None]
        except (sqlite3.Error, _CorruptDocument) as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error

    def _listed(self, sql: str, fixed: Sequence[Any], values: Sequence[Any]) -> list[Document]:
        """Run *sql* whose last parameter is a list, passed as JSON and read with ``json_each``.

        One statement whatever the list's length (no bound-parameter limit to chunk around).
        """
        return self._query(sql, [*fixed, json.dumps(list(values))])

    # -- primitives ----------------------------------------------------------------------
    def _find_one(self, project: str, type_: str, parent: ObjectId | None, name: Any) -> Document | None:
        rows = self._query(
            "SELECT body FROM documents WHERE project=? AND type=? AND parent=? AND name=?",
            (project, type_, str(parent or ""), str(name)))
        return rows[0] if rows else None

    def _children(self, project: str, type_: str, parents: Sequence[ObjectId | None], *,
                  approved_only: bool = False) -> list[Document]:
        order = "number DESC" if type_ == "version" else "name"
        approved = " AND approved=1" if approved_only else _COMPLETE if type_ == "version" else ""
        return self._listed(
            "SELECT body FROM documents WHERE project=? AND type=?" + approved +
            " AND parent IN (SELECT value FROM json_each(?)) ORDER BY parent, " + order,
            (project, type_), [str(p or "") for p in parents])

    def _by_ids(self, project: str, ids: Sequence[ObjectId]) -> list[Document]:
        # `+project`: look rows up by primary key, not by scanning the project's index.
        return self._listed(
            "SELECT body FROM documents WHERE +project=? AND id IN (SELECT value FROM json_each(?))",
            (project,), [str(i) for i in ids])

    def _insert(self, project: str, documents: Sequence[Document]) -> None:
        self.round_trips += 1
        try:
            with self._transaction() as conn:
                conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
                                 [_row(project, doc) for doc in documents])
        except sqlite3.IntegrityError as error:
            names = ", ".join(f"{d['type']} '{d['name']}'" for d in documents[:3])
            raise ConflictError(f"{names} already exists in project '{project}'") from error
        except sqlite3.Error as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error

    def _insert_numbered(self, project: str, subset_id: ObjectId,
                         make: Callable[[int], list[Document]]) -> list[Document]:
        self.round_trips += 1
        try:
            with self._transaction() as conn:
                (highest,) = conn.execute(
                    "SELECT MAX(number) FROM documents WHERE project=? AND parent=? AND type='version'",
                    (project, str(subset_id))).fetchone()
                created = make((highest or 0) + 1)
                conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
                                 [_row(project, doc) for doc in created])
        except sqlite3.Error as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error
        return created

    def _newest(self, project: str, subset_ids: Sequence[ObjectId], *,
                approved_only: bool) -> list[Document]:
        # One index seek per subset: the highest number under it (among approved ones).
        approved = " AND approved=1" if approved_only else " AND approved>=0"  # never rejected or incomplete
        rows = self._listed(
            "SELECT (SELECT body FROM documents WHERE project=? AND parent=subset.value AND type='version'"
            + approved + " ORDER BY number DESC LIMIT 1) AS body FROM json_each(?) AS subset",
            (project,), [str(i) for i in subset_ids])
        return rows

    def _incomplete_versions(self, project: str, subset_ids: Sequence[ObjectId]) -> list[Document]:
        return self._listed(
            "SELECT body FROM documents WHERE project=? AND type='version' AND approved=?"
            " AND parent IN (SELECT value FROM json_each(?)) ORDER BY number",
            (project, _INCOMPLETE_ROW), [str(i) for i in subset_ids])

    def _merge_data(self, project: str, id_: ObjectId, values: Mapping[str, Any]) -> Document | None:
        self.round_trips += 1
        try:
            with self._transaction() as conn:
                row = conn.execute("SELECT body FROM documents WHERE project=? AND id=?",
                                   (project, str(id_))).fetchone()
                if row is None:
                    return None
                doc = _load(row[0])
                data = doc.setdefault("data", {})
                data.update({key: value for key, value in values.items() if value is not UNSET})
                for key in [key for key, value in values.items() if value is UNSET]:
                    data.pop(key, None)
                _id, _p, _t, _parent, _n, _num, approved, body = _row(project, doc)
                conn.execute("UPDATE documents SET body=?, approved=? WHERE id=?", (body, approved, _id))
        except (sqlite3.Error, _CorruptDocument) as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error
        return doc

    def _delete(self, project: str, ids: Sequence[ObjectId]) -> None:
        self.round_trips += 1
        try:
            with self._transaction() as conn:
                conn.executemany("DELETE FROM documents WHERE project=? AND id=?",
                                 [(project, str(i)) for i in ids])
        except sqlite3.Error as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error

    def _project_names(self) -> list[str]:
        self.round_trips += 1
        try:
            rows = self._conn.execute("SELECT name FROM documents WHERE type='project' ORDER BY name")
            return [name for (name,) in rows]
        except sqlite3.Error as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error

    def _rejected(self, project: str, version_ids: Sequence[ObjectId]) -> set[ObjectId]:
        # By primary key, as _by_ids; the document's own flag, as is_rejected reads it.
        self.round_trips += 1
        sql = ("SELECT id FROM documents WHERE +project=? AND id IN (SELECT value FROM json_each(?)) "
               "AND type='version' AND json_type(body, '$.data.rejected')='true'")
        try:
            rows = self._conn.execute(sql, (project, json.dumps([str(i) for i in version_ids])))
            return {ObjectId(row[0]) for row in rows}
        except sqlite3.Error as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error

    def _heads(self, project: str, subset_ids: Sequence[ObjectId],
               floors: Mapping[ObjectId, int]) -> list[tuple[ObjectId, int, int | None]]:
        # Two index seeks per subset (the highest number, the highest approved number), whatever
        # the history: floors would not make it cheaper. Numbers only, straight from the indexes.
        self.round_trips += 1
        newest = ("SELECT number FROM documents WHERE project=? AND parent=subset.value AND type='version'"
                  "{} ORDER BY number DESC LIMIT 1")
        # The newest is the higher of the newest work in progress and the newest approved: never a
        # rejected version (approved=-1, followed by no policy), and both straight from one index.
        wip, approved = newest.format(" AND approved=0"), newest.format(" AND approved=1")
        sql = (f"WITH heads AS {_MATERIALIZED}(SELECT subset.value AS value, ({wip}) AS wip, "
               f"({approved}) AS approved FROM json_each(?) AS subset) "
               "SELECT value, NULLIF(MAX(COALESCE(wip, 0), COALESCE(approved, 0)), 0), approved FROM heads")
        try:
            rows = self._conn.execute(sql, (project, project, json.dumps([str(i) for i in subset_ids])))
            return [(ObjectId(subset), top, approved) for subset, top, approved in rows if top is not None]
        except sqlite3.Error as error:
            raise DatabaseError(f"embedded database {self.path}: {error}") from error
