"""Render workers: claim a task, have Nuke render it the way Deadline's Nuke plugin does, record the outcome.

A batch-mode job (the default) keeps one Nuke open per worker for as long as the
worker renders that job's tasks, feeding it one ``nuke.execute`` per task on its
stdin (see :mod:`avalon_nuke.local_farm.render_commands`); a task that errors
closes that Nuke so the next task starts clean. Without batch mode each task is
its own ``nuke -x`` process. Either way an output line Deadline takes as an error
fails the task, and so does a non-zero exit. A task whose claim is lost while it
renders (suspended, requeued, deleted, the farm stopping) has its Nuke stopped
and its result thrown away.
"""

from __future__ import annotations

import logging
import shlex
import threading
from dataclasses import dataclass
from pathlib import Path

from avalon_nuke.deadline.jobs import read_numbered_pairs
from avalon_nuke.local_farm import render_commands as rc
from avalon_nuke.local_farm.job_records import Claim, now_text
from avalon_nuke.local_farm.nuke_process import NukeProcess, Output
from avalon_nuke.local_farm.queue import FarmQueue
from avalon_nuke.local_farm.render_environment import nuke_executable
from avalon_nuke.local_farm.render_environment import render_environment as filtered_environment
from avalon_nuke.processes import process_identity

log = logging.getLogger(__name__)

def render_environment(claim: Claim, base: dict[str, str] | None = None, *,
                       allow_plugin_paths: bool = False) -> dict[str, str]:
    """The farm's environment without its secrets, plus the job's entries that cannot change what runs."""
    job_variables = read_numbered_pairs("EnvironmentKeyValue", claim.job_info)
    return filtered_environment(job_variables, base, allow_plugin_paths=allow_plugin_paths).variables


@dataclass
class _Outcome:
    """How a render ended: ``done``, ``failed``, ``lost`` (claim gone) or ``stopping`` (farm stops)."""

    how: str
    log: str


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
        self._batch: NukeProcess | None = None  # the open batch-mode Nuke...
        self._batch_job: str | None = None      # ...and the job it has loaded

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                self._next()
        finally:
            self._close_batch(kill=True)

    def _next(self) -> None:
        claim = None
        try:
            claim = self.queue.claim_next(self.name, prefer_job=self._batch_job)
            if claim is None:
                self._close_batch()  # nothing left of its job: Deadline's EndJob
                self.work_ready.wait(self.poll_seconds)
                self.work_ready.clear()
                return
            self.render(claim)
        except Exception as error:  # a worker must survive any one task
            log.exception("worker %s failed", self.name)
            self._close_batch(kill=True)
            if claim is not None and not self.stopping.is_set():
                self.queue.finish(claim, succeeded=False, log=f"local farm worker error: {error}\n")
            self.stopping.wait(self.poll_seconds)

    def render(self, claim: Claim) -> None:
        if self.nuke_problem is not None:
            why = f"cannot start the Nuke executable {self.nuke[0]!r}: {self.nuke_problem}"
            self.queue.finish(claim, succeeded=False, log=f"[{now_text()}] {self.name}: {why}\n")
            return
        if rc.batch_mode(claim.plugin_info):
            outcome = self._render_batch(claim)
        else:
            self._close_batch()
            outcome = self._render_single(claim)
        if outcome.how == "stopping":
            self.queue.release(claim, outcome.log + f"\n[{now_text()}] interrupted: the farm stopped\n")
        elif outcome.how == "lost":
            # Suspended, requeued or deleted meanwhile: the result no longer belongs here,
            # and now that the process is gone the task may render elsewhere.
            self.queue.stopped(claim)
        else:
            self.queue.finish(claim, succeeded=outcome.how == "done", log=outcome.log)

    # -- the two ways Deadline's plugin runs Nuke ---------------------------------------------------

    def _render_batch(self, claim: Claim) -> _Outcome:
        statements = rc.render_statements(claim.plugin_info, claim.frames)  # bad plugin info: fail early
        output = Output()
        batch = self._batch
        if batch is not None and (self._batch_job != claim.job_id or batch.returncode is not None):
            self._close_batch()  # another job's Nuke, or one that has exited since its last task
        if self._batch is None:
            scene = str(claim.plugin_info["SceneFile"])
            command = rc.batch_command(self.nuke, claim.plugin_info, scene)
            output.add(f"[{now_text()}] {self.name}: batch mode, starting {shlex.join(command)}\n")
            try:
                self._batch = self._start(command, claim, stdin=True, output=output)
            except OSError as error:
                output.add(f"cannot start the Nuke executable {self.nuke[0]!r}: {error}\n")
                return _Outcome("failed", output.text())
            self._batch_job = claim.job_id
        else:
            output.add(f"[{now_text()}] {self.name}: batch mode, the job's Nuke (pid {self._batch.pid})\n")
        self.queue.render_started(claim, process_identity(self._batch.pid))
        for statement in statements:
            output.add(f">>> {statement}\n")
            how = self._run_statement(self._batch, statement, claim, output)
            if how != "done":
                self._close_batch(kill=True)  # a failed or stopped task leaves no Nuke behind
                return _Outcome(how, output.text())
        output.add(f"[{now_text()}] task done\n")
        return _Outcome("done", output.text())

    def _run_statement(self, nuke: NukeProcess, statement: str, claim: Claim, output: Output) -> str:
        """Send one statement and the ready marker; read Nuke's output until the marker comes back."""
        if not nuke.send(f"{statement}\n{rc.READY_COMMAND}\n"):
            output.add(f"[{now_text()}] Nuke no longer reads its input (exit code {nuke.returncode})\n")
            return "failed"
        while True:
            line = nuke.next_line(self.poll_seconds)
            if line is False:
                reason = self._interrupted(claim)
                if reason:
                    return reason
                continue
            if line is None:
                output.add(f"[{now_text()}] Nuke exited before finishing the task (exit code "
                           f"{nuke.returncode})\n")
                return "failed"
            assert isinstance(line, str)
            if line.strip() == rc.READY:
                return "done"
            output.add(line)
            if rc.error_line(line, claim.plugin_info):
                output.add(f"[{now_text()}] the task failed on this line, as Deadline's Nuke plugin would\n")
                return "failed"

    def _render_single(self, claim: Claim) -> _Outcome:
        scene = str(claim.plugin_info["SceneFile"])
        command = rc.single_command(self.nuke, claim.plugin_info, claim.frames, scene)
        output = Output()
        output.add(f"[{now_text()}] {self.name}: {shlex.join(command)}\n")
        try:
            nuke = self._start(command, claim, stdin=False, output=output)
        except OSError as error:
            output.add(f"cannot start the Nuke executable {self.nuke[0]!r}: {error}\n")
            return _Outcome("failed", output.text())
        self.queue.render_started(claim, process_identity(nuke.pid))
        failed_on = None
        while True:
            line = nuke.next_line(self.poll_seconds)
            if line is None:
                break
            if line is False:
                reason = self._interrupted(claim)
                if reason:
                    nuke.kill()
                    return _Outcome(reason, output.text())
                continue
            assert isinstance(line, str)
            output.add(line)
            if failed_on is None and rc.error_line(line, claim.plugin_info):
                failed_on = line
        finished = nuke.wait(self.poll_seconds, lambda: self._interrupted(claim) is not None)
        if not finished:
            return _Outcome(self._interrupted(claim) or "lost", output.text())
        code = nuke.returncode
        output.add(f"[{now_text()}] exit code {code}\n")
        if failed_on is not None:
            output.add(f"[{now_text()}] the task failed on an error line, as Deadline's Nuke plugin would\n")
        return _Outcome("done" if code == 0 and failed_on is None else "failed", output.text())

    # -- helpers ------------------------------------------------------------------------------------

    def _start(self, command: list[str], claim: Claim, *, stdin: bool, output: Output) -> NukeProcess:
        scene_dir = Path(str(claim.plugin_info["SceneFile"])).parent
        environment = filtered_environment(read_numbered_pairs("EnvironmentKeyValue", claim.job_info),
                                           allow_plugin_paths=self.allow_plugin_paths)
        if environment.ignored:
            ignored = ", ".join(environment.ignored)
            output.add(f"ignored job environment (could change what runs): {ignored}\n")
        return NukeProcess(command, environment=environment.variables,
                           cwd=scene_dir if scene_dir.is_dir() else None, stdin=stdin)

    def _interrupted(self, claim: Claim) -> str | None:
        if self.stopping.is_set():
            return "stopping"
        if not self.queue.holds(claim):
            return "lost"
        return None

    def _close_batch(self, *, kill: bool = False) -> None:
        if self._batch is None:
            return
        if kill:
            self._batch.kill()
        else:
            self._batch.end(rc.END_COMMANDS)
        self._batch, self._batch_job = None, None
