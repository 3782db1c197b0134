"""Settings read from the environment, once, into an immutable object.

Avalon configures through environment variables; we keep the names but pass a
``Settings`` value around instead of reading ``os.environ`` deep inside the code,
so tests and the command line can run several contexts side by side.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from avalon_nuke.redaction import redact

__all__ = ["Settings", "redact"]


@dataclass(frozen=True)
class Settings:
    """Where the database, projects and farm are. Build with :meth:`from_env`."""

    mongo_uri: str | None = None
    db_name: str = "avalon"
    db_path: Path = field(default_factory=lambda: Path.home() / ".avalon" / "avalon.db")
    projects_root: Path = field(default_factory=lambda: Path.home() / "projects")
    project: str | None = None
    asset: str | None = None
    deadline_url: str | None = None
    deadline_user: str | None = None
    deadline_password: str | None = field(default=None, repr=False)
    # TLS to a Web Service behind Deadline's generated certificates (PEM files), and studio job defaults.
    deadline_ca_bundle: str | None = None
    deadline_client_cert: str | None = None
    deadline_client_key: str | None = None
    deadline_limit_groups: tuple[str, ...] = ()
    deadline_department: str | None = None
    deadline_machine_limit: str | None = None
    nuke_executable: str = "nuke"
    # How an open script follows approvals (read by pipeline.approval_watch.WatchOptions, which
    # checks them): seconds between checks ("0" turns it off), and "switch" or "notify".
    approval_interval: str | None = None
    approval_mode: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the ``AVALON_*`` variables documented in the README."""
        env = os.environ if environ is None else environ
        defaults = cls()

        def text(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def path(name: str, default: Path) -> Path:
            value = text(name)
            return Path(value).expanduser() if value else default

        return cls(
            mongo_uri=text("AVALON_MONGO"),
            db_name=text("AVALON_DB") or defaults.db_name,
            db_path=path("AVALON_DB_PATH", defaults.db_path),
            projects_root=path("AVALON_PROJECTS", defaults.projects_root),
            project=text("AVALON_PROJECT"),
            asset=text("AVALON_ASSET"),
            deadline_url=text("AVALON_DEADLINE"),
            deadline_user=text("AVALON_DEADLINE_USER"),
            deadline_password=text("AVALON_DEADLINE_PASSWORD"),
            deadline_ca_bundle=text("AVALON_DEADLINE_CA_BUNDLE"),
            deadline_client_cert=text("AVALON_DEADLINE_CLIENT_CERT"),
            deadline_client_key=text("AVALON_DEADLINE_CLIENT_KEY"),
            deadline_limit_groups=tuple(name.strip() for name in (text("AVALON_DEADLINE_LIMIT_GROUPS") or "")
                                        .split(",") if name.strip()),
            deadline_department=text("AVALON_DEADLINE_DEPARTMENT"),
            deadline_machine_limit=text("AVALON_DEADLINE_MACHINE_LIMIT"),
            nuke_executable=text("AVALON_NUKE_EXECUTABLE") or defaults.nuke_executable,
            approval_interval=text("AVALON_APPROVAL_INTERVAL"),
            approval_mode=text("AVALON_APPROVAL_MODE"),
        )

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields replaced (for a command's ``--project`` and the like)."""
        return replace(self, **changes)

    def __repr__(self) -> str:  # never show the Mongo password
        uri = redact(self.mongo_uri) if self.mongo_uri else None
        return (
            f"Settings(mongo_uri={uri!r}, db_name={self.db_name!r}, db_path={str(self.db_path)!r}, "
            f"projects_root={str(self.projects_root)!r}, project={self.project!r}, "
            f"asset={self.asset!r}, deadline_url={self.deadline_url!r})"
        )
