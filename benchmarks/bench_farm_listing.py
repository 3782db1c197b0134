"""The local farm lists jobs by id in time proportional to the ids asked for, not the queue.

Run: ``python3 -m benchmarks.bench_farm_listing`` (``--runs 5``).

``FarmQueue.jobs(ids)`` (what ``GET /api/jobs?JobID=...`` answers from): 500 ids
out of 2,000 and out of 20,000 queued jobs (target: x<=1.5 for a queue x10), and
250 vs 2,500 ids out of 20,000 (target: x<=11 for x10 ids).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from avalon_nuke.local_farm.queue import FarmQueue
from benchmarks.timing import median_time, verdict


def fill(queue: FarmQueue, count: int) -> list[str]:
    return [queue.add_job({"Plugin": "Nuke", "Name": f"job {index}"}, {"SceneFile": "/a.nk"}, [],
                          [[1, 2], [3, 4]], priority=50) for index in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="bench-listing-") as folder:
        small = FarmQueue(Path(folder) / "small.sqlite3")
        large = FarmQueue(Path(folder) / "large.sqlite3")
        small_ids, large_ids = fill(small, 2_000), fill(large, 20_000)
        asked_small, asked_large = rng.sample(small_ids, 500), rng.sample(large_ids, 500)
        in_small, _ = median_time(lambda: small.jobs(asked_small), args.runs)
        in_large, found = median_time(lambda: large.jobs(asked_large), args.runs)
        assert len(found) == 500
        queue_growth = in_large / in_small
        few, _ = median_time(lambda: large.jobs(asked_large[:250]), args.runs)
        many_ids = rng.sample(large_ids, 2_500)
        many, found = median_time(lambda: large.jobs(many_ids), args.runs)
        assert len(found) == 2_500
        id_growth = many / few
        small.close()
        large.close()
    print(f"{'500 ids of 2,000 / of 20,000 queued jobs':44} {in_small * 1000:8.1f} ms | {in_large * 1000:8.1f} ms"
          f" | x{queue_growth:.2f} for a queue x10 (target <= x1.5: {verdict(queue_growth <= 1.5)})")
    print(f"{'250 / 2,500 ids of 20,000 queued jobs':44} {few * 1000:8.1f} ms | {many * 1000:8.1f} ms"
          f" | x{id_growth:.1f} for x10 ids (target <= x11: {verdict(id_growth <= 11)})")
    return 0 if queue_growth <= 1.5 and id_growth <= 11 else 1


if __name__ == "__main__":
    sys.exit(main())
