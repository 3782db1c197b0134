"""What the Loader reads about versions, without Qt: times, farm records, WIP progress."""

from __future__ import annotations

from avalon_nuke.config import Settings
from avalon_nuke.deadline.progress import farm_job
from avalon_nuke.tools.loader_data import VersionRow, display_time, render_progress


def version(number: int, approved: bool, **data) -> VersionRow:
    document = {"_id": f"id{number}", "name": number, "data": {"approved": approved, "frameStart": 1,
                                                                  "frameEnd": 4, **data}}
    return VersionRow(document, [])


def test_avalon_times_read_as_dates_and_anything_else_as_stored():
    assert display_time("20261124T153000Z") == "2026-11-24 15:30"
    assert display_time("yesterday") == "yesterday"


def test_farm_records_need_a_job_and_a_service():
    def version(farm):
        return {"data": {"farm": farm}}

    assert farm_job(version({"backend": "deadline", "url": "http://farm:8081", "jobId": "abc"})) == \
        ("http://farm:8081", "abc")
    assert farm_job(version({"backend": "deadline", "url": None, "state": "pending"})) is None
    assert farm_job(version("garbage")) is None


def test_progress_is_read_for_work_in_progress_only_and_an_unreachable_farm_is_said_plainly(tmp_path):
    rows = [version(2, False, farm={"url": "http://127.0.0.1:9", "jobId": "abc"}), version(1, True)]
    progress = render_progress(rows, Settings(), timeout=2)
    assert progress.frames_on_disk == {"id2": 0}
    assert progress.job_states == {"id2": "farm unreachable"}
    assert rows[1].progress == "" and rows[0].frames_expected == 4
