"""The figures behind tests/hostile: many kills at random moments, counted (not part of the suite).

Run from the repository root: ``python -m tests.hostile.kill_campaign [ROUNDS]``. It builds a
throwaway database and project under a temporary folder, then

* kills ``load`` with SIGKILL at random moments: the script must always parse, hold the Reads
  it had or one more, its ``.bak`` must never be empty, and the next run removes leftovers;
* stops ``publish`` with SIGTERM or SIGHUP at random moments: a version exists only complete;
* kills ``publish`` with SIGKILL at random moments: no listed version ever lacks a frame, and
  the next publish removes what was left incomplete;
* runs rounds of 10 concurrent ``load``s: every Read must survive.

Prints one line per kind: attempts, held, seconds. Exit status 1 if anything did not hold.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cli(env: dict, *argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "avalon_nuke", *argv], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def reads(path: Path) -> int:
    from avalon_nuke import nk

    return sum(1 for node in nk.load(path).nodes() if node.cls == "Read")


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def kill_at_random(process: subprocess.Popen, latest: float, stop: int = signal.SIGKILL) -> int:
    try:
        return process.wait(timeout=random.uniform(0.0, latest))
    except subprocess.TimeoutExpired:
        process.send_signal(stop)
        return process.wait()


def main(rounds: int) -> int:
    from avalon_nuke.config import Settings
    from avalon_nuke.db import open_database

    work = Path(tempfile.mkdtemp(prefix="avalon-kill-campaign-"))
    env = {**os.environ, "PYTHONPATH": str(REPO), "AVALON_DB_PATH": str(work / "db" / "avalon.db"),
           "AVALON_PROJECTS": str(work / "projects")}
    for name in ("AVALON_MONGO", "AVALON_DEADLINE", "AVALON_PROJECT", "AVALON_ASSET"):
        env.pop(name, None)
    os.environ.update({k: env[k] for k in ("AVALON_DB_PATH", "AVALON_PROJECTS")})
    for argv in (["project", "create", "demo"], ["asset", "create", "sh010", "--project", "demo"]):
        assert cli(env, *argv).wait() == 0
    inside = work / "projects" / "demo" / "sh010" / "renders"
    inside.mkdir(parents=True)
    (inside / "beauty.1001.exr").write_bytes(b"x")
    assert cli(env, "publish", str(inside), "--project", "demo", "--asset", "sh010", "--subset", "lighting").wait() == 0
    load = ["load", str(work / "comp.nk"), "--project", "demo", "--asset", "sh010", "--subset", "lighting",
            "--policy", "latest"]
    comp, failures = work / "comp.nk", 0

    # 1. SIGKILL during load
    started, held = time.monotonic(), 0
    assert cli(env, *load).wait() == 0
    for attempt in range(rounds):
        before = reads(comp)
        kill_at_random(cli(env, *load), 0.8)
        backup = work / "comp.nk.bak"
        ok = reads(comp) in (before, before + 1) and (not backup.exists() or backup.stat().st_size > 0)
        if attempt % 10 == 9:
            ok = ok and cli(env, *load).wait() == 0 and not leftovers(work)
        held += ok
    print(f"SIGKILL during load:        {rounds} attempts, {held} held, {time.monotonic() - started:.0f} s")
    failures += rounds - held

    # 2. SIGTERM / SIGHUP during publish (frames outside the projects root: copied or linked)
    outside = work / "outside"
    outside.mkdir()
    for frame in range(1, 301):
        (outside / f"plate.{frame:04d}.exr").write_bytes(os.urandom(4096))
    publish = ["publish", str(outside), "--project", "demo", "--asset", "sh010", "--subset", "plate"]

    def check_versions() -> bool:
        with open_database(Settings.from_env()) as repo:
            asset = repo.asset("demo", "sh010")
            subsets = [s for s in repo.subsets("demo", asset["_id"]) if s["name"] == "plate"]
            if not subsets:
                return True
            for version in repo.versions("demo", subsets[0]["_id"]):
                for rep in repo.representations("demo", [version["_id"]]):
                    folder = Path(rep["data"]["path"]).parent
                    if len(list(folder.glob("plate.*.exr"))) != 300:
                        return False
            return True

    started, held = time.monotonic(), 0
    for _ in range(rounds):
        stop = random.choice([signal.SIGTERM, signal.SIGHUP])
        code = kill_at_random(cli(env, *publish), 1.5, stop)
        # -stop: the signal came before the command started (Python's default action): nothing begun
        ok = code in (0, 128 + stop, -stop) and check_versions()
        if not ok:
            print(f"  not held: {signal.Signals(stop).name} -> exit {code}")
        held += ok
    print(f"SIGTERM/SIGHUP during publish: {rounds} attempts, {held} held, {time.monotonic() - started:.0f} s")
    failures += rounds - held

    # 3. SIGKILL during publish, then a clean publish
    started, held = time.monotonic(), 0
    for _ in range(rounds):
        kill_at_random(cli(env, *publish), 1.5)
        held += check_versions()
    cleaned = cli(env, *publish).wait() == 0 and check_versions()
    with open_database(Settings.from_env()) as repo:
        asset = repo.asset("demo", "sh010")
        subset = next(s for s in repo.subsets("demo", asset["_id"]) if s["name"] == "plate")
        cleaned = cleaned and repo.incomplete_versions("demo", subset["_id"]) == []
    print(f"SIGKILL during publish:     {rounds} attempts, {held} held, incomplete versions cleaned: "
          f"{cleaned}, {time.monotonic() - started:.0f} s")
    failures += rounds - held + (not cleaned)

    # 4. 10 concurrent loads
    started, held, batches = time.monotonic(), 0, max(1, rounds // 10)
    for _ in range(batches):
        before = reads(comp)
        processes = [cli(env, *load) for _ in range(10)]
        held += all(p.wait() == 0 for p in processes) and reads(comp) == before + 10
    print(f"10 concurrent loads:        {batches} batches, {held} held, {time.monotonic() - started:.0f} s")
    failures += batches - held
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
