"""``avalon-nuke farm``: run a local render farm that answers like Deadline's Web Service.

Point ``AVALON_DEADLINE`` at it to submit, watch and control renders on one
machine without Deadline; the same code then talks to a studio's Deadline.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from avalon_nuke.errors import InputError
from avalon_nuke.local_farm.error_limit_defaults import DEFAULT_JOB_ERROR_LIMIT, DEFAULT_TASK_ERROR_LIMIT

if TYPE_CHECKING:
    from avalon_nuke.config import Settings

DEFAULT_DATA = Path("~/.avalon/farm")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    farm = subparsers.add_parser(
        "farm", parents=parents,
        help="run a local render farm speaking Deadline's Web Service (jobs, tasks, pools, groups)",
        description="Run a one-machine render farm with Deadline's Web Service API. Jobs persist in "
                    "--data across restarts; workers run the Nuke executable (AVALON_NUKE_EXECUTABLE).",
    )
    farm.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    farm.add_argument("--port", type=int, default=8081, help="port to listen on (default 8081)")
    farm.add_argument("--data", type=Path, default=DEFAULT_DATA,
                      help="folder of the job queue (default ~/.avalon/farm)")
    farm.add_argument("--workers", type=int, default=1, help="tasks rendered at once (default 1; 0 = none)")
    farm.add_argument("--user", help="require basic auth with this user name")
    farm.add_argument("--password",
                      help="password for --user (better: set AVALON_DEADLINE_PASSWORD, which is not "
                           "visible in the process list)")
    farm.add_argument("--pool", action="append", default=[], metavar="NAME",
                      help="a pool the farm lists besides 'none' (repeatable)")
    farm.add_argument("--group", action="append", default=[], metavar="NAME",
                      help="a group the farm lists besides 'none' (repeatable)")
    farm.add_argument("--allow-job-plugin-paths", action="store_true",
                      help="let jobs set NUKE_PATH, OFX_PLUGIN_PATH and PYTHONPATH for their renders (code "
                           "Nuke runs at start-up: only for submitters you trust). PATH, LD_*, BASH_ENV and "
                           "other variables that change what runs are never taken from a job")
    farm.add_argument("--limit", action="append", default=[], metavar="NAME[=COUNT]",
                      help="a limit group the farm lists (repeatable), e.g. nuke_render; with a COUNT, at "
                           "most that many workers render its jobs at once (e.g. nuke_render=2 for two "
                           "render licences)")
    farm.add_argument("--task-error-limit", type=int, default=DEFAULT_TASK_ERROR_LIMIT, metavar="N",
                      help="errors after which a task fails instead of being retried (default "
                           f"{DEFAULT_TASK_ERROR_LIMIT}: no limit, the job limit decides)")
    farm.add_argument("--job-error-limit", type=int, default=DEFAULT_JOB_ERROR_LIMIT, metavar="N",
                      help=f"errors after which a whole job fails (default {DEFAULT_JOB_ERROR_LIMIT}, "
                           "Deadline's; 0: no limit)")
    farm.set_defaults(handler=run_farm)


def farm_options(args: argparse.Namespace, settings: Settings) -> dict:
    """Keyword arguments for :class:`LocalFarm` from the command line and the settings."""
    if not 0 <= args.port <= 65535:
        raise InputError(f"--port must be between 0 and 65535, not {args.port}")
    if args.workers < 0:
        raise InputError(f"--workers cannot be negative ({args.workers})")
    if args.task_error_limit < 0 or args.job_error_limit < 0:
        raise InputError("--task-error-limit and --job-error-limit cannot be negative (0 means no limit)")
    if args.password and not args.user:
        raise InputError("--password needs --user")
    from avalon_nuke.local_farm.failure_limits import ErrorLimits

    limits = [_limit_group(text) for text in args.limit]

    credentials = None
    if args.user:
        password = args.password or settings.deadline_password
        if not password:
            raise InputError("--user needs a password: set AVALON_DEADLINE_PASSWORD (or --password)")
        credentials = (args.user, password)
    return {
        "data_dir": args.data.expanduser(),
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "nuke_command": settings.nuke_executable,
        "credentials": credentials,
        "pools": tuple(args.pool),
        "groups": tuple(args.group),
        "allow_plugin_paths": getattr(args, "allow_job_plugin_paths", False),  # off unless asked for
        "limit_groups": tuple(name for name, _ in limits),
        "limit_stubs": {name: count for name, count in limits if count is not None},
        "error_limits": ErrorLimits(task=args.task_error_limit, job=args.job_error_limit),
    }


def _limit_group(text: str) -> tuple[str, int | None]:
    """``nuke_render=2`` -> ``("nuke_render", 2)``; ``disk`` -> ``("disk", None)`` (no count)."""
    from avalon_nuke.deadline.jobs import checked_name

    name, equals, count = text.partition("=")
    name = checked_name("--limit", name.strip())
    if not equals:
        return name, None
    if not count.strip().isdigit() or int(count) < 1:
        raise InputError(f"--limit {text!r}: the count after '=' must be a whole number of at least 1")
    return name, int(count)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_farm(args: argparse.Namespace, settings: Settings) -> int:
    import shlex

    from avalon_nuke.local_farm.api import GREETING
    from avalon_nuke.local_farm.render_environment import nuke_executable
    from avalon_nuke.local_farm.server import LocalFarm

    options = farm_options(args, settings)
    farm = LocalFarm(**options).start()
    if threading.current_thread() is threading.main_thread():
        # A service manager's SIGTERM stops renders and requeues them, like Ctrl+C.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        requeued = farm.queue.requeued_on_open if farm.queue else 0
        print(f"{GREETING} on {farm.url}", flush=True)
        nuke, problem = nuke_executable(options["nuke_command"])  # what the workers resolved
        print(f"  queue: {options['data_dir']}  workers: {options['workers']}  "
              f"nuke: {shlex.join(nuke)}"
              + ("  basic auth: on" if options["credentials"] else ""), flush=True)
        if problem and options["workers"]:
            print(f"warning: the Nuke executable {options['nuke_command']!r}: {problem}; renders will fail "
                  "(set AVALON_NUKE_EXECUTABLE)", file=sys.stderr)
        if requeued:
            print(f"  {requeued} task(s) that were rendering when the farm stopped are queued again")
        if args.host not in _LOOPBACK and not options["credentials"]:
            print("warning: listening beyond this machine without --user: anyone on the network can "
                  "submit renders", file=sys.stderr)
        print(f"  submit with AVALON_DEADLINE={farm.url}; stop with Ctrl+C", flush=True)
        threading.Event().wait()  # until Ctrl+C
    except KeyboardInterrupt:
        print("stopping: renders in progress go back to the queue", flush=True)
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the requeue short
        farm.stop()
    return 0
