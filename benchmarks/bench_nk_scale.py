"""``.nk`` read+write at 5 MB and 50 MB: growth, peak memory, and nkparser as the baseline.

Run: ``python3 -m benchmarks.bench_nk_scale`` (``--sizes 5 50`` MB, ``--runs 3``,
``--nkparser-all`` to time nkparser at every size, not only the smallest).

Scripts come from ``tests.support.big_scripts`` (loaded Reads with container
records, animated Grades, Roto blobs, groups, clones, backdrops). Each run
writes the script to a temporary file, then times ``nk.load`` + ``nk.dump``
(an atomic write, fsync included). Targets: x<=11 from 5 MB to 50 MB, and a
peak of at most 4x the file size at the largest size (measured with
tracemalloc in a separate run: Python allocations from reading to written).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import tracemalloc
from pathlib import Path

from avalon_nuke import nk
from benchmarks.timing import figure, median_time, verdict
from tests.support.big_scripts import studio_script


def round_trip(source: Path, target: Path) -> None:
    nk.dump(nk.load(source), target)


def nkparser_round_trip(source: Path) -> str:
    import nkparser

    return nkparser.Script.from_string(source.read_text(encoding="utf-8", errors="replace")).to_nk()


def peak_ratio(source: Path, target: Path) -> float:
    tracemalloc.start()
    try:
        round_trip(source, target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / source.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 50], help="sizes in MB (5 50)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nkparser-all", action="store_true", help="time nkparser at every size")
    args = parser.parse_args()
    try:
        import nkparser  # noqa: F401
    except ImportError:
        have_nkparser = False
        print("nkparser is not installed: no baseline (pip install nkparser)")
    else:
        have_nkparser = True
    times: dict[float, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-nk-") as folder:
        for index, size in enumerate(sorted(args.sizes)):
            source, target = Path(folder, f"{size:g}MB.nk"), Path(folder, "written.nk")
            source.write_text(studio_script(int(size * 1e6)), encoding="utf-8")
            seconds, _ = median_time(lambda s=source, t=target: round_trip(s, t), args.runs)
            assert target.read_bytes() == source.read_bytes(), "written script differs from the read one"
            times[size] = seconds
            label = f"nk load+dump {size:g} MB"
            if have_nkparser and (index == 0 or args.nkparser_all):
                baseline, _ = median_time(lambda s=source: nkparser_round_trip(s), args.runs)
                print(figure(label, seconds, "nkparser", baseline))
            else:
                print(f"{label:44} {seconds:8.3f} s")
            os.unlink(target)
        largest = max(args.sizes)
        source = Path(folder, f"{largest:g}MB.nk")
        ratio = peak_ratio(source, Path(folder, "written.nk"))
    small, large = min(args.sizes), max(args.sizes)
    growth = times[large] / times[small]
    allowed = 1.1 * large / small
    print(f"growth {small:g} -> {large:g} MB: x{growth:.1f} for x{large / small:g} "
          f"(target <= x{allowed:g}: {verdict(growth <= allowed)})")
    print(f"peak memory at {large:g} MB: {ratio:.2f}x the file size (target <= 4x: {verdict(ratio <= 4)})")
    return 0 if growth <= allowed and ratio <= 4 else 1


if __name__ == "__main__":
    sys.exit(main())
