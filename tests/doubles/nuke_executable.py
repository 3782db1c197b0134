"""A stand-in for ``nuke`` on the farm: renders a Write node by writing small files.

Takes the batch command line Deadline's Nuke plugin uses
(``-V 2 -F 1001-1010 [-F ...] [-m N] [--gpu] [--cont] [--sro] -X Write1 -x script.nk``),
finds the Write node's ``file`` knob with ``avalon_nuke.nk`` and writes one small file
per frame, replacing ``####`` / ``%04d`` with the frame number. Behaves like
Nuke where the farm notices: non-zero exit and a message on stderr for a
missing script or node.

A Write whose ``file`` has no frame number (a ``.mov``) gets one file with a line per
frame, as a movie holds every frame. A Read that says ``on_error error`` stops the
render, as Nuke does, when a frame it must read is missing (before its first frame
and after its last it holds the nearest one); Reads without that knob are not
checked, so tests need not make plates for every comp.

Test controls (environment):
  FAKE_NUKE_FAIL_FRAME=1005   fail (exit 1) when reaching that frame
  FAKE_NUKE_LOG=path          append "<frame>" per rendered frame (to count renders)
  FAKE_NUKE_WAIT_FOR=path     wait until that file exists before rendering (at most 60 s)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def file_knob(script: Path, node_name: str) -> str | None:
    """The ``file`` value of node *node_name* (full name, ``Group1.Write1``), or None."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from avalon_nuke import nk

    node = nk.load(script).find(node_name)
    return node.knob("file") if node is not None else None


def frame_path(pattern: str, frame: int) -> str:
    path = re.sub(r"#+", lambda m: f"{frame:0{len(m.group(0))}d}", pattern)
    return re.sub(r"%(0?\d*)d", lambda m: f"%{m.group(1)}d" % frame, path)


def missing_read_frame(script: Path, frames: list[int]) -> str | None:
    """``"<Read>: <file>"`` for the first frame a strict Read (``on_error error``) cannot find."""
    from avalon_nuke import nk

    for read in nk.load(script).nodes("Read"):
        if read.knob("on_error") != "error" or not read.knob("file"):
            continue
        pattern = str(read.knob("file"))
        if not os.path.isabs(pattern):
            pattern = str(script.parent / pattern)
        first, last = int(read.knob("first") or 1), int(read.knob("last") or 1)
        for frame in frames:
            path = frame_path(pattern, min(max(frame, first), last))
            if not os.path.exists(path):
                return f"{read.full_name}: {path}"
    return None


def frames_of(ranges: list[str]) -> list[int]:
    frames: list[int] = []
    for text in ranges:
        for term in text.split(","):
            match = re.fullmatch(r"(-?\d+)(?:-(-?\d+)(?:x(\d+))?)?", term.strip())
            if not match:
                raise SystemExit(f"fake nuke: bad frame range {term!r}")
            first = int(match.group(1))
            last = int(match.group(2)) if match.group(2) else first
            step = int(match.group(3) or 1)
            direction = 1 if last >= first else -1
            frames.extend(range(first, last + direction, step * direction))
    return frames


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="nuke")
    parser.add_argument("-V", dest="verbosity", default="0")
    parser.add_argument("-F", dest="frames", action="append", default=[])
    parser.add_argument("-X", dest="write")
    parser.add_argument("-x", dest="execute", action="store_true")
    parser.add_argument("-m", dest="threads", type=int, default=0)
    parser.add_argument("--gpu", action="store_true")
    parser.add_argument("--cont", action="store_true")
    parser.add_argument("--sro", action="store_true")
    parser.add_argument("script")
    args = parser.parse_args(argv)

    script = Path(args.script)
    if not script.is_file():
        print(f"{script}: No such file or directory", file=sys.stderr)
        return 1
    if not args.execute or not args.write:
        print("fake nuke only renders: give -X <WriteNode> -x <script>", file=sys.stderr)
        return 1
    try:
        pattern = file_knob(script, args.write)
    except Exception as error:  # nk.ParseError and friends: Nuke would stop reading the script too
        print(f"ERROR: cannot read {script}: {error}", file=sys.stderr)
        return 1
    if pattern is None:
        print(f"ERROR: {args.write} is not a Write node in {script} (no such node or no file knob)",
              file=sys.stderr)
        return 1
    if not os.path.isabs(pattern):
        pattern = str(script.parent / pattern)

    wait_for = os.environ.get("FAKE_NUKE_WAIT_FOR")
    if wait_for:
        deadline = time.monotonic() + 60
        while not os.path.exists(wait_for):
            if time.monotonic() > deadline:
                print(f"fake nuke: gave up waiting for {wait_for}", file=sys.stderr)
                return 1
            time.sleep(0.02)

    frames = frames_of(args.frames or ["1"])
    missing = missing_read_frame(script, frames)
    if missing:
        print(f"ERROR: {missing}: No such file or directory", file=sys.stderr)
        return 1
    movie = frame_path(pattern, 0) == pattern
    fail_frame = os.environ.get("FAKE_NUKE_FAIL_FRAME", "")
    count_log = os.environ.get("FAKE_NUKE_LOG")
    for index, frame in enumerate(frames):
        if fail_frame and int(fail_frame) == frame:
            print(f"ERROR: {args.write}: cannot render frame {frame} (FAKE_NUKE_FAIL_FRAME)",
                  file=sys.stderr)
            return 1
        path = Path(frame_path(pattern, frame))
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with open(path, "a" if movie and index else "w", encoding="utf-8") as output:
            output.write(f"fake render of {args.write} frame {frame}\n")
        if count_log:
            with open(count_log, "a", encoding="utf-8") as counts:
                counts.write(f"{frame}\n")
        print(f"Writing {path} took {time.perf_counter() - started:.2f} seconds", flush=True)
    print(f"Total render time: {args.write} done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
