"""A small client for Deadline's Web Service (``/api/jobs``, ``/api/tasks``).

Shaped like ``requests``: give it the service URL and optional basic-auth
credentials. Every request has a timeout. Nothing is retried automatically: a
job submission whose answer got lost may still have created the job, so the
caller decides, typically by looking the job up with :meth:`find_jobs` using
an extra-info key it put on the job, before submitting again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from avalon_nuke.config import redact
from avalon_nuke.deadline.errors import FarmAuthError, FarmRejected, FarmServerError, FarmUnavailable
from avalon_nuke.errors import FarmError

Timeout = float | tuple[float, float]

_SERVER_TEXT_LIMIT = 300


def _public_url(url: str) -> str:
    """*url* without any ``user:password@`` part, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class DeadlineClient:
    """Talks to one Deadline Web Service (or ``avalon-nuke farm``) at *url*."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        verify: bool | str = True,
        timeout: Timeout = (3.05, 30),
        session: requests.Session | None = None,
    ) -> None:
        url = str(url or "").strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FarmError(
                f"Deadline Web Service URL must look like http://host:8081, not {redact(url)!r}"
            )
        if parts.username and user is None:  # http://user:password@host:8081
            user, password = parts.username, parts.password
        self.url = _public_url(url).rstrip("/")
        self.timeout = timeout if timeout is not None else (3.05, 30)  # never wait forever
        self._session = session if session is not None else requests.Session()
        self._auth = (user, password or "") if user else None
        self._verify = verify

    def __repr__(self) -> str:
        user = self._auth[0] if self._auth else None
        return f"DeadlineClient({self.url!r}, user={user!r})"

    # -- requests -----------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> requests.Response:
        where = f"{self.url}{path}"
        try:
            response = self._session.request(
                method,
                where,
                params=params,
                json=body,
                auth=self._auth,
                verify=self._verify,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as error:
            raise FarmError(
                f"TLS check failed for the Deadline Web Service at {self.url}: {redact(str(error))}"
            ) from None
        except requests.exceptions.Timeout:
            maybe = (
                " The job may have been created anyway: look it up before submitting again."
                if method == "POST"
                else ""
            )
            raise FarmUnavailable(
                f"the Deadline Web Service at {self.url} did not answer {method} {path} within "
                f"{self._timeout_text()}; it may be down or overloaded.{maybe}"
            ) from None
        except requests.exceptions.RequestException as error:
            raise FarmUnavailable(
                f"cannot reach the Deadline Web Service at {self.url} ({type(error).__name__}); "
                "the service may be down or the URL (AVALON_DEADLINE) wrong"
            ) from None
        self._raise_for_status(response, method, path)
        return response

    def _timeout_text(self) -> str:
        if isinstance(self.timeout, tuple):
            return f"{self.timeout[1]:g} s"
        return f"{self.timeout:g} s"

    def _raise_for_status(self, response: requests.Response, method: str, path: str) -> None:
        status = response.status_code
        if status < 400:
            return
        if status in (401, 403):
            raise FarmAuthError(
                f"the Deadline Web Service at {self.url} refused the credentials (HTTP {status}); "
                "check AVALON_DEADLINE_USER/PASSWORD"
            )
        text = " ".join(response.text.split())[:_SERVER_TEXT_LIMIT] or response.reason or ""
        text = redact(text)
        if status >= 500:
            raise FarmServerError(
                f"the Deadline Web Service at {self.url} failed {method} {path} (HTTP {status}): {text}",
                status,
            )
        raise FarmRejected(
            f"the Deadline Web Service at {self.url} refused {method} {path} (HTTP {status}): {text}",
            status,
        )

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            snippet = " ".join(response.text.split())[:80]
            raise FarmServerError(
                f"the Deadline Web Service at {self.url} answered something that is not JSON: "
                f"{redact(snippet)!r}",
                response.status_code,
            ) from None

    # -- API ----------------------------------------------------------------------------------

    def ping(self) -> str:
        """The service's greeting; proves URL and credentials.

        Deadline answers ``This is the Deadline web service!`` (its manual, 9.0
        and later), the local farm ``Deadline Web Service (avalon-nuke local farm)``.
        """
        text = self._request("GET", "/").text.strip()
        if "deadline web service" not in text.lower():
            raise FarmError(f"{self.url} answers, but not as a Deadline Web Service: {text[:60]!r}")
        return text

    def submit(
        self,
        job_info: Mapping[str, Any],
        plugin_info: Mapping[str, Any],
        aux_files: Iterable[str] = (),
    ) -> dict:
        """Create a job with one POST (never retried); return the new job's JSON."""
        body = {
            "JobInfo": dict(job_info),
            "PluginInfo": dict(plugin_info),
            "AuxFiles": list(aux_files),
            "IdOnly": False,
        }
        job = self._json(self._request("POST", "/api/jobs", body=body))
        if not isinstance(job, dict) or not job.get("_id"):
            raise FarmServerError(
                f"the Deadline Web Service at {self.url} accepted the job but answered no job id", 200
            )
        return job

    def jobs(self, ids: Iterable[str]) -> list[dict]:
        """The jobs with these ids that exist (one request; none for no ids)."""
        id_list = [str(job_id) for job_id in ids]
        if not id_list:
            return []
        answer = self._json(self._request("GET", "/api/jobs", params={"JobID": ",".join(id_list)}))
        return [job for job in self._job_list(answer) if job]

    def job(self, job_id: str) -> dict | None:
        """One job, or None when the farm does not know it (deleted, archived)."""
        found = self.jobs([job_id])
        return found[0] if found else None

    def find_jobs(
        self, extra_info: Mapping[str, str], states: Sequence[str] | None = None
    ) -> list[dict]:
        """Jobs whose extra info (``Props.ExDic``) holds all these pairs, optionally in *states*.

        One request. Used to find a job we submitted when the answer to the
        submission was lost, instead of submitting it a second time.
        """
        params = {"States": ",".join(states)} if states else None
        jobs = self._job_list(self._json(self._request("GET", "/api/jobs", params=params)))
        wanted = {str(key): str(value) for key, value in extra_info.items()}
        found = []
        for job in jobs:
            extra = (job.get("Props") or {}).get("ExDic") or {}
            if all(key in extra and str(extra[key]) == value for key, value in wanted.items()):
                found.append(job)
        return found

    def tasks(self, job_id: str) -> list[dict]:
        """The job's tasks (``TaskID``, ``Frames``, ``Stat``...), in task order."""
        answer = self._json(self._request("GET", "/api/tasks", params={"JobID": str(job_id)}))
        tasks = answer.get("Tasks") if isinstance(answer, dict) else answer
        if not isinstance(tasks, list):
            raise FarmServerError(f"the Deadline Web Service at {self.url} answered no task list", 200)
        return tasks

    def send_command(self, job_id: str, command: str) -> str:
        """``suspend``, ``resume``, ``requeue``, ``fail``, ``complete``... on one job."""
        body = {"Command": str(command), "JobID": str(job_id)}
        return self._request("PUT", "/api/jobs", body=body).text.strip()

    def delete(self, job_id: str) -> None:
        """Remove the job from the farm (its frames on disk stay)."""
        self._request("DELETE", "/api/jobs", params={"JobID": str(job_id)})

    def _job_list(self, answer: Any) -> list[dict]:
        if isinstance(answer, dict):  # one job comes back as an object on some versions
            return [answer]
        if not isinstance(answer, list):
            raise FarmServerError(f"the Deadline Web Service at {self.url} answered no job list", 200)
        return [job for job in answer if isinstance(job, dict)]
