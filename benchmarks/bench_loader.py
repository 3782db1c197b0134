"""Loader responsiveness on 1,000 assets and 100,000 versions (embedded store, offscreen Qt).

Budget: the UI thread never blocked for more than ~100 ms. Measures, for 20
random asset → subset selections: the time the selection handler holds the UI
thread, the time until the rows are shown (done on a worker), and the longest
gap of a 5 ms heartbeat timer (the longest the UI could not repaint). Baseline:
the same listing done synchronously on the UI thread (what a naive window does),
and the Manager's refresh of 200 loaded renders (it runs on the UI thread).

    python3 -m benchmarks.bench_loader [--assets 1000] [--versions 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from Qt import QtCore, QtWidgets

from avalon_nuke import nk
from avalon_nuke.config import Settings
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import version_listing
from avalon_nuke.pipeline.loader import load
from avalon_nuke.tools import manager
from avalon_nuke.tools.loader import LoaderWindow, make_context
from tests.support.big_project import build_big_project

BUDGET_MS = 100.0


class Heartbeat:
    """A 5 ms timer; the longest gap between its ticks is the longest UI stall."""

    def __init__(self) -> None:
        self.timer = QtCore.QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()


def wait_for(app: QtWidgets.QApplication, condition, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the window did not show the rows in time")
        app.processEvents(QtCore.QEventLoop.AllEvents, 5)
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--selections", type=int, default=20)
    args = parser.parse_args()
    subsets_per_asset = 4
    per_subset = max(1, args.versions // (args.assets * subsets_per_asset))
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        repo = SQLiteRepository(Path(folder) / "avalon.db")
        # the windows remember their layout: here, never in the user's own settings
        QtCore.QSettings.setPath(QtCore.QSettings.IniFormat, QtCore.QSettings.UserScope, folder)
        start = time.perf_counter()
        counts = build_big_project(repo, assets=args.assets, subsets_per_asset=subsets_per_asset,
                                   versions_per_subset=per_subset)
        print(f"built {counts} in {time.perf_counter() - start:.1f} s")

        heartbeat = Heartbeat()
        heartbeat.start()
        opened = time.perf_counter()
        window = LoaderWindow(make_context(Settings(project="big"), repo=repo, need_host=False))
        window.show()
        wait_for(app, lambda: window.assets.rowCount() == counts["assets"])
        print(f"open window → {counts['assets']} assets listed: {ms(time.perf_counter() - opened)}, "
              f"longest UI stall {ms(heartbeat.longest)}")

        rng = random.Random(3)
        handler, shown, stalls = [], [], []
        for _ in range(args.selections):
            asset = f"sh{rng.randrange(args.assets):04d}"
            subset = f"layer{rng.randrange(subsets_per_asset):02d}"
            heartbeat.start()
            began = time.perf_counter()
            window.select_asset(asset)
            handler.append(time.perf_counter() - began)
            wait_for(app, lambda: len(window.subsets.rows) == subsets_per_asset)
            began = time.perf_counter()
            window.select_subset(subset)
            handler.append(time.perf_counter() - began)
            wait_for(app, lambda: len(window.versions.rows) == per_subset)
            shown.append(time.perf_counter() - began)
            wait_for(app, lambda: not window.database.busy and not window.disk.busy)
            stalls.append(heartbeat.longest)
        print(f"selection handlers on the UI thread: median {ms(statistics.median(handler))}, "
              f"max {ms(max(handler))}")
        print(f"subset selected → versions shown:      median {ms(statistics.median(shown))}, max {ms(max(shown))}")
        print(f"longest UI stall per asset→subset walk: median {ms(statistics.median(stalls))}, "
              f"max {ms(max(stalls))}  (budget {BUDGET_MS:.0f} ms: {max(stalls) * 1000 / BUDGET_MS:.2f}x)")

        began = time.perf_counter()
        window.search.setText("sh09")
        print(f"search filter over {counts['assets']} assets:          {ms(time.perf_counter() - began)}")
        window.close()

        subset = repo.subset("big", repo.asset("big", "sh0001")["_id"], "layer01")
        began = time.perf_counter()
        version_listing.subset_versions(repo, "big", subset, "sh0001")
        print(f"one subset's listing if done on the UI thread: {ms(time.perf_counter() - began)} "
              f"(the window does it on a worker instead)")
        began = time.perf_counter()
        subset_ids = [s["_id"] for a in repo.assets("big") for s in repo.subsets("big", a["_id"])]
        everything = repo.versions_of_subsets("big", subset_ids)
        eager = time.perf_counter() - began
        print(f"baseline, eager loader reading all {len(everything)} versions up front: {ms(eager)} "
              f"({eager / BUDGET_MS * 1000:.1f}x the budget; lazy listing per selection avoids it)")
        del everything

        host = NkFileHost(nk.loads("#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n"))
        for index in range(200):
            load(host, repo, "big", asset=f"sh{index:04d}", subset="layer00", version=1)
        began = time.perf_counter()
        inventory_window = manager.ManagerWindow(make_context(Settings(project="big"), repo=repo, host=host))
        print(f"Manager listing 200 loaded renders (UI thread): {ms(time.perf_counter() - began)}, "
              f"{len(inventory_window.containers)} rows")
        began = time.perf_counter()
        inventory_window.update_all()
        print(f"Manager update all of 200 (UI thread, one undo step): {ms(time.perf_counter() - began)}")
        inventory_window.close()
        repo.close()


if __name__ == "__main__":
    main()
