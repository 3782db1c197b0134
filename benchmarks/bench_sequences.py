"""How fast 100,000 frame paths are grouped into sequences, against clique and fileseq.

Run: ``python3 -m benchmarks.bench_sequences`` (``--paths N`` for another size).

Target: ``assemble_paths`` at least as fast as fileseq's ``findSequencesInList``
on the same list. Clique's default ``assemble`` (every number in every path is
a candidate) is the baseline we avoid by using its frames pattern. On these
names it is not just slow but quadratic: shot numbers from ``sh100`` on have no
leading zero, and clique compares every padded group with every unpadded one
(measured once: 8,000 paths 3 s, 16,000 paths 287 s). So it runs on a prefix of
the data (``--clique-default-paths``, 8,000 = shots sh010-sh080), next to ours
on the same prefix. Only path strings are used: nothing touches the disk.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sys
import time
from collections.abc import Callable

import clique
import fileseq

from avalon_nuke.sequences import assemble_paths

LAYERS = ("beauty", "diffuse", "specular", "reflection", "crypto_object")
TARGET_RATIO = 1.0  # ours / fileseq must be at most this


def make_paths(count: int, seed: int = 7) -> tuple[list[str], int]:
    """Realistic render paths: shots x layers, frames 1001+, ~1% holes, some odd ones.

    Returns the shuffled paths and the number of sequences they contain.
    Sequences are counted after trimming the list to *count*.
    """
    rng = random.Random(seed)
    paths: list[str] = []
    sequences = 0
    shot = 10
    while len(paths) < count:
        for layer in LAYERS:
            version = rng.randint(1, 12)
            folder = f"/proj/sh{shot:03d}/render/{layer}/v{version:03d}"
            if layer == "crypto_object":  # zero-padded from frame 1, as some renderers write
                numbers = [f"{n:04d}" for n in range(1, 201)]
            else:
                numbers = [str(n) for n in range(1001, 1201)]
            numbers = [n for n in numbers if rng.random() > 0.01]  # holes: missing frames
            paths += [f"{folder}/sh{shot:03d}_{layer}_v{version:03d}.{n}.exr" for n in numbers]
            sequences += 1
        paths.append(f"/proj/sh{shot:03d}/review/sh{shot:03d}_comp_v003.mov")
        paths.append(f"/proj/sh{shot:03d}/render/sh{shot:03d}_slate_v002.exr")
        shot += 10
    del paths[count:]
    sequences = len({path.rsplit(".", 2)[0] for path in paths if not path.endswith((".mov", "v002.exr"))})
    rng.shuffle(paths)
    return paths, sequences


def best_time(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=100_000, help="number of paths (100000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each fast method (3)")
    parser.add_argument(
        "--clique-default-paths",
        type=int,
        default=8_000,
        help="paths given to clique's default assemble (8000; 0 skips it; beware >10000)",
    )
    args = parser.parse_args()

    paths, expected = make_paths(args.paths)
    print(f"{len(paths):,} paths, {expected} sequences, Python {sys.version.split()[0]}")

    ours_time, (sequences, singles) = best_time(lambda: assemble_paths(paths), args.repeats)
    accounted = sum(len(s) for s in sequences) + len(singles)
    assert accounted == len(paths), f"{accounted} paths accounted for, expected {len(paths)}"
    assert len(sequences) == expected, f"{len(sequences)} sequences found, expected {expected}"
    assert {s.padding for s in sequences} == {4}, "every frame number here has 4 digits"
    frames_pattern = [re.compile(clique.PATTERNS["frames"])]
    frames_time, _ = best_time(
        lambda: clique.assemble(paths, patterns=frames_pattern, minimum_items=1), args.repeats
    )
    fileseq_time, found = best_time(lambda: fileseq.findSequencesInList(paths), args.repeats)

    rows = [
        ("avalon_nuke assemble_paths", ours_time, f"{len(sequences)} sequences"),
        ("clique assemble, frames pattern", frames_time, "(raw, padding 0 unfixed)"),
        ("fileseq findSequencesInList", fileseq_time, f"{len(found)} results"),
    ]
    print(f"{'method':36} {'seconds':>9} {'x ours':>8}")
    for name, seconds, note in rows:
        print(f"{name:36} {seconds:9.3f} {seconds / ours_time:8.1f}  {note}")

    if args.clique_default_paths:
        sample, _ = make_paths(args.clique_default_paths)
        sample_ours, _ = best_time(lambda: assemble_paths(sample), args.repeats)
        default_time, _ = best_time(lambda: clique.assemble(sample), 1)
        print(f"on the first {len(sample):,} paths:")
        print(f"{'avalon_nuke assemble_paths':36} {sample_ours:9.3f} {1.0:8.1f}")
        print(
            f"{'clique assemble, default patterns':36} {default_time:9.3f} "
            f"{default_time / sample_ours:8.1f}  (1 run)"
        )

    ratio = ours_time / fileseq_time
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"target: at least as fast as fileseq -> ours/fileseq = {ratio:.2f} ({verdict})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
