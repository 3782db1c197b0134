"""A stand-in for the Nuke executable on the farm: renders Write nodes by writing small files.

Takes both command lines Deadline's Nuke plugin uses:

- batch mode: ``-V 2 [--nukex] [--cont] [--sro] [--gpu N] -t [-m N] [-c NM] script.nk``, then
  Python statements on stdin, one per line, run as Nuke's terminal prompt runs them
  (``nuke.execute("Group1.Write1", 1001, 1010, 1, continueOnError=False)``,
  ``print(...)``, ``nuke.scriptClose()``, ``quit()``); an exception prints its
  traceback, whose last line (``RuntimeError: ...``) is what Deadline catches;
- a single render: ``-V 2 [...] -x [-X Write1] [-m N] -F 1001-1010 [-F ...] script.nk``.

The script is read with ``avalon_nuke.nk``; each frame becomes one small file at the
Write's ``file`` (``####`` / ``%04d`` replaced). As Foundry documents ``nuke.execute``,
only a Write (by its full name, ``Group1.Write1``) or the Root (every enabled Write) is
executable: a Group is not. Missing scripts and nodes fail like Nuke: a message and a
non-zero exit (``-x``) or an exception (``-t``).

A Write whose ``file`` has no frame number (a ``.mov``) gets one file with a line per
frame, as a movie holds every frame. A Read that says ``on_error error`` stops the
render, as Nuke does, when a frame it must read is missing (before its first frame
and after its last it holds the nearest one); Reads without that knob are not
checked, so tests need not make plates for every comp.

Test controls (environment):
  FAKE_NUKE_FAIL_FRAME=1005   fail when reaching that frame
  FAKE_NUKE_FAIL_ONCE=path    fail the first render attempt only (creates *path*)
  FAKE_NUKE_LOG=path          append "<frame>" per rendered frame (to count renders)
  FAKE_NUKE_STARTS=path       append "<pid>" each time this program starts (to count Nukes)
  FAKE_NUKE_SAY=text          print that line before each render, and carry on (a warning, an error line)
  FAKE_NUKE_WAIT_FOR=path     wait until that file exists before rendering (at most 60 s)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class _Root:
    """``nuke.Root()``: executing it renders every enabled Write."""


class FakeNuke:
    """The few ``nuke`` names Deadline's batch mode sends, over one loaded script."""

    def __init__(self, script_path: Path) -> None:
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from avalon_nuke import nk

        self.path = script_path
        self.script = nk.load(script_path)

    def Root(self) -> _Root:  # noqa: N802 (Nuke's name)
        return _Root()

    def scriptClose(self) -> None:  # noqa: N802 (Nuke's name)
        pass

    def execute(self, nameOrNode, start, end, incr=1, views=None, continueOnError=False) -> None:  # noqa: N803
        if isinstance(nameOrNode, _Root):
            writes = [node for node in self.script.nodes("Write") if node.knob("disable") not in ("true", "1")]
            for node in writes:
                render(self.path, node, node.full_name or "", range(int(start), int(end) + 1, int(incr)))
            return
        node = self.script.find(str(nameOrNode))
        if node is None:
            raise ValueError(f"no node named {nameOrNode!r}")
        if node.cls != "Write":
            raise RuntimeError(f"{nameOrNode} cannot be executed")
        render(self.path, node, str(nameOrNode), range(int(start), int(end) + 1, int(incr)))


def frame_path(pattern: str, frame: int) -> str:
    path = re.sub(r"#+", lambda m: f"{frame:0{len(m.group(0))}d}", pattern)
    return re.sub(r"%(0?\d*)d", lambda m: f"%{m.group(1)}d" % frame, path)


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


def render(script: Path, node, name: str, frames) -> None:
    """Write one file per frame (one file for a movie), or raise RuntimeError as a failing Nuke render would."""
    pattern = node.knob("file") or ""
    if not pattern:
        raise RuntimeError(f"{name}: no output file name")
    if not os.path.isabs(pattern):
        pattern = str(script.parent / pattern)
    wait_for = os.environ.get("FAKE_NUKE_WAIT_FOR")
    if wait_for:
        deadline = time.monotonic() + 60
        while not os.path.exists(wait_for):
            if time.monotonic() > deadline:
                raise RuntimeError(f"fake nuke: gave up waiting for {wait_for}")
            time.sleep(0.02)
    fail_once = os.environ.get("FAKE_NUKE_FAIL_ONCE")
    if fail_once and not os.path.exists(fail_once):
        Path(fail_once).touch()
        raise RuntimeError(f"{name}: cannot render (FAKE_NUKE_FAIL_ONCE, first attempt)")
    if os.environ.get("FAKE_NUKE_SAY"):
        print(os.environ["FAKE_NUKE_SAY"], flush=True)
    frames = list(frames)
    missing = missing_read_frame(script, frames)
    if missing:
        raise RuntimeError(f"{missing}: No such file or directory")
    movie = frame_path(pattern, 0) == pattern
    fail_frame = os.environ.get("FAKE_NUKE_FAIL_FRAME", "")
    count_log = os.environ.get("FAKE_NUKE_LOG")
    for index, frame in enumerate(frames):
        if fail_frame and int(fail_frame) == frame:
            raise RuntimeError(f"{name}: cannot render frame {frame} (FAKE_NUKE_FAIL_FRAME)")
        path = Path(frame_path(pattern, frame))
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with open(path, "a" if movie and index else "w", encoding="utf-8") as output:
            output.write(f"fake render of {name} frame {frame}\n")
        if count_log:
            with open(count_log, "a", encoding="utf-8") as counts:
                counts.write(f"{frame}\n")
        print(f"Writing {path} took {time.perf_counter() - started:.2f} seconds", flush=True)


def terminal(nuke: FakeNuke | None) -> int:
    """Nuke's ``-t`` prompt: run each stdin line as Python until ``quit()`` or end of input."""
    namespace = {"nuke": nuke, "__name__": "__main__"}
    for line in sys.stdin:
        statement = line.strip()
        if not statement:
            continue
        try:
            exec(compile(statement, "<stdin>", "exec"), namespace)  # noqa: S102 (Nuke's prompt does this)
        except SystemExit:
            return 0
        except Exception:
            traceback.print_exc(file=sys.stdout)
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    starts = os.environ.get("FAKE_NUKE_STARTS")
    if starts:
        with open(starts, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
    parser = argparse.ArgumentParser(prog="nuke")
    parser.add_argument("-V", dest="verbosity", default="0")
    parser.add_argument("-F", dest="frames", action="append", default=[])
    parser.add_argument("-X", dest="write")
    parser.add_argument("-x", dest="execute", action="store_true")
    parser.add_argument("-t", dest="terminal", action="store_true")
    parser.add_argument("-m", dest="threads", type=int, default=0)
    parser.add_argument("-c", dest="cache")
    parser.add_argument("--gpu", nargs="?", const="")
    parser.add_argument("--nukex", action="store_true")
    parser.add_argument("--cont", action="store_true")
    parser.add_argument("--sro", action="store_true")
    parser.add_argument("script")
    args = parser.parse_args(argv)

    script = Path(args.script)
    if args.terminal:
        try:
            nuke = FakeNuke(script)
        except Exception as error:  # nk.ParseError, a missing file: Nuke reports it and keeps its prompt
            print(f"ERROR: cannot read {script}: {error}", flush=True)
            nuke = None
        return terminal(nuke)
    if not script.is_file():
        print(f"{script}: No such file or directory", file=sys.stderr)
        return 1
    if not args.execute:
        print("fake nuke only renders: give -x (and -X <WriteNode>) or -t", file=sys.stderr)
        return 1
    try:
        loaded = FakeNuke(script)
        names = args.write.split(",") if args.write else None
        for frame_range in (args.frames or ["1"]):
            frames = frames_of([frame_range])
            for target in names or [loaded.Root()]:
                if isinstance(target, _Root):
                    loaded.execute(target, min(frames), max(frames))
                    continue
                node = loaded.script.find(target)
                if node is None or node.cls != "Write":
                    raise RuntimeError(f"{target} is not a Write node in {script}")
                render(script, node, target, frames)
    except Exception as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    print("Total render time: done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
