"""Publish a comp with 50 render instances to the local farm; count HTTP requests, time the steps.

Target (docs/ARCHITECTURE.md): one HTTP request per job submitted (plus one ping), nothing sent
twice. The farm runs with no workers, so only publishing and submission are measured:
versions in the embedded database, 50 published copies written, 50 jobs posted.

    python3 -m benchmarks.bench_submit [--instances 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

from avalon_nuke import nk
from avalon_nuke.config import Settings
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.pipeline.creator import mark_write
from avalon_nuke.publish.script_publish import PublishRun
from avalon_nuke.publish.shared_data import PublishOptions


def comp(root: Path, instances: int) -> NkFileHost:
    work = root / "bench" / "sh010" / "work" / "nuke"
    work.mkdir(parents=True)
    path = work / "sh010_v001.nk"
    nodes = [f"Read {{\n inputs 0\n file {root.as_posix()}/bench/sh010/plates/p.####.exr\n name Read1\n}}\n"]
    nodes += [f"Grade {{\n white {1 + i / 100}\n name Grade{i}\n}}\nWrite {{\n file out{i}.####.exr\n"
              f" file_type exr\n name Write{i}\n}}\n" for i in range(1, instances + 1)]
    text = (f"#! nuke -nx\nversion 15.1 v1\nRoot {{\n inputs 0\n name {path.as_posix()}\n first_frame 1001\n"
            " last_frame 1100\n}\n" + "".join(nodes))
    host = NkFileHost(nk.loads(text), path)
    for i in range(1, instances + 1):
        mark_write(host, f"Write{i}", family="render", asset="sh010", subset=f"comp{i:02d}", project="bench")
    host.save(backup=False)
    return host


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=50)
    args = parser.parse_args()

    sent: list[str] = []
    session = requests.Session()
    session.hooks["response"].append(lambda response, *a, **k: sent.append(response.request.method))

    with tempfile.TemporaryDirectory(prefix="bench-submit-") as folder, \
            LocalFarm(Path(folder) / "farm", port=0, workers=0) as farm:
        root = Path(folder) / "projects"
        repo = SQLiteRepository(Path(folder) / "avalon.db")
        repo.create_project("bench", root=str(root))
        repo.create_asset("bench", "sh010", {"frameStart": 1001, "frameEnd": 1100})
        settings = Settings(db_path=Path(folder) / "avalon.db", projects_root=root, project="bench",
                            asset="sh010", deadline_url=farm.url)
        host = comp(root, args.instances)
        client = DeadlineClient(farm.url, session=session)
        repo.round_trips = 0

        run = PublishRun(host, repo, settings, client, options=PublishOptions())
        per_step: dict[str, float] = defaultdict(float)
        started = time.perf_counter()
        for step in run.steps():
            per_step[step["plugin"].label] += step["duration"] / 1000
        seconds = time.perf_counter() - started
        result = run.result
        jobs = len(DeadlineClient(farm.url).find_jobs({}))
        round_trips = repo.round_trips
        repo.close()

    if not result.ok:
        print(f"publish failed: {result.message}")
        return 1
    methods = Counter(sent)
    posts = methods["POST"]
    print(f"published {len(result.instances)} instances -> {jobs} farm jobs in {seconds:.2f} s "
          f"({seconds / len(result.instances) * 1000:.1f} ms per instance)")
    print(f"HTTP requests: {len(sent)} ({', '.join(f'{m} {n}' for m, n in sorted(methods.items()))}); "
          f"POST per job {posts / jobs:.2f} (target 1.00), requests per job {len(sent) / jobs:.2f} "
          f"(target {1 + 1 / jobs:.2f}: the jobs plus one ping)")
    print(f"database round trips: {round_trips} ({round_trips / len(result.instances):.1f} per instance)")
    print("slowest steps:")
    for label, spent in sorted(per_step.items(), key=lambda item: -item[1])[:5]:
        print(f"  {label:<32} {spent:.2f} s")
    return 0 if posts == jobs == args.instances else 1


if __name__ == "__main__":
    sys.exit(main())
