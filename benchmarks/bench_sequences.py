"""Sequence detection on 100,000 and 1,000,000 realistic render paths, against fileseq.

Run: ``python3 -m benchmarks.bench_sequences`` (``--sizes 100000 1000000``, ``--rounds 5``).

Paths come from ``tests.support.render_paths``, folder by folder as ``find_sequences``
collects them (``--shuffled``: the whole list mixed, which measures the memory
hierarchy as much as the code: every path is then a cache miss, for fileseq too): many shots with AOVs, a version
in every name, four- and five-digit paddings, renders from frame 1, frames
crossing 999 -> 1000 padded and unpadded, ~1% holes, movies, slates and per-frame
data files mixed in. Targets: at 1M paths at least 3x faster than fileseq's
``findSequencesInList``, and x<=11 from 100k to 1M (linear in paths and
sequences). The results equal those of the clique-based grouping it replaced
(tests/core/test_sequences.py checks that against clique itself).

Only path strings are used: nothing touches the disk. Each figure is timed in a
process of its own, with only its paths alive: the median of at least ``--runs``
calls, more while they total under ``--min-seconds``, each call with the collector
in its default state when it starts; generating the paths is never timed. Ours is
timed in ``--rounds`` processes per size, the sizes taking turns, and the median of
those processes counts. One process's median at 100k paths moved by a fifth from
one process to the next (0.080-0.121 s in five processes in a row, the hash seed
fixed), while 1M moved by 6%: a growth figure from one process of each size was
one draw of that spread, and taking turns puts a neighbour's burst on both sizes.
fileseq, 15 times slower, is timed in one process per size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path

from benchmarks.timing import figure, median_time, verdict

_ROOT = Path(__file__).resolve().parent.parent


def time_one(size: int, method: str, shuffled: bool, runs: int, min_seconds: float) -> dict[str, float]:
    """One method on one size, in this process: its median and what it found."""
    import fileseq

    from avalon_nuke.sequences import assemble_paths
    from tests.support.render_paths import render_paths

    paths, expected = render_paths(size, shuffled=shuffled)
    if method == "fileseq":
        seconds, found = median_time(partial(fileseq.findSequencesInList, paths), runs, min_seconds)
        return {"seconds": seconds, "results": len(found)}
    seconds, (sequences, singles) = median_time(partial(assemble_paths, paths), runs, min_seconds)
    assert len(sequences) == expected, (len(sequences), expected)
    assert sum(len(s) for s in sequences) + len(singles) == len(paths)
    return {"seconds": seconds, "sequences": len(sequences), "singles": len(singles)}


def _in_fresh_process(size: int, method: str, args: argparse.Namespace) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.bench_sequences", "--one", method, "--sizes", str(size),
               "--runs", str(args.runs), "--min-seconds", str(args.min_seconds)]
    if args.shuffled:
        command.append("--shuffled")
    output = subprocess.run(command, cwd=_ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="calls per process at least; their median counts (3)")
    parser.add_argument("--min-seconds", type=float, default=3.0,
                        help="more calls while a process's calls total less (3.0)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="processes per size for ours, the sizes taking turns (5)")
    parser.add_argument("--shuffled", action="store_true", help="mix the whole list (see above)")
    parser.add_argument("--one", choices=("ours", "fileseq"), help=argparse.SUPPRESS)  # a child's job
    args = parser.parse_args()
    if args.one:
        print(json.dumps(time_one(args.sizes[0], args.one, args.shuffled, args.runs, args.min_seconds)))
        return 0
    rounds: dict[int, list[dict[str, float]]] = {size: [] for size in args.sizes}
    for _ in range(args.rounds):
        for size in args.sizes:
            rounds[size].append(_in_fresh_process(size, "ours", args))
    ours_times: dict[int, float] = {}
    ratios: dict[int, float] = {}
    for size in args.sizes:
        times = [one["seconds"] for one in rounds[size]]
        ours_times[size] = statistics.median(times)
        baseline = _in_fresh_process(size, "fileseq", args)
        ratios[size] = baseline["seconds"] / ours_times[size]
        print(f"{size:,} paths, {rounds[size][0]['sequences']:,} sequences, {rounds[size][0]['singles']:,} "
              f"single files (fileseq: {baseline['results']:,} results); ours in {len(times)} processes: "
              + " ".join(f"{t:.3f}" for t in times))
        print(figure(f"  assemble_paths, {size:,} paths", ours_times[size], "fileseq", baseline["seconds"]))
    failed = False
    if len(args.sizes) >= 2:
        small, large = min(args.sizes), max(args.sizes)
        growth = ours_times[large] / ours_times[small]
        linear = growth <= 11 * large / small / 10
        print(f"growth {small:,} -> {large:,} paths: x{growth:.1f} for x{large / small:.0f} "
              f"(target <= x{11 * large / small / 10:.0f}: {verdict(linear)})")
        failed |= not linear
    largest = max(args.sizes)
    fast = ratios[largest] >= 3
    print(f"target at {largest:,} paths: >= 3x faster than fileseq -> {ratios[largest]:.1f}x ({verdict(fast)})")
    return 0 if fast and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
