"""Following approvals: 2,000 containers over 500 subsets among 100,000 versions, checked every 20 s.

Embedded store, headless .nk host, the watcher stepped on a fake clock. Figures (medians of
``--repeats`` runs):

* a quiet check (nothing approved since the last one): round trips and time, split into the
  UI-thread part (guards only: the script is read when a subset moved, a Read was made, or
  every 15th check) and the database part;
* the check that reads the script (the first one, and every 15th): the same figures;
* a check after one approval (that subset's Reads resolved and switched): round trips and time;
* the baseline in the same run: checking by resolving every container (``inventory.ls``, what
  an on-load style poll would do), and the ratio;
* growth: the quiet check with a tenth of the containers;
* a quiet check when a tenth of the Reads are pinned below their subset's heads (one more query,
  by id, asks whether those versions were rejected: that moves no head);
* 200 open sessions polling: each its own connection and watcher, one quiet check each, timed
  together; the database time they cost per second of wall clock at the interval;
* the MongoDB backend (mongomock, a smaller project: it is slow in-process): round trips only.

    python3 -m benchmarks.bench_approvals [--containers 2000] [--subsets 500] [--versions 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from avalon_nuke.db import RepresentationSpec
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.approval_watch import DEFAULT_INTERVAL, ApprovalWatcher, WatchOptions
from benchmarks.bench_containers import build, comp


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def watcher_for(path: Path, clock: Clock) -> tuple[ApprovalWatcher, list[SQLiteRepository]]:
    opened: list[SQLiteRepository] = []

    def open_repository() -> SQLiteRepository:
        opened.append(SQLiteRepository(path))
        return opened[-1]

    return ApprovalWatcher("bench", open_repository, options=WatchOptions(), clock=clock), opened


def timed_check(watcher: ApprovalWatcher, clock: Clock, host, repos) -> tuple[int, float, float, float]:
    """(round trips, UI-thread seconds, database seconds, total seconds) of one due check, to its end.

    A quiet check that sees a subset move is followed at once by one that reads the script,
    as the Nuke thread does: both count.
    """
    clock.now += DEFAULT_INTERVAL
    before = sum(r.round_trips for r in repos)
    ui = database = 0.0
    started = time.perf_counter()
    for _ in range(2):
        began = time.perf_counter()
        check = watcher.prepare(host)
        prepared = time.perf_counter()
        if check is None:
            ui += prepared - began
            break
        outcome = watcher.run(check)
        ran = time.perf_counter()
        watcher.deliver(host, outcome)
        done = time.perf_counter()
        ui, database = ui + (prepared - began) + (done - ran), database + (ran - prepared)
        if check.records is not None or not watcher.due():
            break
    return sum(r.round_trips for r in repos) - before, ui, database, time.perf_counter() - started


def median_of(runs: int, measure: Callable[[], tuple]) -> tuple:
    samples = [measure() for _ in range(runs)]
    return tuple(statistics.median(column) for column in zip(*samples, strict=True))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--containers", type=int, default=2000)
    parser.add_argument("--subsets", type=int, default=500)
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        repo = SQLiteRepository(path)
        started = time.perf_counter()
        firsts = build(repo, args.subsets, args.versions)
        print(f"{args.versions} versions over {args.subsets} subsets built in {time.perf_counter() - started:.1f} s "
              f"(a 2-core machine shared with other work: compare ratios, not absolute times)")
        host = comp(firsts, args.containers)
        inventory.update(host, repo, "bench")  # the script as on-load resolution leaves it

        clock = Clock()
        watcher, opened = watcher_for(path, clock)
        first = timed_check(watcher, clock, host, opened)
        quiet = median_of(args.repeats, lambda: timed_check(watcher, clock, host, opened))

        def reading() -> tuple:
            watcher.touch()  # what a new Read, or every 15th check, asks for
            return timed_check(watcher, clock, host, opened)

        read = median_of(args.repeats, reading)

        def after_approval() -> tuple:
            subset = firsts[0][0]
            version, _reps = repo.publish_version(
                "bench", subset["_id"], {"approved": False, "frameStart": 1001, "frameEnd": 1100},
                lambda n: [RepresentationSpec("exr", f"/projects/bench/{subset['name']}/v{n:03d}/x.####.exr")])
            repo.set_approval("bench", version["_id"], True, user="bench")
            return timed_check(watcher, clock, host, opened)

        approved = median_of(min(args.repeats, 5), after_approval)

        def baseline() -> tuple:
            repo.round_trips = 0
            began = time.perf_counter()
            inventory.ls(host, repo, "bench")
            return repo.round_trips, time.perf_counter() - began

        base_trips, base_time = median_of(args.repeats, baseline)

        small_host = comp(firsts, args.containers // 10)
        inventory.update(small_host, repo, "bench")
        small_clock = Clock()
        small, small_opened = watcher_for(path, small_clock)
        timed_check(small, small_clock, small_host, small_opened)
        small_quiet = median_of(args.repeats, lambda: timed_check(small, small_clock, small_host, small_opened))

        pinned_host = comp(firsts, args.containers)
        inventory.update(pinned_host, repo, "bench")
        for container in inventory.ls(pinned_host, repo, "bench")[::10]:
            inventory.set_version(pinned_host, repo, "bench", container, 1)  # v001: below the heads
        pinned_clock = Clock()
        pinned, pinned_opened = watcher_for(path, pinned_clock)
        timed_check(pinned, pinned_clock, pinned_host, pinned_opened)
        pinned_quiet = median_of(args.repeats, lambda: timed_check(pinned, pinned_clock, pinned_host, pinned_opened))

        print(f"{args.containers} containers, a check every {DEFAULT_INTERVAL:g} s")
        print(f"  first check (learns the subsets)  : {first[0]:>3} round trips {ms(first[3])}")
        print(f"  quiet check                       : {quiet[0]:>3.0f} round trips {ms(quiet[3])} "
              f"(UI thread {ms(quiet[1]).strip()}, database {ms(quiet[2]).strip()})")
        print(f"  check reading the script (1 in 15): {read[0]:>3.0f} round trips {ms(read[3])} "
              f"(UI thread {ms(read[1]).strip()}, database {ms(read[2]).strip()})")
        print(f"  check after one approval          : {approved[0]:>3.0f} round trips {ms(approved[3])} "
              f"(switches {args.containers // args.subsets} Reads; UI thread {ms(approved[1]).strip()})")
        print(f"  quiet check, 1 Read in 10 pinned  : {pinned_quiet[0]:>3.0f} round trips {ms(pinned_quiet[3])} "
              f"(database {ms(pinned_quiet[2]).strip()}; the second asks whether the pinned versions were rejected)")
        print(f"  baseline: resolve every container : {base_trips:>3.0f} round trips {ms(base_time)}")
        print(f"  quiet check vs baseline           : {base_time / quiet[3]:.1f}x faster, "
              f"{base_trips / quiet[0]:.0f}x fewer round trips; database part {base_time / quiet[2]:.1f}x less")
        print(f"  growth: {args.containers // 10} → {args.containers} containers: quiet check "
              f"{ms(small_quiet[3]).strip()} → {ms(quiet[3]).strip()} ({quiet[3] / small_quiet[3]:.1f}x for 10x), "
              f"round trips {small_quiet[0]:.0f} → {quiet[0]:.0f}")

        sessions(path, firsts, args)
        repo.close()
    mongomock_round_trips()


def sessions(path: Path, firsts, args) -> None:
    """Many open scripts polling one database: each its own connection and watcher."""
    host = comp(firsts, args.containers)
    clocks, watchers = [], []
    for _ in range(args.sessions):
        clock = Clock()
        watcher, opened = watcher_for(path, clock)
        timed_check(watcher, clock, host, opened)  # learned
        clocks.append(clock)
        watchers.append((watcher, opened))

    def all_once() -> tuple:
        trips = database = 0.0
        for clock, (watcher, opened) in zip(clocks, watchers, strict=True):
            counted, _ui, db, _total = timed_check(watcher, clock, host, opened)
            trips += counted
            database += db
        return trips, database

    trips, database = median_of(3, all_once)
    per_second = database / DEFAULT_INTERVAL
    print(f"{args.sessions} open sessions, each checking every {DEFAULT_INTERVAL:g} s:")
    print(f"  {trips / DEFAULT_INTERVAL:.1f} queries a second ({trips:.0f} per round of checks), "
          f"database time {ms(database).strip()} per round: {per_second * 100:.1f}% of one core")
    for watcher, _opened in watchers:
        watcher.close()


def mongomock_round_trips() -> None:
    try:
        import mongomock
    except ImportError:
        print("mongomock not installed: MongoDB round trips not measured")
        return
    from avalon_nuke.db.mongo_store import MongoRepository

    client = mongomock.MongoClient()
    repo = MongoRepository(None, "bench", client=client)
    firsts = build(repo, 100, 2_000)
    host = comp(firsts, 400)
    inventory.update(host, repo, "bench")
    clock = Clock()
    watcher = ApprovalWatcher("bench", lambda: MongoRepository(None, "bench", client=client), clock=clock)
    clock.now += DEFAULT_INTERVAL
    check = watcher.prepare(host)
    outcome = watcher.run(check)
    watcher.deliver(host, outcome)
    clock.now += DEFAULT_INTERVAL
    quiet = watcher.run(watcher.prepare(host))
    watcher.deliver(host, quiet)
    print(f"MongoDB backend (mongomock, 400 containers, 2,000 versions; no change streams there): "
          f"first check {outcome.round_trips} round trips, quiet check {quiet.round_trips}")
    heads = repo.version_heads("bench", [first[0]["_id"] for first in firsts])
    collection = client["bench"]["bench"]
    whole = collection.count_documents({"type": "version", "parent": {"$in": list(heads)}})
    above = collection.count_documents({"type": "version", "$or": [
        {"parent": s, "name": {"$gte": h.newest_approved}} if h.newest_approved is not None else {"parent": s}
        for s, h in heads.items()]})
    print(f"  versions a quiet poll reads on MongoDB: {above} (from each subset's newest approved one up), "
          f"not {whole} (the whole history): index ranges on (type, parent, name)")


if __name__ == "__main__":
    main()
