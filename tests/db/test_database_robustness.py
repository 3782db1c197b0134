"""Concurrency and failure behaviour of the database layer."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.db import RepresentationSpec, open_database
from avalon_nuke.db.mongo_store import MongoRepository
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.errors import DatabaseError

PUBLISHERS, PUBLISHES_EACH = 8, 20


def _publisher(db_path: str, subset_id: str, count: int, queue) -> None:
    from bson import ObjectId

    repo = SQLiteRepository(db_path)
    numbers = []
    for _ in range(count):
        version, _ = repo.publish_version("demo", ObjectId(subset_id), {"approved": False},
                                          [RepresentationSpec("exr", "/p/x.####.exr")])
        numbers.append(version["name"])
    queue.put(numbers)


def test_concurrent_publishers_get_distinct_version_numbers(tmp_path):
    db_path = tmp_path / "avalon.db"
    repo = SQLiteRepository(db_path)
    repo.create_project("demo", root=str(tmp_path))
    asset = repo.create_asset("demo", "sh010")
    subset = repo.ensure_subset("demo", asset["_id"], "lightingMain", "render")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    arguments = (str(db_path), str(subset["_id"]), PUBLISHES_EACH, queue)
    workers = [context.Process(target=_publisher, args=arguments) for _ in range(PUBLISHERS)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers = sorted(n for result in results for n in result)
    assert numbers == list(range(1, PUBLISHERS * PUBLISHES_EACH + 1))
    assert len(repo.versions("demo", subset["_id"])) == 160


def test_mongo_numbering_retries_when_a_number_is_taken(monkeypatch):
    mongomock = pytest.importorskip("mongomock")
    repo = MongoRepository(None, "avalon", client=mongomock.MongoClient())
    repo.create_project("demo", root="/projects")
    asset = repo.create_asset("demo", "sh010")
    subset = repo.ensure_subset("demo", asset["_id"], "lightingMain", "render")
    first, _ = repo.publish_version("demo", subset["_id"], {"approved": False}, [])
    # A rival publisher read the same "newest" before we inserted: simulate by hiding v1.
    real_find_one = repo._collection("demo").find_one
    calls = {"n": 0}

    def stale_find_one(query, *args, **kwargs):
        if query.get("type") == "version" and kwargs.get("sort") and calls["n"] == 0:
            calls["n"] += 1
            return None
        return real_find_one(query, *args, **kwargs)

    monkeypatch.setattr(repo._collection("demo"), "find_one", stale_find_one)
    second, _ = repo.publish_version("demo", subset["_id"], {"approved": False}, [])
    assert (first["name"], second["name"]) == (1, 2)


def test_unreachable_mongodb_fails_fast_without_password():
    settings = Settings(mongo_uri="mongodb://pipeline:hunter2@127.0.0.1:1/?serverSelectionTimeoutMS=500")
    repo = open_database(settings)
    started = time.monotonic()
    with pytest.raises(DatabaseError) as caught:
        repo.project("demo")
    assert time.monotonic() - started < 10
    assert "hunter2" not in str(caught.value)
    assert "MongoDB" in str(caught.value)


def test_importing_the_package_touches_no_database(tmp_path):
    code = ("import avalon_nuke, avalon_nuke.db, avalon_nuke.cli, avalon_nuke.db.sqlite_store,"
            " avalon_nuke.db.mongo_store; import sys; print(sorted(m for m in sys.modules if m == 'nuke'))")
    env = {"AVALON_DB_PATH": str(tmp_path / "never.db"), "AVALON_MONGO": "mongodb://127.0.0.1:1",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert not (tmp_path / "never.db").exists()
