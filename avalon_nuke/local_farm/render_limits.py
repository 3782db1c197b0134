"""Which jobs a worker may take now: each job's machine limit and the farm's limit stubs.

Deadline keeps two kinds of limits (Thinkbox, "Limits and Machine Limits"): a job's
machine limit caps how many workers render that one job at the same time; a limit
group caps how many workers render any of the jobs that name it, each worker
checking out one of its stubs while it renders (``--limit nuke_render=2`` for two
render licences). A worker claiming a task holds nothing yet (ours render one task
at a time), so both count the *other* workers rendering now.

The queue keeps each job's limit and limit groups in columns of their own, so a
claim asks SQLite for them instead of decoding every queued job's ``JobInfo``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

from avalon_nuke.deadline import states as st


def limit_groups_column(job_info: Mapping[str, object]) -> str:
    """``",nuke_render,disk,"``: the job's limit group names, each between commas so that one
    SQL ``instr`` finds a whole name. Lower case: whether Deadline matches limit names by case
    is not documented, and ignoring it errs on the side of the licence (``Nuke_Render`` still
    takes a ``nuke_render`` stub rather than escaping the count)."""
    names = [name.strip().lower() for name in str(job_info.get("LimitGroups", "") or "").split(",")]
    kept = [name for name in dict.fromkeys(names) if name]
    return f",{','.join(kept)}," if kept else ""


def machine_limit_column(job_info: Mapping[str, object]) -> int:
    """The job's ``MachineLimit``, 0 (none) when absent or not a number of at least 1."""
    try:
        return max(0, int(str(job_info.get("MachineLimit", "0") or "0").strip()))
    except ValueError:
        return 0


def add_limit_columns(db: sqlite3.Connection) -> None:
    """Give a queue written before limits were kept its columns, filled from each job's JobInfo."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(jobs)")}
    if {"machine_limit", "limit_groups"} <= columns:
        return
    if "machine_limit" not in columns:
        db.execute("ALTER TABLE jobs ADD COLUMN machine_limit INTEGER NOT NULL DEFAULT 0")
    if "limit_groups" not in columns:
        db.execute("ALTER TABLE jobs ADD COLUMN limit_groups TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT id, job_info FROM jobs").fetchall()
    values = []
    for job_id, text in rows:
        info = json.loads(text)
        values.append((machine_limit_column(info), limit_groups_column(info), job_id))
    db.executemany("UPDATE jobs SET machine_limit = ?, limit_groups = ? WHERE id = ?", values)


def full_limits(db: sqlite3.Connection, worker: str, stubs: Mapping[str, int]) -> list[str]:
    """The limit groups whose every stub is held by another worker rendering now."""
    if not stubs:
        return []
    holders: dict[str, set[str]] = {}
    for other, groups in db.execute(
            "SELECT DISTINCT t.worker, j.limit_groups FROM tasks t JOIN jobs j ON j.id = t.job_id"
            " WHERE t.stat = ? AND t.worker != ? AND j.limit_groups != ''", (st.TASK_RENDERING, worker)):
        for name in groups.strip(",").split(","):
            holders.setdefault(name, set()).add(other)
    return [name for name, count in stubs.items() if len(holders.get(name, ())) >= count]


def outside_full_limits(full: list[str]) -> tuple[str, list[str]]:
    """An SQL condition on ``j`` (jobs) true for a job naming none of *full*, and its parameters."""
    if not full:
        return "", []
    return "".join(" AND instr(j.limit_groups, ?) = 0" for _ in full), [f",{name}," for name in full]
