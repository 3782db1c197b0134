"""The local farm's Web Service routes, free of HTTP plumbing.

Each request becomes ``(status, content type, body)``. Status codes follow
Deadline's documentation: 400 for a missing body, key or id, 500 for an
unknown command or job, 501 for task creation or deletion.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.frames import chunk_frames, parse_frames
from avalon_nuke.errors import InputError
from avalon_nuke.local_farm import job_documents as documents
from avalon_nuke.local_farm.job_limits import check_fields, check_job
from avalon_nuke.local_farm.queue import JOB_COMMANDS, TASK_COMMANDS, FarmQueue

# Deadline 10 names itself and its version on GET /; the local farm says what it is after that.
GREETING = "Deadline Web Service 10 (avalon-nuke local farm)"
_STATE_BY_NAME = {name.lower(): stat for stat, name in st.JOB_STATE_NAMES.items()}


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, text: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    @classmethod
    def json(cls, value: Any, status: int = 200) -> Answer:
        return cls(status, "application/json; charset=utf-8", json.dumps(value).encode("utf-8"))


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _ids(query: Mapping[str, str], key: str = "JobID") -> list[str]:
    return [part.strip() for part in query.get(key, "").split(",") if part.strip()]


def _as_text(info: dict) -> dict[str, str]:
    """Deadline takes values as strings or JSON values; store them as its job files do."""
    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return ",".join(text(item) for item in value)
        return str(value)

    return {str(key): text(value) for key, value in info.items()}


class FarmApi:
    """Answers Web Service requests from a :class:`FarmQueue`.

    *on_work* is called whenever tasks may have become ready, so idle workers
    wake up at once instead of on their next poll.
    """

    def __init__(
        self,
        queue: FarmQueue,
        *,
        pools: Sequence[str] = ("none",),
        groups: Sequence[str] = ("none",),
        limit_groups: Sequence[str] = (),
        on_work: Callable[[], None] = lambda: None,
    ) -> None:
        self.queue = queue
        self.pools = list(dict.fromkeys(["none", *pools]))
        self.groups = list(dict.fromkeys(["none", *groups]))
        self.limit_groups = list(dict.fromkeys(limit_groups))
        self._on_work = on_work

    def handle(self, method: str, path: str, query: Mapping[str, str], body: bytes) -> Answer:
        route = path.rstrip("/").lower() or "/"
        handlers: dict[tuple[str, str], Callable[[Mapping[str, str], bytes], Answer]] = {
            ("GET", "/"): lambda q, b: Answer.text(200, GREETING),
            ("GET", "/api/jobs"): self._get_jobs,
            ("POST", "/api/jobs"): self._post_job,
            ("PUT", "/api/jobs"): self._put_jobs,
            ("DELETE", "/api/jobs"): self._delete_jobs,
            ("GET", "/api/tasks"): self._get_tasks,
            ("PUT", "/api/tasks"): self._put_tasks,
            ("GET", "/api/pools"): lambda q, b: Answer.json(self.pools),
            ("GET", "/api/groups"): lambda q, b: Answer.json(self.groups),
            ("GET", "/api/limitgroups"): lambda q, b: Answer.json(self.limit_groups),
        }
        handler = handlers.get((method, route))
        try:
            if handler is not None:
                return handler(query, body)
            if route == "/api/tasks" and method in ("POST", "DELETE"):
                return Answer.text(501, "Not Implemented")
            if any(route == known for _, known in handlers):
                return Answer.text(405, f"{method} is not supported on {route}")
            return Answer.text(404, f"No such resource: {route}")
        except _Refused as refused:
            return Answer.text(refused.status, str(refused))

    # -- jobs ---------------------------------------------------------------------------------

    def _get_jobs(self, query: Mapping[str, str], body: bytes) -> Answer:
        if _truthy(query.get("IdOnly", "")) and "JobID" not in query and not query.get("States"):
            return Answer.json(self.queue.job_ids())  # the ids alone, without reading any job
        if "JobID" in query:
            jobs = self.queue.jobs(_ids(query))
        else:
            jobs = self.queue.jobs()
        if query.get("States"):
            wanted = set()
            for name in query["States"].split(","):
                if name.strip().lower() not in _STATE_BY_NAME:
                    raise _Refused(400, f"Unknown job state {name.strip()!r}")
                wanted.add(_STATE_BY_NAME[name.strip().lower()])
            jobs = [job for job in jobs if job.stat in wanted]
        if _truthy(query.get("IdOnly", "")):
            return Answer.json([job.id for job in jobs])
        return Answer.json([documents.job_json(job) for job in jobs])

    def _post_job(self, query: Mapping[str, str], body: bytes) -> Answer:
        message = self._body(body)
        missing = [key for key in ("JobInfo", "PluginInfo", "AuxFiles") if key not in message]
        if missing:
            raise _Refused(400, f"Missing key(s) in the message body: {', '.join(missing)}")
        job_info, plugin_info, aux_files = message["JobInfo"], message["PluginInfo"], message["AuxFiles"]
        if not isinstance(job_info, dict) or not isinstance(plugin_info, dict):
            raise _Refused(400, "JobInfo and PluginInfo must be JSON objects")
        if not isinstance(aux_files, list):
            raise _Refused(400, "AuxFiles must be a JSON array")
        job_info, plugin_info = _as_text(job_info), _as_text(plugin_info)
        plugin = job_info.get("Plugin", "")
        if plugin.lower() != "nuke":
            raise _Refused(400, f"This farm only runs the Nuke plugin, not {plugin or 'no plugin'!r}")
        job_info["Plugin"] = "Nuke"
        if not plugin_info.get("SceneFile", "").strip():
            raise _Refused(400, "PluginInfo needs SceneFile")
        try:
            check_fields("JobInfo", job_info)
            check_fields("PluginInfo", plugin_info)
            frames = parse_frames(job_info.get("Frames", "0") or "0")
            chunk_size = int(job_info.get("ChunkSize", "1") or 1)
            priority = int(job_info.get("Priority", "50") or 50)
            machine_limit = int(job_info.get("MachineLimit", "0") or 0)
            dependencies = _ids(job_info, "JobDependencies")
            check_job(frames, chunk_size, priority, dependencies, aux_files, machine_limit)
            chunks = chunk_frames(frames, chunk_size)
        except (InputError, ValueError) as error:
            raise _Refused(400, f"Bad job: {error}") from error
        job_info["ChunkSize"], job_info["Priority"] = str(chunk_size), str(priority)
        if "MachineLimit" in job_info:
            job_info["MachineLimit"] = str(machine_limit)
        initial = job_info.get("InitialStatus", "Active").strip().lower() or "active"
        if initial not in ("active", "suspended"):
            raise _Refused(400, f"InitialStatus must be Active or Suspended, not {initial!r}")
        job_id = self.queue.add_job(
            job_info, plugin_info, [str(f) for f in aux_files], chunks,
            priority=priority, dependencies=dependencies, suspended=initial == "suspended",
        )
        self._on_work()
        if _truthy(message.get("IdOnly", False)):
            return Answer.json({"_id": job_id})
        return Answer.json(documents.job_json(self.queue.jobs([job_id])[0]))

    def _put_jobs(self, query: Mapping[str, str], body: bytes) -> Answer:
        message = self._body(body)
        command = str(message.get("Command", "")).strip().lower()
        if not command:
            raise _Refused(400, "The message body has no Command")
        if command not in JOB_COMMANDS:
            raise _Refused(500, f"Error: unknown command {command!r}")
        job_id = str(message.get("JobID", "")).strip()
        if not job_id:
            raise _Refused(400, "The message body has no JobID")
        if not self.queue.job_command(job_id, command):
            raise _Refused(500, f"Error: job {job_id} does not exist")
        self._on_work()
        return Answer.text(200, "Success")

    def _delete_jobs(self, query: Mapping[str, str], body: bytes) -> Answer:
        ids = _ids(query)
        if not ids:
            raise _Refused(400, "No JobID given")
        self.queue.delete_jobs(ids)
        return Answer.text(200, "Success")

    # -- tasks --------------------------------------------------------------------------------

    def _get_tasks(self, query: Mapping[str, str], body: bytes) -> Answer:
        job_id = query.get("JobID", "").strip()
        if not job_id:
            raise _Refused(400, "No JobID given")
        tasks = self.queue.tasks(job_id)
        if tasks is None:
            raise _Refused(500, f"Error: job {job_id} does not exist")
        if _truthy(query.get("IdOnly", "")):
            return Answer.json([task.task_id for task in tasks])
        if "TaskID" in query:
            try:
                task_id = int(query["TaskID"])
            except ValueError as error:
                raise _Refused(400, "Task ID must be an integer value") from error
            found = [task for task in tasks if task.task_id == task_id]
            if not found:
                raise _Refused(500, f"Error: job {job_id} has no task {task_id}")
            return Answer.json(documents.task_json(found[0]))
        return Answer.json(documents.tasks_json(job_id, tasks))

    def _put_tasks(self, query: Mapping[str, str], body: bytes) -> Answer:
        message = self._body(body)
        command = str(message.get("Command", "")).strip().lower()
        if not command:
            raise _Refused(400, "The message body has no Command")
        job_id = str(message.get("JobID", "")).strip()
        if not job_id:
            raise _Refused(400, "The message body has no JobID")
        if command not in TASK_COMMANDS:
            raise _Refused(500, f"Error: unknown command {command!r}")
        task_list: Any = message.get("TaskList")
        if isinstance(task_list, int) and not isinstance(task_list, bool):
            task_list = [task_list]  # one task id, as a bare number
        try:
            task_ids = None if task_list in (None, "", []) else [int(t) for t in (
                task_list.split(",") if isinstance(task_list, str) else task_list)]
        except (TypeError, ValueError) as error:
            raise _Refused(400, "TaskList must hold task ids (integers)") from error
        if not self.queue.task_command(job_id, command, task_ids):
            raise _Refused(500, f"Error: job {job_id} does not exist")
        self._on_work()
        return Answer.text(200, "Success")

    @staticmethod
    def _body(body: bytes) -> dict:
        if not body.strip():
            raise _Refused(400, "The request has no message body")
        try:
            message = json.loads(body)
        except ValueError as error:
            raise _Refused(400, "The message body is not JSON") from error
        if not isinstance(message, dict):
            raise _Refused(400, "The message body must be a JSON object")
        return message
