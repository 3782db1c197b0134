"""Renders that outlived their farm: recognise them by process, so nothing renders twice at once.

Each render runs in its own process group (the worker starts it in a new
session), so after ``kill -9`` of the farm Nuke and its children keep running.
The farm records every render's identity when it starts it: the process id
plus, on Linux, the kernel's start time of that process (``/proc/<pid>/stat``,
field 22), so a later, unrelated process that got the same id is not mistaken
for it. A task whose render is still alive when the farm opens its queue again
waits until that process group has ended, then renders again (its result could
not be recorded: the worker that read its output is gone).
"""

from __future__ import annotations

import os


def _start_time(pid: int) -> str | None:
    """The kernel's start time of *pid* (Linux), '' where /proc is not available, None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            text = stream.read().decode("ascii", "replace")
    except FileNotFoundError:
        return None if os.path.isdir("/proc/self") else ""
    except OSError:
        return ""
    # The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    fields = text[text.rfind(")") + 2:].split()
    return fields[19] if len(fields) > 19 else ""


def process_identity(pid: int) -> str:
    """``"<pid>:<start time>"`` for a render just started (the start time may be empty)."""
    return f"{pid}:{_start_time(pid) or ''}"


def _group_alive(pid: int) -> bool:
    if os.name != "posix":
        return False
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def still_running(identity: str | None) -> bool:
    """Whether the render recorded as *identity* (or a process of its group) is still running."""
    if not identity:
        return False
    pid_text, _, started = identity.partition(":")
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid <= 1:
        return False
    now = _start_time(pid)
    if now is not None and (not started or not now or now == started):
        if _is_zombie(pid):
            return _group_alive(pid)
        return True
    # The leader is gone (or is another process now); its children may still render.
    return now is None and _group_alive(pid)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            text = stream.read().decode("ascii", "replace")
    except OSError:
        return False
    fields = text[text.rfind(")") + 2:].split()
    return bool(fields) and fields[0] == "Z"
