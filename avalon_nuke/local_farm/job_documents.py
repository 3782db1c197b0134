"""The local farm's answers in the shapes Deadline's Web Service uses.

A job is ``{"_id", "Props": {"Name", "Batch", "User", "Frames", "Chunk", "Pri",
"Pool", "Grp", "Limits", "MachLmt", "Env", "ExDic", "PlugInfo", ...}, "Mach",
"Plug", "Stat", "CompletedChunks", "Errs", ...}`` with the fields a real Deadline
job document carries (about 150, some 3 KB of JSON), so sizes and timings measured
against the local farm are those of a studio farm. Fields the local farm has no
use for hold the values Deadline gives a job that does not set them. A task is
``{"JobID", "TaskID", "Frames", "Stat", ...}``. Extension of ours: each task
carries ``"Log"``, the tail of its last render's output (Deadline keeps that in
task reports instead).
"""

from __future__ import annotations

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.frames import task_frames_text
from avalon_nuke.deadline.jobs import read_flag, read_numbered_pairs
from avalon_nuke.local_farm.job_records import JobRecord, TaskRecord

#: How Deadline writes "never" in its JSON dates, and "no time of day set" in its schedule.
NEVER = "0001-01-01T00:00:00Z"
_NO_TIME = "-10675199.02:48:05.4775808"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Props a job gets when its submission does not set them, as Deadline shows them.
_PROPS_DEFAULTS: dict[str, object] = {
    "Region": "none", "ReqAss": [], "ScrDep": [], "ConcLimt": True, "AuxSync": False, "Int": False,
    "IntPer": 100, "RemTmT": 0, "Seq": False, "Reload": False, "NoEvnt": False, "OnComp": 2,
    "Protect": False, "PathMap": [], "AutoTime": False, "TimeScrpt": False, "MinTime": 0, "MaxTime": 0,
    "Timeout": 1, "FrameTimeout": False, "StartTime": 0, "InitializePluginTime": 0, "DepFrame": False,
    "DepFrameStart": 0, "DepFrameEnd": 0, "DepComp": True, "DepDel": False, "DepFail": False,
    "DepPer": -1.0, "NoBad": False, "OverAutoClean": False, "OverClean": False, "OverCleanDays": 0,
    "OverCleanType": 1, "SndWarn": True, "NotOvr": False, "SndEmail": False, "SndPopup": False,
    "NotEmail": [], "NotNote": "", "MachLmtProg": -1.0, "PrJobScrp": "", "PoJobScrp": "",
    "PrTskScrp": "", "PoTskScrp": "", "Schd": 0, "SchdDays": 1, "SchdStop": NEVER,
    **{f"{day}{edge}": _NO_TIME for day in _DAYS for edge in ("Start", "Stop")},
    "EnvOnly": False, "PlugDir": "", "EventDir": "", "OptIns": {}, "EventOI": [], "AWSPortalAssets": [],
    "AWSPortalAssetFileWhitelist": [], "OvrTaskEINames": False,
    **{f"TaskEx{index}": "" for index in range(10)},
}
_DOCUMENT_DEFAULTS: dict[str, object] = {
    "ComFra": 0, "IsSub": True, "Purged": False, "TileFile": [], "Main": False, "MainStart": 0,
    "MainEnd": 0, "Tile": False, "TileFrame": 0, "TileCount": 0, "TileX": 0, "TileY": 0, "Bad": [],
    "DataSize": -1, "ExtraElements": None,
}


def _numbered_list(info: dict, prefix: str) -> list[str]:
    numbered = []
    for name, value in info.items():
        suffix = name[len(prefix):]
        if name.startswith(prefix) and suffix.isdigit() and str(value):
            numbered.append((int(suffix), str(value)))
    return [value for _, value in sorted(numbered)]



def _number(value: object, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return default


def _names(value: object) -> list[str]:
    return [name.strip() for name in str(value or "").split(",") if name.strip()]


def job_json(job: JobRecord) -> dict:
    """One job as ``GET /api/jobs`` returns it."""
    info = job.job_info
    total = sum(job.counts.values())
    stat = job.stat
    allowed, denied = _names(info.get("Whitelist")), _names(info.get("Blacklist"))
    props = {
        "Name": str(info.get("Name", "Untitled")),
        "Batch": str(info.get("BatchName", "")),
        "User": str(info.get("UserName", "")),
        "Cmmt": str(info.get("Comment", "")),
        "Dept": str(info.get("Department", "")),
        "Frames": str(info.get("Frames", "0")),
        "Chunk": int(info.get("ChunkSize", 1)),
        "Tasks": total,
        "Grp": str(info.get("Group", "none")) or "none",
        "Pool": str(info.get("Pool", "none")) or "none",
        "SecPool": str(info.get("SecondaryPool", "")),
        "Pri": int(info.get("Priority", 50)),
        "Conc": _number(info.get("ConcurrentTasks", 1), 1),
        "Dep": [{"JobID": job_id} for job_id in job.dependencies],
        "JobFailOvr": read_flag(info.get("OverrideJobFailureDetection", "")),
        "JobFailErr": _number(info.get("FailureDetectionJobErrors", 0)),
        "TskFailOvr": read_flag(info.get("OverrideTaskFailureDetection", "")),
        "TskFailErr": _number(info.get("FailureDetectionTaskErrors", 0)),
        "NotUser": [str(info.get("UserName", ""))] if info.get("UserName") else [],
        "Limits": _names(info.get("LimitGroups")),
        "ListedSlaves": allowed or denied,
        "White": bool(allowed),
        "MachLmt": _number(info.get("MachineLimit", 0)),
        "SchdDate": job.submitted,
        "PlugInfo": dict(job.plugin_info),
        "Env": read_numbered_pairs("EnvironmentKeyValue", info),
        "ExDic": read_numbered_pairs("ExtraInfoKeyValue", info),
    }
    for index in range(10):
        props[f"Ex{index}"] = str(info.get(f"ExtraInfo{index}", ""))
    document: dict = {
        "Props": {**_PROPS_DEFAULTS, **props},
        **_DOCUMENT_DEFAULTS,
        "Mach": str(info.get("MachineName", "")),
        "Date": job.submitted,
        "DateStart": job.first_render or NEVER,
        "DateComp": job.last_completed if stat == st.JOB_COMPLETED and job.last_completed else NEVER,
        "Plug": str(info.get("Plugin", "")),
        "OutDir": _numbered_list(info, "OutputDirectory"),
        "OutFile": _numbered_list(info, "OutputFilename"),
        "Stat": stat,
        "Aux": list(job.aux_files),
        "Errs": job.errors,
        "SnglTskPrg": "100 %" if stat == st.JOB_COMPLETED else "0 %",
        "_id": job.id,
    }
    for task_state, counter in st.CHUNK_COUNTERS.items():
        document[counter] = job.counts.get(task_state, 0)
    return document


def task_json(task: TaskRecord) -> dict:
    """One task as ``GET /api/tasks`` lists it."""
    return {
        "_id": f"{task.job_id}_{task.task_id}",
        "JobID": task.job_id,
        "TaskID": task.task_id,
        "Frames": task_frames_text(task.frames),
        "Slave": task.worker,
        "Stat": task.stat,
        "Prog": "100 %" if task.stat == st.TASK_COMPLETED else "0 %",
        "RndStat": st.TASK_STATE_NAMES.get(task.stat, ""),
        "Errs": task.errors,
        "StartRen": task.render_started or NEVER,
        "Comp": task.completed or NEVER,
        "Log": task.log,
    }


def tasks_json(job_id: str, tasks: list[TaskRecord]) -> dict:
    """``GET /api/tasks?JobID=`` answer: the job's tasks, no pre/post job tasks."""
    return {"ID": job_id, "PreTask": None, "PostTask": None, "Tasks": [task_json(t) for t in tasks]}
