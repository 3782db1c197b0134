"""Reading job records from the farm's SQLite file, all of them or by id.

Asked by id, each batch of ids is one indexed lookup in ``jobs`` (``id`` is
unique) and one in ``tasks`` (its primary key starts with the job id), so the
time follows the number of ids asked for, not the size of the queue. Batches
stay under SQLite's oldest limit on query parameters (999).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from avalon_nuke.local_farm.job_records import JobRecord

_SUMMARY = (
    "SELECT job_id, stat, COUNT(*), SUM(errors), MIN(render_started), MAX(completed)"
    " FROM tasks{} GROUP BY job_id, stat"
)
ID_BATCH = 500
# Named, not "*": a queue file migrated by ALTER TABLE has its added columns last, a new one
# has them where the schema puts them.
_JOB_COLUMNS = "seq, id, job_info, plugin_info, aux_files, priority, suspended, dependencies, submitted"


def read_jobs(db: sqlite3.Connection, ids: Sequence[str] | None) -> list[JobRecord]:
    """Jobs in submission order: all of them (``ids`` None) or those of ``ids`` that exist."""
    if ids is None:
        every = db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs ORDER BY seq")
        records = {row[1]: job_record(row) for row in every}
        if records:
            _add_task_summary(records, db.execute(_SUMMARY.format("")))
        return list(records.values())
    rows: list[tuple] = []
    for batch in _batches(list(dict.fromkeys(ids))):
        marks = ",".join("?" * len(batch))
        rows += db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE id IN ({marks})", batch).fetchall()
    rows.sort(key=lambda row: row[0])  # seq: submission order
    records = {row[1]: job_record(row) for row in rows}
    for batch in _batches(list(records)):
        marks = ",".join("?" * len(batch))
        _add_task_summary(records, db.execute(_SUMMARY.format(f" WHERE job_id IN ({marks})"), batch))
    return list(records.values())


def job_record(row: tuple) -> JobRecord:
    _, job_id, job_info, plugin_info, aux, _, suspended, dependencies, submitted = row
    return JobRecord(job_id, json.loads(job_info), json.loads(plugin_info), json.loads(aux),
                     bool(suspended), json.loads(dependencies), submitted)


def _batches(ids: list[str]) -> list[list[str]]:
    return [ids[start : start + ID_BATCH] for start in range(0, len(ids), ID_BATCH)]


def _add_task_summary(records: dict[str, JobRecord], cursor: Iterable[tuple]) -> None:
    for job_id, stat, count, errors, first, last in cursor:
        record = records.get(job_id)
        if record is None:
            continue
        record.counts[stat] = count
        record.errors += errors or 0
        if first and (record.first_render is None or first < record.first_render):
            record.first_render = first
        if last and (record.last_completed is None or last > record.last_completed):
            record.last_completed = last
