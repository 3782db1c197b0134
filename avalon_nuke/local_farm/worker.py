"""Render workers: claim a task, run Nuke's command line on it, record the outcome.

The command is what Deadline's Nuke plugin runs in batch mode:
``<nuke> -V 2 -F first-last [-m threads] [--gpu] [--cont] [--sro] -X <WriteNode> -x <SceneFile>``
with the job's environment variables added. A task whose claim is lost while it
renders (suspended, requeued, deleted, the farm stopping) has its process
stopped and its result thrown away.
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import subprocess
import threading
from collections import deque
from pathlib import Path

from avalon_nuke.deadline.frames import frame_runs
from avalon_nuke.deadline.jobs import read_numbered_pairs
from avalon_nuke.local_farm.job_records import LOG_LIMIT, Claim, now_text
from avalon_nuke.local_farm.queue import FarmQueue
from avalon_nuke.local_farm.render_environment import nuke_executable
from avalon_nuke.local_farm.render_environment import render_environment as filtered_environment
from avalon_nuke.processes import process_identity

log = logging.getLogger(__name__)


def _flag(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def render_command(nuke: list[str], claim: Claim) -> list[str]:
    """The Nuke batch command line for one task."""
    plugin = claim.plugin_info
    command = [*nuke, "-V", "2"]
    for run in frame_runs(claim.frames):
        command += ["-F", run]
    threads = int(plugin.get("Threads", "0") or 0)
    if threads > 0:
        command += ["-m", str(threads)]
    if _flag(plugin.get("UseGpu", "")):
        command.append("--gpu")
    if _flag(plugin.get("ContinueOnError", "")):
        command.append("--cont")
    if _flag(plugin.get("EnforceRenderOrder", "")):
        command.append("--sro")
    write_node = str(plugin.get("WriteNode", "")).strip()
    if write_node:
        command += ["-X", write_node]
    command += ["-x", str(plugin["SceneFile"])]
    return command


def render_environment(claim: Claim, base: dict[str, str] | None = None, *,
                       allow_plugin_paths: bool = False) -> dict[str, str]:
    """The farm's environment without its secrets, plus the job's entries that cannot change what runs."""
    job_variables = read_numbered_pairs("EnvironmentKeyValue", claim.job_info)
    return filtered_environment(job_variables, base, allow_plugin_paths=allow_plugin_paths).variables


def _stop(process: subprocess.Popen) -> None:
    """Terminate a render and everything it started; kill it if it does not go within 5 s."""
    kill = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows has no SIGKILL
    for group_signal, fallback in ((signal.SIGTERM, process.terminate), (kill, process.kill)):
        try:
            if os.name == "posix":
                os.killpg(process.pid, group_signal)
            else:
                fallback()
        except (ProcessLookupError, PermissionError):
            fallback()
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue
    process.wait()


class Worker(threading.Thread):
    """One render slot of the local farm."""

    def __init__(
        self,
        name: str,
        queue: FarmQueue,
        nuke_command: str,
        *,
        stopping: threading.Event,
        work_ready: threading.Event,
        poll_seconds: float = 0.25,
        allow_plugin_paths: bool = False,
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.queue = queue
        # Resolved once, here: neither a job's PATH nor a later change of the farm's can swap it.
        self.nuke, self.nuke_problem = nuke_executable(nuke_command)
        self.allow_plugin_paths = allow_plugin_paths
        self.stopping = stopping
        self.work_ready = work_ready
        self.poll_seconds = poll_seconds

    def run(self) -> None:
        while not self.stopping.is_set():
            claim = None
            try:
                claim = self.queue.claim_next(self.name)
                if claim is None:
                    self.work_ready.wait(self.poll_seconds)
                    self.work_ready.clear()
                    continue
                self.render(claim)
            except Exception as error:  # a worker must survive any one task
                log.exception("worker %s failed", self.name)
                if claim is not None and not self.stopping.is_set():
                    self.queue.finish(claim, succeeded=False, log=f"local farm worker error: {error}\n")
                self.stopping.wait(self.poll_seconds)

    def render(self, claim: Claim) -> None:
        command = render_command(self.nuke, claim)
        output: deque[str] = deque()
        size = [0]
        header = f"[{now_text()}] {self.name}: {shlex.join(command)}\n"
        scene_dir = Path(str(claim.plugin_info["SceneFile"])).parent
        if self.nuke_problem is not None:
            self.queue.finish(claim, succeeded=False, log=header + f"cannot start the Nuke executable "
                              f"{self.nuke[0]!r}: {self.nuke_problem}\n")
            return
        environment = filtered_environment(read_numbered_pairs("EnvironmentKeyValue", claim.job_info),
                                           allow_plugin_paths=self.allow_plugin_paths)
        if environment.ignored:
            header += f"ignored job environment (could change what runs): {', '.join(environment.ignored)}\n"
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=environment.variables,
                cwd=scene_dir if scene_dir.is_dir() else None,
                text=True,
                errors="replace",
                start_new_session=os.name == "posix",  # its own process group: stop Nuke's children too
            )
        except OSError as error:
            self.queue.finish(claim, succeeded=False,
                              log=header + f"cannot start the Nuke executable {self.nuke[0]!r}: {error}\n")
            return
        self.queue.render_started(claim, process_identity(process.pid))
        reader = threading.Thread(target=self._collect, args=(process, output, size), daemon=True)
        reader.start()
        interrupted = self._wait(process, claim)
        reader.join(timeout=5)
        text = header + "".join(output)
        if interrupted == "stopping":
            self.queue.release(claim, text + f"\n[{now_text()}] interrupted: the farm stopped\n")
            return
        if interrupted == "lost":
            # Suspended, requeued or deleted meanwhile: the result no longer belongs here,
            # and now that the process is gone the task may render elsewhere.
            self.queue.stopped(claim)
            return
        code = process.returncode
        text += f"[{now_text()}] exit code {code}\n"
        self.queue.finish(claim, succeeded=code == 0, log=text)

    def _wait(self, process: subprocess.Popen, claim: Claim) -> str | None:
        """Wait for the render; stop it early when the claim is lost or the farm stops."""
        while True:
            try:
                process.wait(timeout=self.poll_seconds)
                return None
            except subprocess.TimeoutExpired:
                pass
            reason = "stopping" if self.stopping.is_set() else None
            if reason is None and not self.queue.holds(claim):
                reason = "lost"
            if reason:
                _stop(process)
                return reason

    @staticmethod
    def _collect(process: subprocess.Popen, output: deque[str], size: list[int]) -> None:
        """Keep the last ``LOG_LIMIT`` characters of the render's output."""
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            size[0] += len(line)
            while size[0] > LOG_LIMIT and len(output) > 1:
                size[0] -= len(output.popleft())
