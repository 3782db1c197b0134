"""Run every benchmark in this folder, one after another: ``python3 -m benchmarks.run``.

Each prints its own figures and its ratio against the baseline it names.
Pass names to run only some: ``python3 -m benchmarks.run database publish``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    scripts = sorted(here.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem.removeprefix('bench_')} ({script.name})", flush=True)
        failed += subprocess.call([sys.executable, "-m", f"benchmarks.{script.stem}"], cwd=here.parent) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
