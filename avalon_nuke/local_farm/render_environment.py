"""What a render may inherit and what a job may set: nothing that changes what runs.

A job's ``EnvironmentKeyValueN`` entries come from whoever can reach the farm's
port. Variables that pick the program (``PATH``), inject code into the dynamic
loader (``LD_*``, ``DYLD_*``), into every bash or sh started (``BASH_ENV``,
``ENV``, exported ``BASH_FUNC_*``), into Python (``PYTHON*``) or into Nuke's
start-up (``NUKE_PATH``, ``OFX_PLUGIN_PATH``: Nuke runs the ``init.py`` files
and loads the plug-ins it finds there) would let a job run any command, so they
are dropped. The plug-in paths (``NUKE_PATH``, ``OFX_PLUGIN_PATH``,
``PYTHONPATH``) pass only when the farm was started with
``allow_plugin_paths``: a studio farm that trusts its submitters needs them for
its pipeline. The farm's own secrets are removed from what renders inherit.

The Nuke executable is resolved once, when the farm starts, to an absolute path,
so neither a job nor a later change of the farm's ``PATH`` can swap it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Mapping
from dataclasses import dataclass

#: Names a job may never set.
BLOCKED_NAMES = frozenset({
    "PATH", "BASH_ENV", "ENV", "IFS", "CDPATH", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND",
    "GLOBIGNORE", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "NODE_OPTIONS",
    "GCONV_PATH", "LOCPATH", "HOSTALIASES", "RESOLV_HOST_CONF", "TCLLIBPATH", "TCL_LIBRARY",
})
#: Prefixes a job may never set (``PYTHONPATH`` is a plug-in path, see below).
BLOCKED_PREFIXES = ("LD_", "DYLD_", "PYTHON", "BASH_FUNC_", "MALLOC_", "GLIBC_")
#: Where Nuke and Python look for code to run at start-up: only with the farm's consent.
PLUGIN_PATHS = frozenset({"NUKE_PATH", "OFX_PLUGIN_PATH", "PYTHONPATH"})
#: The farm's own variables a render must not see.
FARM_SECRETS = frozenset({"AVALON_MONGO", "AVALON_DEADLINE_PASSWORD", "AVALON_DEADLINE_USER"})
_SECRET_WORDS = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|CREDENTIAL|PRIVATE_KEY", re.I)
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
MAX_VALUE_LENGTH = 32 * 1024


def job_may_set(name: str, *, allow_plugin_paths: bool = False) -> bool:
    """Whether a job's environment entry *name* passes to its render."""
    upper = name.upper()
    if not _VARIABLE_NAME.fullmatch(name):
        return False
    if upper in PLUGIN_PATHS:
        return allow_plugin_paths
    return upper not in BLOCKED_NAMES and not upper.startswith(BLOCKED_PREFIXES)


def is_farm_secret(name: str) -> bool:
    return name.upper() in FARM_SECRETS or bool(_SECRET_WORDS.search(name))


@dataclass(frozen=True)
class RenderEnvironment:
    """The environment of one render, and the job entries that were left out (for its log)."""

    variables: dict[str, str]
    ignored: tuple[str, ...]


def render_environment(job_variables: Mapping[str, str], base: Mapping[str, str] | None = None, *,
                       allow_plugin_paths: bool = False) -> RenderEnvironment:
    """The farm's environment without its secrets, plus the job entries that cannot change what runs."""
    source = os.environ if base is None else base
    variables = {name: value for name, value in source.items() if not is_farm_secret(name)}
    ignored = []
    for name, value in job_variables.items():
        text = str(value)
        if (not job_may_set(name, allow_plugin_paths=allow_plugin_paths)
                or "\0" in text or len(text) > MAX_VALUE_LENGTH):
            ignored.append(name)
            continue
        variables[name] = text
    return RenderEnvironment(variables, tuple(ignored))


class ExecutableNotFound(Exception):
    """The configured Nuke command names no executable file (the message says why)."""


def resolve_command(command: str, search_path: str | None = None) -> list[str]:
    """*command* split like a shell would, with its program made an absolute path, once.

    A bare name is looked up on the farm's own ``PATH`` at start; a relative path is
    made absolute against the current folder. Raises :class:`ExecutableNotFound`.
    """
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise ExecutableNotFound(f"the command cannot be split ({error})") from error
    if not words:
        raise ExecutableNotFound("the command is empty")
    program = words[0]
    if os.sep in program or (os.altsep and os.altsep in program):
        found = os.path.abspath(program)
        if not (os.path.isfile(found) and os.access(found, os.X_OK)):
            raise ExecutableNotFound("no executable file there")
    else:
        located = shutil.which(program, path=search_path if search_path is not None
                               else os.environ.get("PATH", os.defpath))
        if located is None:
            raise ExecutableNotFound("not found on the farm's PATH when it started")
        found = os.path.abspath(located)
    return [found, *words[1:]]


def nuke_executable(command: str) -> tuple[list[str], str | None]:
    """The resolved command and None, or the command as given and why it cannot run."""
    try:
        return resolve_command(command), None
    except ExecutableNotFound as problem:
        return [command], str(problem)
