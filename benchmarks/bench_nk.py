"""Read and write the whole .nk corpus with avalon_nuke.nk and with the PyPI nkparser.

    python3 -m benchmarks.bench_nk [--repeat N]

For each parser: how many of the 517 files come back byte-identical, and the time
to parse and serialise all of them (files are read into memory first, so disk
speed is not measured). Targets: 517/517 and at least 3x faster than nkparser.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.nk_corpus import corpus_files, corpus_folder

CORPUS = corpus_folder()


def corpus() -> list[tuple[Path, bytes]]:
    paths = corpus_files()
    return [(path, path.read_bytes()) for path in paths]


def ours(data: bytes) -> bytes:
    from avalon_nuke import nk

    return nk.dumps(nk.loads(data)).encode("utf-8", "surrogateescape")


def nkparser_round_trip(data: bytes) -> bytes:
    import nkparser

    # nkparser.Script.from_file decodes this way; from_string/to_nk are its reader/writer.
    text = data.decode("utf-8", errors="replace")
    return nkparser.Script.from_string(text).to_nk().encode("utf-8")


def measure(
    round_trip: Callable[[bytes], bytes], files: list[tuple[Path, bytes]], repeat: int
) -> tuple[int, int, float]:
    """Byte-identical count, count when final newlines are ignored, best time."""
    best = float("inf")
    identical = loosely = 0
    for _ in range(repeat):
        identical = loosely = 0
        started = time.perf_counter()
        for _, data in files:
            try:
                written = round_trip(data)
            except Exception:  # a baseline that gives up on a file simply fails that file
                continue
            identical += written == data
            loosely += written.rstrip(b"\n") == data.rstrip(b"\n")
        best = min(best, time.perf_counter() - started)
    return identical, loosely, best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per parser; the best time counts")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: the nk corpus is not at {CORPUS}")
        return 0
    try:
        import nkparser  # noqa: F401
    except ImportError:
        nkparser_available = False
    else:
        nkparser_available = True
    files = corpus()
    size = sum(len(data) for _, data in files) / 1e6
    print(f"corpus: {len(files)} files, {size:.1f} MB")
    count = len(files)
    identical, loosely, seconds = measure(ours, files, args.repeat)
    print(
        f"avalon_nuke.nk : {identical}/{count} byte-identical "
        f"({loosely}/{count} ignoring final newlines), read+write {seconds:.2f} s"
    )
    if not nkparser_available:
        print("nkparser is not installed: no baseline (pip install nkparser)")
        return 0
    base_identical, base_loosely, base_seconds = measure(nkparser_round_trip, files, args.repeat)
    print(
        f"nkparser       : {base_identical}/{count} byte-identical "
        f"({base_loosely}/{count} ignoring final newlines), read+write {base_seconds:.2f} s"
    )
    print(f"speed ratio    : {base_seconds / seconds:.1f}x faster than nkparser (target >= 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
