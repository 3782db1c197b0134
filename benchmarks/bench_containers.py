"""Resolving and updating 2,000 containers over 500 subsets among 100,000 versions.

Embedded store, headless .nk host. Baseline in the same run: one lookup chain per
container (representation, version, newest approved, target representation), as
avalon-core's per-container update does. Target: constant round trips, >= 20x faster.

    python3 -m benchmarks.bench_containers [--containers 2000] [--subsets 500] [--versions 100000]

The embedded store answers in-process (tens of microseconds a query), which flatters the
per-container baseline. A second figure models a database across the network by adding
``--latency-ms`` (default 0.5, a MongoDB on a LAN) to every round trip counted.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from avalon_nuke import nk
from avalon_nuke.db.documents import new_asset, new_representation, new_subset, new_version
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerData

SCRIPT = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name /tmp/bench.nk\n}\n"


def build(repo: SQLiteRepository, subsets: int, versions: int) -> list[tuple[dict, dict, dict]]:
    """Publish the versions; return (subset, version 1, its representation) per subset."""
    repo.create_project("bench", root="/projects")
    asset = new_asset(repo.project("bench")["_id"], "sh010")
    subset_docs = [new_subset(asset["_id"], f"layer{i:04d}", "render") for i in range(subsets)]
    repo.import_documents("bench", [asset, *subset_docs])
    rng = random.Random(11)
    firsts, batch = [], []
    for subset in subset_docs:
        for number in range(1, versions // subsets + 1):
            version = new_version(subset["_id"], number, {"approved": number == 1 or rng.random() < 0.5,
                                                          "frameStart": 1001, "frameEnd": 1100})
            rep = new_representation(version["_id"], "exr", f"/projects/bench/{subset['name']}/v{number:03d}/"
                                                            f"{subset['name']}.####.exr")
            batch += [version, rep]
            if number == 1:
                firsts.append((subset, version, rep))
        if len(batch) >= 40_000:
            repo.import_documents("bench", batch)
            batch = []
    repo.import_documents("bench", batch)
    return firsts


def comp(firsts: list[tuple[dict, dict, dict]], containers: int) -> NkFileHost:
    host = NkFileHost(nk.loads(SCRIPT))
    for index in range(containers):
        subset, version, rep = firsts[index % len(firsts)]
        node = host.create_node("Read", f"read{index}", {"file": rep["data"]["path"], "first": 1001, "last": 1100})
        record = ContainerData(name=subset["name"], namespace=f"read{index}", loader="ReadLoader",
                               representation=str(rep["_id"]), version=str(version["_id"]), project="bench")
        host.add_string_knobs(node, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", record.to_json()),
                                                               ("avalon_status", "status", "")])
    return host


def per_container(host: NkFileHost, repo: SQLiteRepository) -> int:
    """The baseline: four lookups for every container, one after another."""
    from bson import ObjectId

    from avalon_nuke.pipeline.container_data import parse_container

    switched = 0
    for node in host.nodes_with_knob(DATA_KNOB):
        data = parse_container(host.knob(node, DATA_KNOB))
        rep = repo.documents("bench", [ObjectId(data.representation)])[ObjectId(data.representation)]
        version = repo.version("bench", rep["parent"])
        newest = repo.newest_versions("bench", [version["parent"]], approved_only=True)[version["parent"]]
        target = [r for r in repo.representations("bench", [newest["_id"]]) if r["name"] == rep["name"]]
        switched += bool(target) and target[0]["_id"] != rep["_id"]
    return switched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--containers", type=int, default=2000)
    parser.add_argument("--subsets", type=int, default=500)
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--latency-ms", type=float, default=0.5, help="modelled network time per round trip")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        repo = SQLiteRepository(Path(folder) / "bench.db")
        started = time.perf_counter()
        firsts = build(repo, args.subsets, args.versions)
        print(f"{args.versions} versions over {args.subsets} subsets built in {time.perf_counter() - started:.1f} s")

        host = comp(firsts, args.containers)
        repo.round_trips = 0
        started = time.perf_counter()
        baseline_switches = per_container(host, repo)
        baseline_time, baseline_trips = time.perf_counter() - started, repo.round_trips

        repo.round_trips = 0
        started = time.perf_counter()
        listed = inventory.ls(host, repo, "bench")
        ls_time, ls_trips = time.perf_counter() - started, repo.round_trips
        outdated = sum(c.needs_switch for c in listed)
        assert outdated == baseline_switches, (outdated, baseline_switches)

        repo.round_trips = 0
        started = time.perf_counter()
        updated = inventory.update(host, repo, "bench")
        update_time, update_trips = time.perf_counter() - started, repo.round_trips
        assert not any(c.needs_switch for c in inventory.ls(host, repo, "bench"))

        print(f"{args.containers} containers, {outdated} to switch")
        print(f"  ls (batched)        : {ls_trips:>5} round trips {ls_time * 1000:9.1f} ms")
        print(f"  update (batched)    : {update_trips:>5} round trips {update_time * 1000:9.1f} ms "
              f"(includes editing {len(updated)} nodes)")
        print(f"  per container (base): {baseline_trips:>5} round trips {baseline_time * 1000:9.1f} ms")
        print(f"  ls vs per-container : {baseline_time / ls_time:.1f}x faster in-process, "
              f"{baseline_trips // ls_trips}x fewer round trips")
        latency = args.latency_ms / 1000
        networked_ls = ls_time + ls_trips * latency
        networked_base = baseline_time + baseline_trips * latency
        print(f"  with {args.latency_ms} ms a round trip (modelled network database): ls {networked_ls * 1000:.0f} ms, "
              f"per container {networked_base * 1000:.0f} ms: {networked_base / networked_ls:.1f}x faster (target >= 20x)")
        repo.close()


if __name__ == "__main__":
    main()
