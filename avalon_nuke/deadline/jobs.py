"""JobInfo and PluginInfo for Deadline's Nuke plugin.

Deadline takes a job as two flat dictionaries of strings; the key names are
Deadline's (its Nuke submitter and plugin read the same ones). Environment
variables and extra info travel as numbered ``"K=V"`` entries. Anything that looks
like a secret is left out: job info is readable by everyone who can open Deadline
Monitor, and ends up in logs and reports.

Every job carries :data:`PUBLISHED_RENDER` in its environment: the Nuke it starts
renders a published script as it was saved, and the Avalon callbacks read that to
leave the script's loaded versions alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

from avalon_nuke.config import redact
from avalon_nuke.deadline.frames import parse_frames
from avalon_nuke.errors import InputError

log = logging.getLogger(__name__)

_SECRET_KEY = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.I)
_NUKE_VERSION = re.compile(r"^\d+\.\d+$")
_INITIAL_STATES = ("Active", "Suspended")
_JOB_ID = re.compile(r"^[0-9a-f]{24}$")
_FRAME_PADDING = re.compile(r"#+|%0?\d*d")
_NAME_LIST = re.compile(r"^[A-Za-z0-9_.\-]+$")

#: Environment variable set in every job's renders: "this Nuke renders a published script".
PUBLISHED_RENDER = "AVALON_PUBLISHED_RENDER"


def is_secret(key: str, value: str) -> bool:
    """True for a key named like a credential or a value holding a URI password."""
    return bool(_SECRET_KEY.search(key)) or redact(value) != value


def numbered_pairs(prefix: str, pairs: Mapping[str, object]) -> dict[str, str]:
    """``{"<prefix>0": "K=V", ...}`` for the non-secret *pairs*, sorted by key."""
    entries: dict[str, str] = {}
    for key in sorted(pairs):
        value = "" if pairs[key] is None else str(pairs[key])
        if not key or "=" in key or any(ch.isspace() for ch in key):
            raise InputError(f"{prefix} key {key!r} is not a valid name")
        if is_secret(key, value):
            log.warning("left %s %s out of the job: it looks like a secret", prefix, key)
            continue
        entries[f"{prefix}{len(entries)}"] = f"{key}={value}"
    return entries


def read_flag(value: object, default: bool = False) -> bool:
    """A JobInfo or PluginInfo boolean as Deadline writes them (``True``, ``false``); blank is *default*."""
    text = str(value).strip().lower()
    return default if not text else text in ("1", "true", "yes", "on")


def read_numbered_pairs(prefix: str, info: Mapping[str, object]) -> dict[str, str]:
    """The ``K=V`` entries ``<prefix>0..N`` of a JobInfo as a dictionary (gaps allowed)."""
    pairs: dict[str, str] = {}
    numbered = []
    for name, value in info.items():
        suffix = name[len(prefix):]
        if name.startswith(prefix) and suffix.isdigit():
            numbered.append((int(suffix), str(value)))
    for _, entry in sorted(numbered):
        key, sep, value = entry.partition("=")
        if sep and key:
            pairs[key] = value
    return pairs


def _flag(value: bool) -> str:
    return "True" if value else "False"


def _positive(name: str, value: int, minimum: int = 0, maximum: int | None = None) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{name} must be a whole number of at least {minimum}, not {value!r}")
    if maximum is not None and value > maximum:
        raise InputError(f"{name} must be at most {maximum}, not {value}")
    return str(value)


def _required(name: str, value: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise InputError(f"a Nuke farm job needs a {name}")
    return text


def is_image_sequence(filename: str) -> bool:
    """True when *filename* has frame padding (``####``, ``%04d``): one file per frame."""
    return bool(_FRAME_PADDING.search(str(filename)))


def checked_name(what: str, name: str) -> str:
    """*name* (a pool, group or limit), or InputError: a comma or a space could never match."""
    if not _NAME_LIST.match(name):
        raise InputError(f"{what} name {name!r} may hold only letters, digits, '_', '-' and '.'")
    return name


def _names(what: str, names: Iterable[str]) -> str:
    """Deadline's comma-separated name list."""
    cleaned = [checked_name(what, str(name).strip()) for name in names if str(name).strip()]
    return ",".join(dict.fromkeys(cleaned))


def nuke_job(
    *,
    name: str,
    batch_name: str,
    user: str,
    comment: str,
    frames: str,
    chunk_size: int,
    priority: int,
    pool: str,
    secondary_pool: str | None = None,
    group: str,
    department: str | None = None,
    scene_file: str,
    write_node: str,
    nuke_version: str,
    output_directory: str,
    output_filename: str,
    environment: Mapping[str, object],
    extra_info: Mapping[str, object],
    threads: int = 0,
    ram_use: int = 0,
    use_gpu: bool = False,
    gpu: int | None = None,
    nukex: bool = False,
    limit_groups: Iterable[str] = (),
    machine_limit: int = 0,
    machine_name: str | None = None,
    continue_on_error: bool = False,
    enforce_render_order: bool = False,
    initial_status: str | None = None,
    dependencies: Iterable[str] = (),
) -> tuple[dict[str, str], dict[str, str]]:
    """JobInfo and PluginInfo rendering *write_node* of the published *scene_file*.

    *write_node* is the Write node's full name (``AvalonWrite1.Write1`` for one in a
    group): what Deadline's plugin hands to ``nuke.execute`` (batch mode) or ``-X``.
    *gpu* picks one GPU by index (``UseSpecificGpu``); None leaves the choice to
    the worker. ``BatchModeIsMovie`` follows *output_filename*: False for an image
    sequence so each frame is its own ``nuke.execute`` and the task reports progress
    per frame; True for a movie, which must be written in one go. Values are
    strings, as in Deadline's submission files; the Web Service takes them as they are.
    """
    parse_frames(frames)  # refuse a frame list Deadline would refuse, before sending
    if not _NUKE_VERSION.match(str(nuke_version).strip()):
        raise InputError(f"Nuke version must look like '15.1', not {nuke_version!r}")
    if initial_status is not None and initial_status not in _INITIAL_STATES:
        choices = ", ".join(_INITIAL_STATES)
        raise InputError(f"initial status must be one of {choices}, not {initial_status!r}")
    dependency_ids = [str(job_id).strip() for job_id in dependencies]
    for job_id in dependency_ids:
        if not _JOB_ID.match(job_id):
            raise InputError(f"{job_id!r} is not a Deadline job id (24 hexadecimal characters)")

    job_info = {
        "Plugin": "Nuke",
        "Name": _required("job name", name),
        "BatchName": str(batch_name or ""),
        "UserName": _required("user name", user),
        "Comment": str(comment or ""),
        "Frames": str(frames).strip(),
        "ChunkSize": _positive("chunk size", chunk_size, minimum=1),
        "Priority": _positive("priority", priority, maximum=100),
        "Pool": str(pool or "none"),
        "Group": str(group or "none"),
    }
    if secondary_pool:
        job_info["SecondaryPool"] = str(secondary_pool)
    if department:
        job_info["Department"] = str(department)
    if initial_status:
        job_info["InitialStatus"] = initial_status
    if dependency_ids:
        job_info["JobDependencies"] = ",".join(dependency_ids)
    limits = _names("limit", limit_groups)
    if limits:
        job_info["LimitGroups"] = limits
    if machine_limit:
        job_info["MachineLimit"] = _positive("machine limit", machine_limit)
    if machine_name:
        job_info["MachineName"] = str(machine_name)
    job_info["OutputDirectory0"] = _required("output directory", output_directory)
    job_info["OutputFilename0"] = _required("output file name", output_filename)
    job_info.update(numbered_pairs("EnvironmentKeyValue", {**environment, PUBLISHED_RENDER: "1"}))
    job_info.update(numbered_pairs("ExtraInfoKeyValue", extra_info))

    plugin_info = {
        "SceneFile": _required("scene file", scene_file),
        "Version": str(nuke_version).strip(),
        "WriteNode": _required("write node", write_node),
        "BatchMode": "True",
        "BatchModeIsMovie": _flag(not is_image_sequence(output_filename)),
        "Threads": _positive("threads", threads),
        "RamUse": _positive("RAM use", ram_use),
        "NukeX": _flag(nukex),
        "UseGpu": _flag(use_gpu or gpu is not None),
        "UseSpecificGpu": _flag(gpu is not None),
        "GpuOverride": _positive("GPU index", gpu if gpu is not None else 0),
        "ContinueOnError": _flag(continue_on_error),
        "EnforceRenderOrder": _flag(enforce_render_order),
        "Views": "",
    }
    return job_info, plugin_info
