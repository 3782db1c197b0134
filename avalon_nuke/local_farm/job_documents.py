"""The local farm's answers in the shapes Deadline's Web Service uses.

A job is ``{"_id", "Props": {"Name", "Batch", "User", "Frames", "Chunk", "Pri",
"Pool", "Grp", "Env", "ExDic", "PlugInfo", ...}, "Plug", "Stat",
"CompletedChunks", ...}``; a task is ``{"JobID", "TaskID", "Frames", "Stat",
...}``. Only fields we can fill truthfully are present. Extension of ours: each
task carries ``"Log"``, the tail of its last render's output (Deadline keeps
that in task reports instead).
"""

from __future__ import annotations

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.frames import task_frames_text
from avalon_nuke.deadline.jobs import read_numbered_pairs
from avalon_nuke.local_farm.job_records import JobRecord, TaskRecord

#: How Deadline writes "never" in its JSON dates.
NEVER = "0001-01-01T00:00:00Z"


def _numbered_list(info: dict, prefix: str) -> list[str]:
    numbered = []
    for name, value in info.items():
        suffix = name[len(prefix):]
        if name.startswith(prefix) and suffix.isdigit() and str(value):
            numbered.append((int(suffix), str(value)))
    return [value for _, value in sorted(numbered)]


def job_json(job: JobRecord) -> dict:
    """One job as ``GET /api/jobs`` returns it."""
    info = job.job_info
    total = sum(job.counts.values())
    stat = job.stat
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
        "Dep": [{"JobID": job_id} for job_id in job.dependencies],
        "PlugInfo": dict(job.plugin_info),
        "Env": read_numbered_pairs("EnvironmentKeyValue", info),
        "ExDic": read_numbered_pairs("ExtraInfoKeyValue", info),
    }
    for index in range(10):
        props[f"Ex{index}"] = str(info.get(f"ExtraInfo{index}", ""))
    document = {
        "Props": props,
        "IsSub": True,
        "Date": job.submitted,
        "DateStart": job.first_render or NEVER,
        "DateComp": job.last_completed if stat == st.JOB_COMPLETED and job.last_completed else NEVER,
        "Plug": str(info.get("Plugin", "")),
        "OutDir": _numbered_list(info, "OutputDirectory"),
        "OutFile": _numbered_list(info, "OutputFilename"),
        "Stat": stat,
        "Aux": list(job.aux_files),
        "Errs": job.errors,
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
