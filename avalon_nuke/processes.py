"""Is the process that started something still at it? Identities that survive pid reuse.

Work that can be cut off by ``kill -9`` (a farm's render, a publish copying
frames) records who does it: the process id plus, on Linux, the kernel's start
time of that process (``/proc/<pid>/stat``, field 22), so a later, unrelated
process that got the same id is not mistaken for it. The local farm starts each
render in its own process group (a new session), so a render is alive while
any process of that group is; the farm holds a task whose render outlived the
farm until it has ended. A publish's half-made version is cleaned by the next
publish once the process that made it is gone.
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


def process_identity(pid: int | None = None) -> str:
    """``"<pid>:<start time>"`` of *pid* (default: this process); the start time may be empty."""
    pid = os.getpid() if pid is None else pid
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
    """Whether the process recorded as *identity* (or a process of its group) is still running."""
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
