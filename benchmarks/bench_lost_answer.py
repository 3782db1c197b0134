"""A lost submission answer on a 50,000-job farm: find the job by id time vs reading every job.

The farm holds 50,000 Nuke jobs made over the last 60 days (job documents of
Deadline's size, about 3 KB each) plus the one just submitted whose answer was
"lost". The lookup (:meth:`DeadlineClient.find_recent_jobs`) asks for the ids
alone, keeps those made since the submission was sent, and reads only those; the
baseline is the full listing (:meth:`DeadlineClient.find_jobs`). Both run against
the same farm in the same run; the lookup is repeated and its median reported.

Target (issue 10): the lookup takes at most 4 requests and under 5 MB.

    python3 -m benchmarks.bench_lost_answer [--jobs 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.local_farm.queue import FarmQueue
from avalon_nuke.local_farm.server import QUEUE_FILE, LocalFarm

KEY = "AvalonVersionId"
DAYS = 60


def job(index: int, version_id: str | None = None) -> tuple[dict, dict]:
    shot = f"sh{index % 500 * 10:04d}"
    return nuke_job(
        name=f"{shot} compMain v{index % 40 + 1:03d}", batch_name=f"{shot}_comp_v{index % 40 + 1:03d}.nk",
        user=f"artist{index % 30}", comment="", frames="1001-1100", chunk_size=10, priority=50,
        pool="nuke", group="comp", limit_groups=["nuke_render"], machine_name=f"ws-{index % 30:02d}",
        scene_file=f"/projects/bench/{shot}/publish/workfile/compMain/v001/{shot}_comp_v001.nk",
        write_node="AvalonWrite_compMain.Write1", nuke_version="15.1",
        output_directory=f"/projects/bench/{shot}/publish/render/compMain/v001",
        output_filename=f"{shot}_compMain_v001.####.exr",
        environment={"AVALON_PROJECT": "bench", "AVALON_ASSET": shot, "AVALON_SUBSET": "compMain"},
        extra_info={KEY: version_id or f"version-{index}", "AvalonProject": "bench", "AvalonSubset": "compMain"},
    )


def fill(data: Path, count: int) -> float:
    """*count* jobs made evenly over the last DAYS days, up to ten minutes ago; returns seconds taken."""
    started = time.perf_counter()
    end = time.time() - 600
    step = DAYS * 86400 / count
    made = [end - DAYS * 86400]
    queue = FarmQueue(data / QUEUE_FILE, clock=lambda: made[0], durable=False)
    chunks = [[frame] for frame in range(1001, 1101, 10)]  # 10 tasks, as a 100-frame job in chunks of 10
    for index in range(count):
        made[0] += step
        job_info, plugin_info = job(index)
        queue.add_job(job_info, plugin_info, [], chunks, priority=50)
    queue.close()
    return time.perf_counter() - started


class Meter:
    """Requests and answer bytes seen by a requests session."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.hooks["response"].append(self._count)
        self.requests = 0
        self.bytes = 0

    def _count(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        self.requests += 1
        self.bytes += len(response.content)

    def reset(self) -> None:
        self.requests = self.bytes = 0


def measure(meter: Meter, call) -> tuple[float, int, int, list]:
    meter.reset()
    started = time.perf_counter()
    found = call()
    return time.perf_counter() - started, meter.requests, meter.bytes, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="lookups to take the median of")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-lost-answer-") as folder:
        data = Path(folder) / "farm"
        data.mkdir()
        fill_seconds = fill(data, args.jobs)
        with LocalFarm(data, port=0, workers=0) as farm:
            meter = Meter()
            client = DeadlineClient(farm.url, session=meter.session, timeout=(3.05, 600))
            sent = datetime.now(timezone.utc)
            job_info, plugin_info = job(args.jobs, "the-lost-one")
            ours = client.submit(job_info, plugin_info)["_id"]  # its answer is what got lost

            lookups = [measure(meter, lambda: client.find_recent_jobs({KEY: "the-lost-one"}, since=sent))
                       for _ in range(args.repeat)]
            full_seconds, full_requests, full_bytes, full_found = measure(
                meter, lambda: client.find_jobs({KEY: "the-lost-one"}))
            client.close()
            meter.session.close()

    seconds = statistics.median(lookup[0] for lookup in lookups)
    _, requests_made, answer_bytes, found = lookups[-1]
    ok = [j["_id"] for j in found] == [ours] == [j["_id"] for j in full_found]
    met = requests_made <= 4 and answer_bytes < 5_000_000
    print(f"local farm with {args.jobs + 1:,} jobs over {DAYS} days (filled in {fill_seconds:.0f} s); "
          "one submission's answer lost; machine shared and loaded")
    print(f"  lookup by id time: {requests_made} requests, {answer_bytes / 1e6:.2f} MB, "
          f"{seconds * 1000:.0f} ms (median of {args.repeat})")
    print(f"  full listing:      {full_requests} request, {full_bytes / 1e6:.1f} MB, {full_seconds:.1f} s (one run)")
    print(f"  lookup vs listing: {full_bytes / max(answer_bytes, 1):.0f}x fewer bytes, "
          f"{full_seconds / max(seconds, 1e-9):.0f}x faster; target <= 4 requests and < 5 MB -> "
          f"{'met' if met else 'MISSED'}; found the job: {'yes' if ok else 'NO'}")
    return 0 if met and ok else 1


if __name__ == "__main__":
    sys.exit(main())
