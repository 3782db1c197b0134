"""The Loader on a large project: selections never wait for the database on the UI thread.

The project has 1,000 assets (20,000 versions here to keep the suite quick;
listings are per selection and indexed, so the total barely matters; the full
100,000-version figures are in ``benchmarks/bench_loader.py``). Timings are
printed, not asserted: the check is that every database call ran on a worker.
"""

from __future__ import annotations

import threading
import time

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.tools import loader
from tests.support.big_project import build_big_project

pytestmark = pytest.mark.gui


class ThreadWatch:
    """Forwards to a repository and notes which thread made each call."""

    def __init__(self, repo) -> None:
        self._repo = repo
        self.ui_thread_calls: list[str] = []
        self.worker_calls: list[str] = []

    def __getattr__(self, name):
        attribute = getattr(self._repo, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            on_ui = threading.current_thread() is threading.main_thread()
            (self.ui_thread_calls if on_ui else self.worker_calls).append(name)
            return attribute(*args, **kwargs)
        return call


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "avalon.db"
    with SQLiteRepository(path) as repo:
        counts = build_big_project(repo, assets=1000, subsets_per_asset=2, versions_per_subset=10)
    assert counts == {"assets": 1000, "subsets": 2000, "versions": 20000}
    return path


def test_selections_hand_every_query_to_a_worker(qtbot, big_db):
    repo = ThreadWatch(SQLiteRepository(big_db))
    settings = Settings(project="big", asset="sh0500")
    window = loader.LoaderWindow(loader.make_context(settings, repo=repo, need_host=False))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.selected_asset() is not None)
    assert window.assets.rowCount() == 1000 and window.selected_asset()["name"] == "sh0500"
    handler_ms = {}

    def timed(name, action):
        start = time.perf_counter()
        action()
        handler_ms[name] = (time.perf_counter() - start) * 1000

    timed("select asset", lambda: window.select_asset("sh0999"))
    qtbot.waitUntil(lambda: [d["name"] for d in window.subsets.rows] == ["layer00", "layer01"])
    timed("select subset", lambda: window.select_subset("layer01"))
    qtbot.waitUntil(lambda: len(window.versions.rows) == 10)
    assert window.visible_versions() == [10, 9, 7, 6, 5, 3, 2, 1]  # every fourth is WIP, hidden
    timed("show WIP", lambda: window.show_wip.setChecked(True))
    assert window.visible_versions() == list(range(10, 0, -1))
    timed("search", lambda: window.search.setText("sh09"))
    assert window.asset_proxy.rowCount() == 100
    qtbot.waitUntil(lambda: not window.database.busy)
    repo._repo.close()
    print("UI-thread handler times (ms):", {k: round(v, 1) for k, v in handler_ms.items()})
    assert repo.ui_thread_calls == []
    assert {"projects", "assets", "subsets", "versions", "representations"} <= set(repo.worker_calls)
