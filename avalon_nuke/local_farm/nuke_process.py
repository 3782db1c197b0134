"""A running Nuke as a farm worker drives it: its output line by line, Python on its stdin, a stop.

Output is read on a thread into a queue so the worker can wait for the next line
and still notice, every poll, that its task was suspended or the farm is
stopping. Nuke runs in its own process group so that stopping it stops whatever
it started too.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from avalon_nuke.local_farm.job_records import LOG_LIMIT


@dataclass
class Output:
    """The tail (``LOG_LIMIT`` characters) of what a render printed, for the task's log."""

    lines: deque[str] = field(default_factory=deque)
    size: int = 0

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line)
        while self.size > LOG_LIMIT and len(self.lines) > 1:
            self.size -= len(self.lines.popleft())

    def text(self) -> str:
        return "".join(self.lines)


class NukeProcess:
    """One Nuke process; ``None`` in :meth:`next_line` means it closed its output (exited)."""

    def __init__(self, command: Sequence[str], *, environment: Mapping[str, str], cwd: Path | None,
                 stdin: bool) -> None:
        self.command = list(command)
        self._process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            env=dict(environment),
            cwd=cwd,
            text=True,
            errors="replace",
            bufsize=1,
            start_new_session=os.name == "posix",  # its own process group: stop Nuke's children too
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name=f"nuke-{self._process.pid}-output",
                                        daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.poll()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def send(self, text: str) -> bool:
        """Write *text* on Nuke's stdin; False when Nuke no longer reads it."""
        stdin = self._process.stdin
        if stdin is None:
            return False
        try:
            stdin.write(text)
            stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    def next_line(self, timeout: float) -> str | None | bool:
        """The next output line, None once Nuke's output ended, False when nothing came in *timeout*."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            return False

    def wait(self, timeout: float, interrupted: Callable[[], bool]) -> bool:
        """Wait for Nuke to exit; False (Nuke stopped) when *interrupted* says so first."""
        while True:
            try:
                self._process.wait(timeout=timeout)
                self._reader.join(timeout=5)
                return True
            except subprocess.TimeoutExpired:
                if interrupted():
                    self.kill()
                    return False

    def rest_of_output(self, output: Output) -> None:
        """Everything Nuke printed that was not read yet (after it exited)."""
        self._reader.join(timeout=5)
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return
            if line is not None:
                output.add(line)

    def end(self, commands: Sequence[str], timeout: float = 5.0) -> None:
        """Ask Nuke to close the script and quit; stop it when it does not within *timeout*."""
        if self.returncode is None and self.send("".join(f"{line}\n" for line in commands)):
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
        """Terminate Nuke and everything it started; kill it if it does not go within 5 s."""
        process = self._process
        if process.poll() is None:
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
                    break
                except subprocess.TimeoutExpired:
                    continue
            process.wait()
        self._reader.join(timeout=5)  # the output ends with the process: let the reader finish first
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
