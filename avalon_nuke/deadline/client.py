"""A small client for Deadline's Web Service (``/api/jobs``, ``/api/tasks``, pools, groups, limits).

Give it the service URL and optional basic-auth credentials, a CA bundle and a
client certificate for a Web Service behind TLS. Every request has a timeout and
nothing is retried: a submission whose answer got lost may still have created
the job, so the caller looks it up (:meth:`find_recent_jobs`) before sending it
again. Close the client when done (``with DeadlineClient(...) as client:``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

from avalon_nuke.config import Settings
from avalon_nuke.deadline import job_ids
from avalon_nuke.deadline.errors import FarmProtocolError
from avalon_nuke.deadline.transport import ClientCert, Timeout, Transport, split_credentials
from avalon_nuke.errors import FarmError, InputError

#: How far a job's id time may stray from our clock and the submission, besides the server's Date.
LOOKUP_SLACK = timedelta(minutes=5)
#: More ids without a time than this are cheaper to look through in one full listing.
UNTIMED_LIMIT = 10 * job_ids.ID_BATCH

log = logging.getLogger(__name__)


class DeadlineClient:
    """Talks to one Deadline Web Service (or ``avalon-nuke farm``) at *url*."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        verify: bool | str = True,
        cert: ClientCert | None = None,
        timeout: Timeout | None = None,
        session: requests.Session | None = None,
    ) -> None:
        public, url_user, url_password = split_credentials(url)
        if url_user and user is None:  # http://user:password@host:8081
            user, password = url_user, url_password
        auth = (user, password or "") if user else None
        self._transport = Transport(public, auth=auth, verify=verify, cert=cert, timeout=timeout,
                                    session=session)
        self._user = user

    @classmethod
    def for_settings(cls, settings: Settings, url: str | None = None, *,
                     timeout: Timeout | None = None) -> DeadlineClient:
        """The client for ``AVALON_DEADLINE`` (or *url*), with the service's credentials and TLS files.

        A CA bundle verifies a Web Service behind its own certificate authority
        (Deadline's generated certificates); a client certificate and key, as PEM
        files, answer a service that asks for one. Credentials and files are only
        used for the configured service, never sent to another URL.
        """
        target = url or settings.deadline_url
        if not target:
            raise InputError("no farm configured: set AVALON_DEADLINE to the Deadline Web Service URL")
        configured = str(settings.deadline_url or "").rstrip("/")
        same = bool(configured) and configured == str(target).rstrip("/")
        if not same:
            return cls(target, timeout=timeout)
        verify: bool | str = _existing_file("AVALON_DEADLINE_CA_BUNDLE", settings.deadline_ca_bundle) or True
        certificate = _existing_file("AVALON_DEADLINE_CLIENT_CERT", settings.deadline_client_cert)
        key = _existing_file("AVALON_DEADLINE_CLIENT_KEY", settings.deadline_client_key)
        if key and not certificate:
            raise InputError("AVALON_DEADLINE_CLIENT_KEY needs AVALON_DEADLINE_CLIENT_CERT (the certificate)")
        cert: ClientCert | None = (certificate, key) if certificate and key else certificate
        return cls(target, user=settings.deadline_user, password=settings.deadline_password, verify=verify,
                   cert=cert, timeout=timeout)

    @property
    def url(self) -> str:
        """The service URL, never with credentials."""
        return self._transport.url

    @property
    def timeout(self) -> Timeout:
        return self._transport.timeout

    def __repr__(self) -> str:
        return f"DeadlineClient({self.url!r}, user={self._user!r})"

    def close(self) -> None:
        """Close its HTTP connections (a session passed in stays the caller's to close)."""
        self._transport.close()

    def __enter__(self) -> DeadlineClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # -- the service ------------------------------------------------------------------------------

    def ping(self) -> str:
        """The service's greeting; proves URL and credentials.

        Deadline's manual (9.0 and later) gives ``This is the Deadline web service!``;
        the local farm answers ``Deadline Web Service 10 (avalon-nuke local farm)``.
        Anything naming the Deadline web service is accepted.
        """
        text = self._transport.request("GET", "/").text.strip()
        if "deadline web service" not in text.lower():
            raise FarmError(f"{self.url} answers, but not as a Deadline Web Service: {text[:60]!r}")
        return text

    def pools(self) -> list[str]:
        """The farm's pool names (``/api/pools?NamesOnly=true``)."""
        return self._names("/api/pools", {"NamesOnly": "true"})

    def groups(self) -> list[str]:
        """The farm's group names (``/api/groups``)."""
        return self._names("/api/groups", None)

    def limit_groups(self) -> list[str]:
        """The farm's limit names (``/api/limitgroups?NamesOnly=true``)."""
        return self._names("/api/limitgroups", {"NamesOnly": "true"})

    def _names(self, path: str, params: Mapping[str, str] | None) -> list[str]:
        response = self._transport.request("GET", path, params=params)
        names = self._transport.json(response)
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise FarmProtocolError(f"the Deadline Web Service at {self.url} answered GET {path} with no "
                                    "list of names", method="GET", url=f"{self.url}{path}",
                                    status=response.status_code)
        return names

    # -- jobs -------------------------------------------------------------------------------------

    def submit(self, job_info: Mapping[str, Any], plugin_info: Mapping[str, Any],
               aux_files: Iterable[str] = ()) -> dict:
        """Create a job with one POST (never retried); return the new job's JSON."""
        body = {"JobInfo": dict(job_info), "PluginInfo": dict(plugin_info), "AuxFiles": list(aux_files),
                "IdOnly": False}
        response = self._transport.request("POST", "/api/jobs", body=body)
        job = self._transport.json(response)
        if not isinstance(job, dict) or not job.get("_id"):
            raise FarmProtocolError(f"the Deadline Web Service at {self.url} accepted the job but answered "
                                    "no job id", method="POST", url=f"{self.url}/api/jobs",
                                    status=response.status_code)
        return job

    def jobs(self, ids: Iterable[str]) -> list[dict]:
        """The jobs with these ids that exist: one request per 100 ids, none for no ids."""
        found: list[dict] = []
        for batch in job_ids.batches(list(ids)):
            found += self._jobs_by_id(batch)
        return found

    def job(self, job_id: str) -> dict | None:
        """One job, or None when the farm does not know it (deleted, archived)."""
        found = self.jobs([job_id])
        return found[0] if found else None

    def _jobs_by_id(self, batch: Sequence[str]) -> list[dict]:
        response = self._transport.request("GET", "/api/jobs", params={"JobID": ",".join(batch)})
        return [job for job in self._job_list(response) if job]

    def job_ids(self) -> tuple[list[str], datetime | None]:
        """Every job id on the farm (``IdOnly=true``) and the server's clock (its Date header)."""
        response = self._transport.request("GET", "/api/jobs", params={"IdOnly": "true"})
        answer = self._transport.json(response)
        items = answer if isinstance(answer, list) else None
        ids = None if items is None else [
            item.get("_id") if isinstance(item, dict) else item for item in items]
        if ids is None or not all(isinstance(job_id, str) for job_id in ids):
            raise FarmProtocolError(f"the Deadline Web Service at {self.url} answered GET /api/jobs?IdOnly "
                                    "with no list of job ids", method="GET", url=f"{self.url}/api/jobs",
                                    status=response.status_code)
        return [str(job_id) for job_id in ids], _server_time(response)

    def find_recent_jobs(self, extra_info: Mapping[str, str], *, since: datetime,
                         until: datetime | None = None) -> list[dict]:
        """Jobs made between *since* and *until* (default now) whose extra info holds these pairs.

        Finds the job of a submission whose answer was lost without reading the
        farm: one request for the ids, then only the ids made in that window
        (give or take :data:`LOOKUP_SLACK`, on the server's clock) by id, 100 a
        request, newest first, stopping at the first batch that has a match.
        Deadline documents the ids answer only as "all the job IDs": when it is
        not a list of ids, or the ids carry no time, every job is read instead.
        """
        try:
            ids, server_now = self.job_ids()
        except FarmProtocolError as error:
            log.warning("job ids unreadable (%s); reading every job instead", error)
            return self.find_jobs(extra_info)
        local_now = datetime.now(timezone.utc)
        skew = (server_now - local_now) if server_now is not None else timedelta(0)
        end = (until or local_now) + skew + LOOKUP_SLACK
        timed, untimed = job_ids.in_window(ids, since + skew - LOOKUP_SLACK, end)
        if len(untimed) > UNTIMED_LIMIT:
            log.warning("%d job ids tell no time; reading every job instead", len(untimed))
            return self.find_jobs(extra_info)
        for batch in job_ids.batches(timed + untimed):
            found = [job for job in self._jobs_by_id(batch) if _has_extra_info(job, extra_info)]
            if found:
                return found
        return []

    def find_jobs(self, extra_info: Mapping[str, str], states: Sequence[str] | None = None) -> list[dict]:
        """Jobs whose extra info holds all these pairs, optionally in *states*: reads EVERY job.

        One request, but for the whole farm (about 3 KB a job): fine for a small
        farm or a test, never for finding a lost submission (:meth:`find_recent_jobs`).
        """
        params = {"States": ",".join(states)} if states else None
        response = self._transport.request("GET", "/api/jobs", params=params)
        return [job for job in self._job_list(response) if _has_extra_info(job, extra_info)]

    def tasks(self, job_id: str) -> list[dict]:
        """The job's tasks (``TaskID``, ``Frames``, ``Stat``...), in task order."""
        response = self._transport.request("GET", "/api/tasks", params={"JobID": str(job_id)})
        answer = self._transport.json(response)
        tasks = answer.get("Tasks") if isinstance(answer, dict) else answer
        if not isinstance(tasks, list):
            raise FarmProtocolError(f"the Deadline Web Service at {self.url} answered no task list",
                                    method="GET", url=f"{self.url}/api/tasks", status=response.status_code)
        return tasks

    def send_command(self, job_id: str, command: str) -> str:
        """``suspend``, ``resume``, ``requeue``, ``fail``, ``complete``... on one job (not delete)."""
        body = {"Command": str(command), "JobID": str(job_id)}
        return self._transport.request("PUT", "/api/jobs", body=body).text.strip()

    def delete(self, job_id: str) -> None:
        """Remove the job from the farm (``DELETE /api/jobs``; its frames on disk stay)."""
        self._transport.request("DELETE", "/api/jobs", params={"JobID": str(job_id)})

    def _job_list(self, response: requests.Response) -> list[dict]:
        answer = self._transport.json(response)
        if isinstance(answer, dict):  # one job comes back as an object on some versions
            return [answer]
        if not isinstance(answer, list):
            raise FarmProtocolError(f"the Deadline Web Service at {self.url} answered no job list",
                                    method="GET", url=f"{self.url}/api/jobs", status=response.status_code)
        return [job for job in answer if isinstance(job, dict)]


def _existing_file(variable: str, path: str | None) -> str | None:
    if not path:
        return None
    found = Path(path).expanduser()
    if not found.is_file():
        raise InputError(f"{variable} names {path}, which is not a file")
    return str(found)


def _has_extra_info(job: Mapping[str, Any], wanted: Mapping[str, str]) -> bool:
    extra = (job.get("Props") or {}).get("ExDic") or {}
    return all(key in extra and str(extra[key]) == str(value) for key, value in wanted.items())


def _server_time(response: requests.Response) -> datetime | None:
    """The answer's ``Date`` header as an aware time, or None when it has none we can read."""
    try:
        when = parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
