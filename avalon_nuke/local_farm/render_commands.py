"""What Deadline's Nuke plugin runs for a task, and which of Nuke's output lines it takes as errors.

Batch mode (``BatchMode=True``, what we submit and the plugin's default) starts one
Nuke per job per worker in terminal mode with the scene as its last argument::

    nuke -V 2 [--nukex] [--cont] [--sro] [-p|-f] [--gpu ids] -t [-m N] [-c NM] [-s B] [--view v] scene

and writes Python on its standard input for each task: ``nuke.execute(WriteNode,
start, end, 1, continueOnError=...)`` (frame by frame, each followed by a
``print("Frame f (i of n)")`` progress line, when ``BatchModeIsMovie`` is False),
then ``print("READY FOR INPUT\\n")`` and waits for that line. Without batch mode
each task is one process::

    nuke -V 2 [--nukex] [--cont] [--sro] [-p|-f] [--gpu ids] -x [-X WriteNode] [-m N] [-c NM] [-s B]
         [--view v] -F start-end scene

In both, an output line matching ``.*ERROR:.*``, ``.*Error:.*``, ``.*Error :.*`` or
``Eddy\\[ERROR\\]`` fails the task unless ``ContinueOnError`` is set. The local farm
renders exactly a task's frames: one ``-F`` or ``nuke.execute`` per evenly spaced
run (Deadline's start-end is the same for the contiguous ranges we submit).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from avalon_nuke.deadline.frames import frame_runs
from avalon_nuke.deadline.jobs import read_flag

READY = "READY FOR INPUT"
READY_COMMAND = 'print("READY FOR INPUT\\n")'
END_COMMANDS = ("nuke.scriptClose()", "quit()")
ERROR_LINES = tuple(re.compile(pattern) for pattern in (
    r".*ERROR:.*", r".*Error:.*", r".*Error :.*", r"Eddy\[ERROR\]"))
PROGRESS_LINE = re.compile(r"Frame [0-9]+ \(([0-9]+) of ([0-9]+)\)")
_RUN = re.compile(r"^(-?\d+)-(-?\d+)(?:x(\d+))?$")


def _flag(plugin: Mapping[str, object], key: str, default: bool = False) -> bool:
    return read_flag(plugin.get(key, ""), default)


def _number(plugin: Mapping[str, object], key: str) -> int:
    try:
        return int(str(plugin.get(key, "0")).strip() or 0)
    except ValueError as error:
        raise ValueError(f"PluginInfo {key} must be a whole number, not {plugin.get(key)!r}") from error


def batch_mode(plugin: Mapping[str, object]) -> bool:
    return _flag(plugin, "BatchMode", default=True)


def write_nodes(plugin: Mapping[str, object]) -> list[str]:
    """The ``WriteNode`` entry's node names (comma-separated); empty: every enabled Write."""
    return [name.strip() for name in str(plugin.get("WriteNode", "")).split(",") if name.strip()]


def _common(plugin: Mapping[str, object]) -> list[str]:
    arguments = ["-V", "2"]
    if _flag(plugin, "NukeX"):
        arguments.append("--nukex")
    if _flag(plugin, "ContinueOnError"):
        arguments.append("--cont")
    if _flag(plugin, "EnforceRenderOrder"):
        arguments.append("--sro")
    mode = str(plugin.get("RenderMode", "")).strip()
    if mode == "Render using Proxies":
        arguments.append("-p")
    elif mode == "Render Full Resolution":
        arguments.append("-f")
    if _flag(plugin, "UseGpu"):
        gpu = str(plugin.get("GpuOverride", "0")).strip() if _flag(plugin, "UseSpecificGpu") else "0"
        arguments += ["--gpu", gpu or "0"]
    return arguments


def _limits(plugin: Mapping[str, object]) -> list[str]:
    arguments = []
    threads, ram, stack = _number(plugin, "Threads"), _number(plugin, "RamUse"), _number(plugin, "StackSize")
    if threads > 0:
        arguments += ["-m", str(threads)]
    if ram > 0:
        arguments += ["-c", f"{ram}M"]
    if stack > 0:
        arguments += ["-s", str(stack * 1024 * 1024)]
    views = str(plugin.get("Views", "")).strip()
    if views:
        arguments += ["--view", views]
    return arguments


def batch_command(nuke: Sequence[str], plugin: Mapping[str, object], scene: str) -> list[str]:
    """The Nuke that stays open for a job's tasks (batch mode)."""
    return [*nuke, *_common(plugin), "-t", *_limits(plugin), scene]


def single_command(nuke: Sequence[str], plugin: Mapping[str, object], frames: Sequence[int],
                   scene: str) -> list[str]:
    """The Nuke that renders one task and exits (batch mode off)."""
    command = [*nuke, *_common(plugin), "-x"]
    nodes = write_nodes(plugin)
    if nodes:
        command += ["-X", ",".join(nodes)]
    command += _limits(plugin)
    for run in frame_runs(frames):
        command += ["-F", run]
    return [*command, scene]


def render_statements(plugin: Mapping[str, object], frames: Sequence[int]) -> list[str]:
    """The Python lines one task sends to the batch-mode Nuke, one statement per line."""
    keep_going = "True" if _flag(plugin, "ContinueOnError") else "False"
    targets = [json.dumps(name) for name in write_nodes(plugin)] or ["nuke.Root()"]
    statements = []
    if _flag(plugin, "BatchModeIsMovie", default=True):
        for target in targets:
            for run in frame_runs(frames):
                first, last, step = _bounds(run)
                statements.append(f"nuke.execute({target}, {first}, {last}, {step}, "
                                  f"continueOnError={keep_going})")
        return statements
    total = len(frames) * len(targets)
    done = 0
    for target in targets:
        for frame in frames:
            done += 1
            statements.append(f"nuke.execute({target}, {frame}, {frame}, 1, continueOnError={keep_going}); "
                              f'print("Frame {frame} ({done} of {total})")')
    return statements


def _bounds(run: str) -> tuple[int, int, int]:
    match = _RUN.match(run)
    if not match:
        raise ValueError(f"not a frame run: {run!r}")
    return int(match[1]), int(match[2]), int(match[3] or 1)


def error_line(line: str, plugin: Mapping[str, object]) -> bool:
    """True when Deadline would fail the task on this output line."""
    if _flag(plugin, "ContinueOnError"):
        return False
    return any(pattern.search(line) for pattern in ERROR_LINES)
