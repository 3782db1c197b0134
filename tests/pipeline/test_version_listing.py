"""The one version listing (CLI and Loader): states a person can tell apart, frames, times."""

from __future__ import annotations

from avalon_nuke.config import Settings
from avalon_nuke.dates import iso_utc, local_text
from avalon_nuke.deadline.progress import farm_job
from avalon_nuke.pipeline.version_listing import (
    VersionRow,
    VersionState,
    apply_progress,
    asset_versions,
    measure_progress,
    ranges_text,
    subset_versions,
)
from tests.support.containers import make_shot


def row(number: int, approved: bool, *, newest_approved=None, found=None, job=None, **data) -> VersionRow:
    document = {"_id": f"id{number}", "name": number,
                "data": {"approved": approved, "frameStart": 1, "frameEnd": 4, **data}}
    return VersionRow(document, [], "sh010", "lightingMain", newest_approved, found, job)


def test_dates_are_local_and_readable_for_people_and_iso_utc_for_json(paris):
    assert local_text("20261124T153000Z") == "2026-11-24 16:30"
    assert iso_utc("20261124T153000Z") == "2026-11-24T15:30:00Z"
    assert local_text("yesterday") == "yesterday" and local_text(None) == ""
    assert iso_utc(None) is None


def test_each_state_reads_differently():
    assert row(3, False).state is VersionState.WIP                          # not measured yet
    assert row(3, False, found=(1, 2)).state_text == "rendering 2/4"
    assert row(3, False, found=(1, 2), job="Active 1/2 tasks").state is VersionState.RENDERING
    assert row(3, False, found=(1,), job="Failed").state_text == "failed on farm"
    assert row(3, False, found=(1, 2), job="Completed").state_text == "incomplete 2/4"
    assert row(3, False, found=(1, 2, 3, 4)).state_text == "complete, awaiting approval"
    approved = row(3, True, newest_approved=3, found=(1, 2, 3, 4), approvedBy="ana",
                   approvedAt="20261124T153000Z")
    assert approved.state_text.startswith("approved by ana 2026-11-24")
    assert approved.progress == "4/4"                                        # the count stays shown
    assert row(2, True, newest_approved=3).state_text == "superseded by v003"
    assert row(2, False, newest_approved=3).state is VersionState.SUPERSEDED
    assert row(4, False, rejected=True, rejectedBy="ana").state_text == "rejected by ana"


def test_missing_frames_are_named_as_ranges():
    assert row(1, False, found=(1, 4)).missing_frames == (2, 3)
    assert ranges_text([1001, 1002, 1003, 1007, 1009, 1010]) == "1001-1003, 1007, 1009-1010"


def test_farm_records_need_a_job_and_a_service():
    def version(farm):
        return {"data": {"farm": farm}}

    assert farm_job(version({"backend": "deadline", "url": "http://farm:8081", "jobId": "abc"})) == \
        ("http://farm:8081", "abc")
    assert farm_job(version({"backend": "deadline", "url": None, "state": "pending"})) is None
    assert farm_job(version("garbage")) is None


def test_progress_counts_every_row_and_asks_the_farm_only_for_unapproved_ones():
    rows = [row(2, False, farm={"url": "http://127.0.0.1:9", "jobId": "abc"}), row(1, True)]
    progress = measure_progress(rows, Settings(), timeout=2)
    assert progress.frames == {"id2": (), "id1": ()}
    assert progress.job_states == {"id2": "farm unreachable"}
    apply_progress(rows, progress)
    assert rows[0].state_text == "rendering 0/4" and rows[1].progress == "0/4"


def test_one_listing_for_an_asset_and_for_a_subset(tmp_path):
    shot = make_shot(tmp_path)
    try:
        _one_listing(shot)
    finally:
        shot.repo.close()


def _one_listing(shot):
    shot.publish(approved=True)
    shot.publish(approved=False)
    by_asset = asset_versions(shot.repo, "demo", "sh010")
    subset = shot.repo.subset("demo", shot.asset["_id"], "lightingMain")
    by_subset = subset_versions(shot.repo, "demo", subset, "sh010")
    assert [(r.asset, r.subset, r.number) for r in by_asset] == [("sh010", "lightingMain", 2),
                                                                  ("sh010", "lightingMain", 1)]
    assert [r.to_json() for r in by_asset] == [r.to_json() for r in by_subset]
    assert by_asset[0].to_json()["time"].endswith("Z")
