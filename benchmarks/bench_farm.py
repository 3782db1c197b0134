"""Submit 50 Nuke jobs to the local farm through DeadlineClient; count requests and time them.

Target (docs/ARCHITECTURE.md): one HTTP request per job submitted, nothing sent twice.
The farm runs with no workers, so only the Web Service and its queue are measured.

    python3 -m benchmarks.bench_farm [--jobs 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import requests

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.local_farm.server import LocalFarm


def job_for(index: int) -> tuple[dict, dict]:
    shot = f"sh{index * 10:03d}"
    return nuke_job(
        name=f"{shot} comp v001", batch_name=shot, user="bench", comment="benchmark",
        frames="1001-1100", chunk_size=10, priority=50, pool="none", group="none",
        scene_file=f"/projects/bench/{shot}/publish/workfile/v001/{shot}_comp_v001.nk",
        write_node="Write1", nuke_version="15.1",
        output_directory=f"/projects/bench/{shot}/publish/render/v001",
        output_filename=f"{shot}_comp_v001.####.exr",
        environment={"AVALON_PROJECT": "bench", "AVALON_ASSET": shot},
        extra_info={"avalon_version_id": f"version-{index}", "avalon_subset": "compMain"},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=50)
    args = parser.parse_args()

    sent: list[str] = []
    session = requests.Session()
    session.hooks["response"].append(lambda response, *a, **k: sent.append(response.request.method))

    with tempfile.TemporaryDirectory(prefix="bench-farm-") as folder, \
            LocalFarm(Path(folder), port=0, workers=0) as farm:
        client = DeadlineClient(farm.url, session=session)
        client.ping()
        sent.clear()
        jobs = [job_for(index) for index in range(args.jobs)]

        started = time.perf_counter()
        ids = [client.submit(job_info, plugin_info)["_id"] for job_info, plugin_info in jobs]
        submit_seconds = time.perf_counter() - started
        submit_requests, submit_methods = len(sent), sorted(set(sent))

        sent.clear()
        started = time.perf_counter()
        listed = client.jobs(ids)
        list_seconds = time.perf_counter() - started
        started = time.perf_counter()
        found = client.find_jobs({"avalon_version_id": f"version-{args.jobs // 2}"})
        find_seconds = time.perf_counter() - started
        started = time.perf_counter()
        tasks = client.tasks(ids[0])
        tasks_seconds = time.perf_counter() - started
        read_requests = len(sent)

    per_job = submit_requests / args.jobs
    print(f"local farm, {args.jobs} Nuke jobs of 100 frames in chunks of 10 (10 tasks each), no workers")
    print(f"  submit: {submit_requests} requests ({per_job:.2f} per job; target 1.00 -> "
          f"{'met' if per_job == 1 else 'MISSED'}), methods {submit_methods}")
    print(f"  submit: {submit_seconds * 1000:.0f} ms total, {submit_seconds / args.jobs * 1000:.2f} ms per job")
    print(f"  read back {len(listed)} jobs by id in 1 request: {list_seconds * 1000:.1f} ms")
    print(f"  find_jobs by extra info over {args.jobs} jobs in 1 request: {find_seconds * 1000:.1f} ms "
          f"({len(found)} found)")
    print(f"  tasks of one job ({len(tasks)} tasks) in 1 request: {tasks_seconds * 1000:.1f} ms")
    print(f"  read requests: {read_requests} (expected 3)")
    ok = submit_requests == args.jobs and len(listed) == args.jobs and len(found) == 1 and read_requests == 3
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
