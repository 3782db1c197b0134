"""Approving a version, without silently approving half a render.

Every Read on the default policy follows the newest approved version, so approving
a render whose frames are not all on disk (or whose farm job is still running or
failed) would send every comp to an incomplete sequence. Such an approval needs an
explicit confirmation: the command line refuses without ``--force``, the Loader asks
in a dialog naming the missing frames.
"""

from __future__ import annotations

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document
from avalon_nuke.errors import InputError
from avalon_nuke.pipeline.version_listing import VersionRow, apply_progress, measure_progress, ranges_text


class IncompleteRender(InputError):
    """Approving this version would approve an incomplete render; confirm to go ahead."""


def completeness_problem(row: VersionRow) -> str | None:
    """Why the version is not a complete render (measured progress), or None when it is."""
    name = f"{row.subset} v{row.number:03d}".strip()
    if row.frames_found is not None and row.frames_expected and row.missing_frames:
        return (f"{name} has {row.frames_on_disk} of {row.frames_expected} frames on disk "
                f"(missing {ranges_text(row.missing_frames)})")
    if row.job_running or (row.job_state or "").startswith("Failed"):
        return f"{name}'s farm job is {row.job_state}"
    return None


def approve(repo: Repository, project: str, row: VersionRow, settings: Settings, *, force: bool = False,
            user: str | None = None, timeout: float = 3.0) -> Document:
    """Approve *row*'s version; an incomplete render raises :class:`IncompleteRender` unless *force*."""
    if row.frames_found is None:
        apply_progress([row], measure_progress([row], settings, timeout=timeout))
    problem = completeness_problem(row)
    if problem and not force:
        raise IncompleteRender(problem)
    return repo.set_approval(project, row.id, True, user=user)
