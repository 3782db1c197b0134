"""Newest approved version of 2,000 subsets among 100,000 versions, embedded store.

Baseline: one query per subset (what a per-container loop does). Prints round
trips and wall time for both and the ratio. Target: 1-2 round trips.

    python3 -m benchmarks.bench_database [--versions 100000] [--subsets 2000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from avalon_nuke.db.documents import new_asset, new_subset, new_version
from avalon_nuke.db.sqlite_store import SQLiteRepository


def build(repo: SQLiteRepository, total_versions: int, subsets: int) -> list:
    repo.create_project("bench", root="/projects")
    asset = new_asset(repo.project("bench")["_id"], "sh010")
    subset_docs = [new_subset(asset["_id"], f"layer{i:05d}", "render") for i in range(subsets)]
    repo.import_documents("bench", [asset, *subset_docs])
    rng = random.Random(7)
    per_subset = total_versions // subsets
    batch = []
    for subset in subset_docs:
        for number in range(1, per_subset + 1):
            batch.append(new_version(subset["_id"], number, {"approved": rng.random() < 0.6}))
        if len(batch) >= 20000:
            repo.import_documents("bench", batch)
            batch = []
    if batch:
        repo.import_documents("bench", batch)
    return [s["_id"] for s in subset_docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--subsets", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        repo = SQLiteRepository(Path(folder) / "bench.db")
        started = time.perf_counter()
        subset_ids = build(repo, args.versions, args.subsets)
        print(f"built {args.versions} versions over {args.subsets} subsets in {time.perf_counter() - started:.1f} s")

        repo.round_trips = 0
        started = time.perf_counter()
        batched = repo.newest_versions("bench", subset_ids, approved_only=True)
        batched_time = time.perf_counter() - started
        batched_trips = repo.round_trips

        repo.round_trips = 0
        started = time.perf_counter()
        naive = {}
        for subset_id in subset_ids:
            approved = repo.versions("bench", subset_id, include_wip=False)
            if approved:
                naive[subset_id] = approved[0]
        naive_time = time.perf_counter() - started
        naive_trips = repo.round_trips
        assert {k: v["_id"] for k, v in naive.items()} == {k: v["_id"] for k, v in batched.items()}

        print(f"newest approved of {len(subset_ids)} subsets (target: 1-2 round trips)")
        print(f"  batched     : {batched_trips:>5} round trips  {batched_time * 1000:8.1f} ms")
        print(f"  per subset  : {naive_trips:>5} round trips  {naive_time * 1000:8.1f} ms (baseline)")
        print(f"  ratio       : {naive_time / batched_time:.1f}x faster, {naive_trips // batched_trips}x fewer trips")
        repo.close()


if __name__ == "__main__":
    main()
