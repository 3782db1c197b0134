"""How long ``avalon-nuke --help`` takes as a whole process, against ``python -c pass``.

Run: ``python3 -m benchmarks.bench_startup`` (``--runs 11``).

Both are started the same way (this interpreter, this checkout on PYTHONPATH),
alternately, and the medians compared. Target: within 2x the bare interpreter,
which holds when the parser imports no command's dependencies (each imports
what it needs when it runs). ``--importtime`` prints the slowest imports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.timing import verdict

REPOSITORY = Path(__file__).resolve().parent.parent
HELP = ["-c", "import sys; from avalon_nuke.cli import main; sys.exit(main(['--help']))"]


def run(arguments: list[str]) -> float:
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], env=environment, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def slowest_imports(count: int) -> list[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    answer = subprocess.run([sys.executable, "-X", "importtime", *HELP], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    rows = [line for line in answer.stderr.splitlines() if line.startswith("import time:") and "|" in line]
    rows = [row for row in rows if row.split("|")[1].strip().isdigit()]
    rows.sort(key=lambda row: int(row.split("|")[1]), reverse=True)
    return rows[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--importtime", action="store_true", help="print the 12 slowest imports of --help")
    args = parser.parse_args()
    bare, helped = [], []
    for _ in range(args.runs):
        bare.append(run(["-c", "pass"]))
        helped.append(run(HELP))
    base, ours = statistics.median(bare), statistics.median(helped)
    ratio = ours / base
    print(f"{'avalon-nuke --help (whole process)':44} {ours * 1000:8.1f} ms | python -c pass {base * 1000:8.1f} ms"
          f" | x{ratio:.2f} (target <= x2: {verdict(ratio <= 2)})")
    if args.importtime:
        print("slowest imports of --help (self us | cumulative us | module):")
        for row in slowest_imports(12):
            print("  " + row.removeprefix("import time:").strip())
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
