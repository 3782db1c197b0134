"""Realistic render file lists for sequence benchmarks and tests: no disk involved.

Shots with several AOVs each, a version number in every name, paddings of
four and five digits, zero-padded renders from frame 1, unpadded renders that
cross 999 -> 1000, ~1% missing frames, and single files (movies, slates with
a version number, per-frame data files) mixed in, shuffled.
"""

from __future__ import annotations

import random

AOVS = ("beauty", "diffuse", "specular", "reflection", "crypto_object", "depth", "motion",
        "emission", "sss", "normals", "position", "shadow")


def render_paths(count: int, seed: int = 7, *, shuffled: bool = False) -> tuple[list[str], int]:
    """``count`` paths and how many sequences they hold (~15 frames each).

    The paths come folder by folder, in no order inside a folder, the way
    ``find_sequences`` collects them from ``scandir``; ``shuffled=True`` mixes
    the whole list instead (every path far from the last in memory).
    """
    rng = random.Random(seed)
    paths: list[str] = []
    names: set[tuple[str, str]] = set()
    shot = 10
    while len(paths) < count:
        for aov in rng.sample(AOVS, rng.randint(3, len(AOVS))):
            version = rng.randint(1, 40)
            stem = f"/proj/seq{shot // 1000:02d}/sh{shot:04d}/render/{aov}/v{version:03d}/sh{shot:04d}_{aov}_v{version:03d}."
            length = rng.randint(5, 25)
            style = rng.random()
            if style < 0.55:
                numbers = [f"{n:04d}" for n in range(1001, 1001 + length)]
            elif style < 0.7:
                numbers = [f"{n:04d}" for n in range(1, 1 + length)]
            elif style < 0.8:  # unpadded, crossing 999 -> 1000: one sequence, ###
                numbers = [str(n) for n in range(1000 - length // 2, 1000 + length - length // 2)]
            elif style < 0.9:  # padded, crossing 0999 -> 1000: one sequence, ####
                numbers = [f"{n:04d}" for n in range(1000 - length // 2, 1000 + length - length // 2)]
            else:
                numbers = [f"{n:05d}" for n in range(86400, 86400 + length)]
            kept = [n for n in numbers if rng.random() > 0.01] or numbers[:1]
            rng.shuffle(kept)  # listing order inside a folder is arbitrary
            extension = ".exr" if aov != "depth" else ".tif"
            paths += [f"{stem}{n}{extension}" for n in kept]
            names.add((stem, extension))
        folder = f"/proj/seq{shot // 1000:02d}/sh{shot:04d}"
        paths.append(f"{folder}/review/sh{shot:04d}_comp_v{rng.randint(1, 9):03d}.mov")
        paths.append(f"{folder}/render/sh{shot:04d}_slate_v{rng.randint(1, 9):03d}.exr")
        paths.append(f"{folder}/render/sh{shot:04d}.1001.cameras.abc")
        shot += 10
    del paths[count:]
    if shuffled:
        rng.shuffle(paths)
    kept_names = {(p.rpartition(".")[0].rpartition(".")[0] + ".", "." + p.rpartition(".")[2])
                  for p in paths if not p.endswith((".mov", ".abc")) and "_slate_" not in p}
    sequences = len(kept_names & names)
    return paths, sequences
