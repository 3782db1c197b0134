"""Sequence detection on 100,000 and 1,000,000 realistic render paths, against fileseq.

Run: ``python3 -m benchmarks.bench_sequences`` (``--sizes 100000 1000000``, ``--runs 3``).

Paths come from ``tests.support.render_paths``, folder by folder as ``find_sequences``
collects them (``--shuffled``: the whole list mixed, which measures the memory
hierarchy as much as the code: every path is then a cache miss, for fileseq too): many shots with AOVs, a version
in every name, four- and five-digit paddings, renders from frame 1, frames
crossing 999 -> 1000 padded and unpadded, ~1% holes, movies, slates and per-frame
data files mixed in. Targets: at 1M paths at least 3x faster than fileseq's
``findSequencesInList``, and x<=11 from 100k to 1M (linear in paths and
sequences). The results equal those of the clique-based grouping it replaced
(tests/core/test_sequences.py checks that against clique itself).
Only path strings are used: nothing touches the disk.
"""

from __future__ import annotations

import argparse
import sys

import fileseq

from avalon_nuke.sequences import assemble_paths
from benchmarks.timing import figure, median_time, verdict
from tests.support.render_paths import render_paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per method; the median counts (3)")
    parser.add_argument("--shuffled", action="store_true", help="mix the whole list (see above)")
    args = parser.parse_args()
    ours_times: dict[int, float] = {}
    ratios: dict[int, float] = {}
    for size in args.sizes:
        paths, expected = render_paths(size, shuffled=args.shuffled)
        ours, (sequences, singles) = median_time(lambda paths=paths: assemble_paths(paths), args.runs)
        assert len(sequences) == expected, (len(sequences), expected)
        assert sum(len(s) for s in sequences) + len(singles) == len(paths)
        single_count = len(singles)
        del sequences, singles  # each side runs with only the paths alive, none of the other's results
        baseline, found = median_time(lambda paths=paths: fileseq.findSequencesInList(paths), args.runs)
        result_count = len(found)
        del found, paths
        ours_times[size], ratios[size] = ours, baseline / ours
        print(f"{size:,} paths, {expected:,} sequences, {single_count:,} single files "
              f"(fileseq: {result_count:,} results)")
        print(figure(f"  assemble_paths, {size:,} paths", ours, "fileseq", baseline))
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
