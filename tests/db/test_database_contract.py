"""One contract for both database backends: what every caller may rely on."""

from __future__ import annotations

import os
import uuid

import pytest
from bson import ObjectId

from avalon_nuke.db import RepresentationSpec
from avalon_nuke.db.documents import is_approved, is_rejected, new_version
from avalon_nuke.db.mongo_store import MongoRepository
from avalon_nuke.db.repository import VersionHeads
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.errors import ConflictError, InputError, NotFoundError

REAL_MONGO = os.environ.get("AVALON_MONGO")  # read before the suite isolates every test from it
BACKENDS = ["sqlite", "mongomock"] + (["mongodb"] if REAL_MONGO else [])


@pytest.fixture(params=BACKENDS)
def repo(request, tmp_path):
    if request.param == "sqlite":
        repository = SQLiteRepository(tmp_path / "avalon.db")
    elif request.param == "mongomock":
        mongomock = pytest.importorskip("mongomock")
        repository = MongoRepository(None, "avalon", client=mongomock.MongoClient())
    else:
        name = f"avalon_test_{uuid.uuid4().hex[:8]}"
        repository = MongoRepository(REAL_MONGO, name)
        request.addfinalizer(lambda: repository._client.drop_database(name))
    yield repository
    repository.close()


@pytest.fixture
def shot(repo, tmp_path):
    repo.create_project("demo", root=str(tmp_path / "projects"))
    asset = repo.create_asset("demo", "sh010", {"frameStart": 1001, "frameEnd": 1100})
    subset = repo.ensure_subset("demo", asset["_id"], "lightingMain", "render")
    return asset, subset


def publish(repo, subset, approved=False, path="/p/x.####.exr"):
    return repo.publish_version("demo", subset["_id"], {"approved": approved, "comment": "c"},
                                [RepresentationSpec("exr", path)])


def test_project_and_asset_round_trip_in_avalon_shape(repo, shot):
    asset, subset = shot
    project = repo.project("demo")
    assert project["schema"] == "avalon-core:project-2.0"
    assert "{subset}" in project["config"]["template"]["publish"]
    found = repo.asset("demo", "sh010")
    assert found["_id"] == asset["_id"] and found["parent"] == project["_id"]
    assert found["data"]["frameStart"] == 1001
    assert [a["name"] for a in repo.assets("demo")] == ["sh010"]
    assert [p["name"] for p in repo.projects()] == ["demo"]
    assert repo.subset("demo", asset["_id"], "lightingMain")["schema"] == "avalon-core:subset-3.0"


def test_missing_things_raise_not_found_naming_them(repo, shot):
    with pytest.raises(NotFoundError, match="nope"):
        repo.project("nope")
    with pytest.raises(NotFoundError, match="sh999"):
        repo.asset("demo", "sh999")
    with pytest.raises(NotFoundError):
        repo.version("demo", ObjectId())


def test_duplicates_and_bad_names_are_refused(repo, shot):
    with pytest.raises(ConflictError):
        repo.create_asset("demo", "sh010")
    with pytest.raises(ConflictError):
        repo.create_project("demo", root="/x")
    with pytest.raises(InputError, match="asset"):
        repo.create_asset("demo", "../etc")
    asset, _subset = shot
    with pytest.raises(InputError, match="render"):
        repo.ensure_subset("demo", asset["_id"], "lightingMain", "prerender")
    again = repo.ensure_subset("demo", asset["_id"], "lightingMain", "render")
    assert again["_id"] == _subset["_id"]


def test_versions_number_up_and_carry_representations(repo, shot):
    _asset, subset = shot
    first, reps = publish(repo, subset)
    second, _ = publish(repo, subset, approved=True)
    assert (first["name"], second["name"]) == (1, 2)
    assert first["schema"] == "avalon-core:version-3.0"
    assert reps[0]["schema"] == "avalon-core:representation-2.0"
    assert reps[0]["data"]["path"] == "/p/x.####.exr"
    assert reps[0]["context"]["version"] == 1
    assert [r["_id"] for r in repo.representations("demo", [first["_id"]])] == [reps[0]["_id"]]
    assert repo.version_by_number("demo", subset["_id"], 2)["_id"] == second["_id"]


def test_wip_versions_are_hidden_unless_asked_for(repo, shot):
    _asset, subset = shot
    publish(repo, subset, approved=True)
    publish(repo, subset, approved=False)
    assert [v["name"] for v in repo.versions("demo", subset["_id"])] == [2, 1]
    assert [v["name"] for v in repo.versions("demo", subset["_id"], include_wip=False)] == [1]


def test_new_version_must_state_approval(repo, shot):
    _asset, subset = shot
    with pytest.raises(InputError):
        repo.publish_version("demo", subset["_id"], {}, [])


def test_approval_records_who_and_when_and_can_be_withdrawn(repo, shot):
    _asset, subset = shot
    version, _ = publish(repo, subset)
    assert not is_approved(version)
    approved = repo.set_approval("demo", version["_id"], True, user="lighter")
    assert approved["data"]["approved"] is True
    assert approved["data"]["approvedBy"] == "lighter"
    assert approved["data"]["approvedAt"]
    assert repo.versions("demo", subset["_id"], include_wip=False)[0]["_id"] == version["_id"]
    withdrawn = repo.set_approval("demo", version["_id"], False)
    assert withdrawn["data"]["approved"] is False and withdrawn["data"]["approvedBy"] is None
    with pytest.raises(NotFoundError):
        repo.set_approval("demo", ObjectId(), True)


def test_version_without_approval_field_counts_as_approved(repo, shot):
    _asset, subset = shot
    version, _ = publish(repo, subset, approved=True)
    legacy = {k: v for k, v in version.items()}
    legacy["data"] = {"comment": "old avalon data"}
    assert is_approved(legacy)


def test_newest_versions_of_many_subsets_in_one_round_trip(repo, shot):
    asset, first = shot
    second = repo.ensure_subset("demo", asset["_id"], "fxMain", "render")
    publish(repo, first, approved=True)         # v1 approved
    publish(repo, first, approved=False)        # v2 wip
    publish(repo, second, approved=False)       # v1 wip only
    before = repo.round_trips
    newest = repo.newest_versions("demo", [first["_id"], second["_id"]])
    approved = repo.newest_versions("demo", [first["_id"], second["_id"]], approved_only=True)
    assert repo.round_trips - before == 2
    assert newest[first["_id"]]["name"] == 2 and newest[second["_id"]]["name"] == 1
    assert approved[first["_id"]]["name"] == 1 and second["_id"] not in approved


def test_version_heads_of_many_subsets_in_one_round_trip_follow_publishes_and_approvals(repo, shot):
    asset, first = shot
    second = repo.ensure_subset("demo", asset["_id"], "fxMain", "render")
    empty = repo.ensure_subset("demo", asset["_id"], "neverPublished", "render")
    publish(repo, first, approved=True)
    v2, _ = publish(repo, first, approved=False)
    publish(repo, second, approved=False)
    ids = [first["_id"], second["_id"], empty["_id"], ObjectId()]
    before = repo.round_trips
    heads = repo.version_heads("demo", ids)
    assert repo.round_trips - before == 1
    assert heads == {first["_id"]: VersionHeads(2, 1), second["_id"]: VersionHeads(1, None)}
    repo.set_approval("demo", v2["_id"], True, user="ana")
    assert repo.version_heads("demo", ids)[first["_id"]] == VersionHeads(2, 2)
    repo.set_approval("demo", v2["_id"], False)
    publish(repo, first, approved=False)
    assert repo.version_heads("demo", ids)[first["_id"]] == VersionHeads(3, 1)
    before = repo.round_trips
    assert repo.version_heads("demo", []) == {} and repo.round_trips == before


def test_version_heads_count_versions_without_an_approval_field_as_approved(repo, shot):
    asset, subset = shot
    legacy = new_version(subset["_id"], 1, {"comment": "published before approvals existed"})
    assert "approved" not in legacy["data"]
    repo.import_documents("demo", [legacy])
    assert repo.version_heads("demo", [subset["_id"]]) == {subset["_id"]: VersionHeads(1, 1)}


def test_batched_lookups_skip_unknown_ids(repo, shot):
    _asset, subset = shot
    version, reps = publish(repo, subset)
    before = repo.round_trips
    found = repo.documents("demo", [version["_id"], reps[0]["_id"], ObjectId()])
    assert repo.round_trips - before == 1
    assert set(found) == {version["_id"], reps[0]["_id"]}


def test_delete_version_takes_its_representations(repo, shot):
    _asset, subset = shot
    version, reps = publish(repo, subset)
    repo.delete_version("demo", version["_id"])
    assert repo.versions("demo", subset["_id"]) == []
    assert repo.documents("demo", [reps[0]["_id"]]) == {}


def test_version_data_updates_merge(repo, shot):
    _asset, subset = shot
    version, _ = publish(repo, subset)
    updated = repo.update_version_data("demo", version["_id"], {"farm": {"jobId": "abc"}})
    assert updated["data"]["farm"] == {"jobId": "abc"} and updated["data"]["comment"] == "c"
    with pytest.raises(NotFoundError):
        repo.update_version_data("demo", ObjectId(), {"x": 1})


def test_a_rejected_version_is_kept_listed_with_wip_and_followed_by_no_policy(repo, shot):
    _asset, subset = shot
    v1, _ = publish(repo, subset, approved=True)
    v2, _ = publish(repo, subset, approved=True)
    rejected = repo.set_rejection("demo", v2["_id"], True, user="ana")
    assert rejected["data"]["rejected"] is True and rejected["data"]["rejectedBy"] == "ana"
    assert not is_approved(rejected) and is_rejected(rejected)
    assert repo.newest_versions("demo", [subset["_id"]], approved_only=True)[subset["_id"]]["_id"] == v1["_id"]
    assert repo.newest_versions("demo", [subset["_id"]])[subset["_id"]]["_id"] == v1["_id"]  # 'latest' too
    assert [v["name"] for v in repo.versions("demo", subset["_id"], include_wip=False)] == [1]
    assert [v["name"] for v in repo.versions("demo", subset["_id"])] == [2, 1]  # kept


def test_undoing_a_rejection_leaves_work_in_progress_and_approving_clears_it(repo, shot):
    _asset, subset = shot
    version, _ = publish(repo, subset)
    repo.set_rejection("demo", version["_id"], True)
    undone = repo.set_rejection("demo", version["_id"], False)
    assert undone["data"]["rejected"] is False and undone["data"]["approved"] is False
    assert repo.newest_versions("demo", [subset["_id"]])[subset["_id"]]["_id"] == version["_id"]
    repo.set_rejection("demo", version["_id"], True)
    approved = repo.set_approval("demo", version["_id"], True, user="ana")
    assert is_approved(approved) and not is_rejected(approved)


def test_near_misses_get_did_you_mean_and_a_wrong_number_lists_the_versions(repo, shot):
    asset, subset = shot
    for _ in range(3):
        publish(repo, subset)
    with pytest.raises(NotFoundError, match=r"no project 'dmeo' \(did you mean 'demo'\?\)"):
        repo.project("dmeo")
    with pytest.raises(NotFoundError, match=r"did you mean 'sh010'\?"):
        repo.asset("demo", "sh01")
    with pytest.raises(NotFoundError, match=r"no subset 'lightingMian' in asset 'sh010' \(did you mean 'lightingMain'"):
        repo.subset("demo", asset["_id"], "lightingMian")
    with pytest.raises(NotFoundError, match=r"subset 'lightingMain' has no version 7 \(it has v001-v003\)"):
        repo.version_by_number("demo", subset["_id"], 7)


def test_the_embedded_heads_query_seeks_indexes_instead_of_scanning(tmp_path):
    repository = SQLiteRepository(tmp_path / "avalon.db")
    captured: list[str] = []
    repository._conn.set_trace_callback(captured.append)
    repository.version_heads("demo", [ObjectId()])
    repository._conn.set_trace_callback(None)
    (sql,) = [s for s in captured if "json_each" in s]
    plan = " | ".join(row[-1] for row in repository._conn.execute("EXPLAIN QUERY PLAN " + sql))
    repository.close()
    assert "SCAN documents" not in plan
    assert plan.count("SEARCH documents USING COVERING INDEX") == 2  # numbers straight from the index


def test_mongodb_without_change_streams_offers_no_feed_so_callers_poll(tmp_path):
    mongomock = pytest.importorskip("mongomock")
    repository = MongoRepository(None, "avalon", client=mongomock.MongoClient())
    assert repository.version_feed("demo") is None
    assert SQLiteRepository(tmp_path / "avalon.db").version_feed("demo") is None


def test_version_heads_since_an_earlier_answer_stay_exact_through_withdrawals_and_deletions(repo, shot):
    asset, subset = shot
    other = repo.ensure_subset("demo", asset["_id"], "fxMain", "render")
    v1, _ = publish(repo, subset, approved=True)
    v2, _ = publish(repo, subset, approved=True)
    publish(repo, other, approved=False)
    ids = [subset["_id"], other["_id"]]
    earlier = repo.version_heads("demo", ids)
    publish(repo, subset, approved=False)
    before = repo.round_trips
    assert repo.version_heads("demo", ids, since=earlier) == {subset["_id"]: VersionHeads(3, 2),
                                                              other["_id"]: VersionHeads(1, None)}
    assert repo.round_trips - before == 1
    repo.set_approval("demo", v2["_id"], False)       # the newest approved one is withdrawn
    assert repo.version_heads("demo", ids, since=earlier)[subset["_id"]] == VersionHeads(3, 1)
    repo.set_approval("demo", v1["_id"], False)
    assert repo.version_heads("demo", ids, since=earlier)[subset["_id"]] == VersionHeads(3, None)
    for version in repo.versions("demo", subset["_id"]):
        repo.delete_version("demo", version["_id"])
    assert subset["_id"] not in repo.version_heads("demo", ids, since=earlier)


def test_version_heads_never_name_a_rejected_version(repo, shot):
    _asset, subset = shot
    publish(repo, subset, approved=True)
    second, _ = publish(repo, subset, approved=True)
    third, _ = publish(repo, subset)
    repo.set_rejection("demo", third["_id"], True)
    repo.set_rejection("demo", second["_id"], True)
    assert repo.version_heads("demo", [subset["_id"]])[subset["_id"]] == VersionHeads(1, 1)


def test_rejected_versions_names_exactly_the_rejected_ones_asked_for_in_one_round_trip(repo, shot):
    _asset, subset = shot
    first, reps = publish(repo, subset, approved=True)
    second, _ = publish(repo, subset, approved=True)
    third, _ = publish(repo, subset)
    repo.set_rejection("demo", first["_id"], True)
    repo.set_rejection("demo", third["_id"], True)
    repo.round_trips = 0
    asked = [first["_id"], second["_id"], reps[0]["_id"], ObjectId(), first["_id"]]
    assert repo.rejected_versions("demo", asked) == {first["_id"]}  # third was not asked about
    assert repo.round_trips == 1
    repo.set_approval("demo", first["_id"], True)  # approving takes the rejection back
    assert repo.rejected_versions("demo", [first["_id"], third["_id"]]) == {third["_id"]}
    assert repo.rejected_versions("other", [third["_id"]]) == set()
    repo.round_trips = 0
    assert repo.rejected_versions("demo", []) == set() and repo.round_trips == 0


def test_an_incomplete_version_is_hidden_from_every_listing_until_completed(repo, shot):
    _, subset = shot
    done, _ = publish(repo, subset, approved=True)
    half, _ = repo.publish_version("demo", subset["_id"], {"approved": True},
                                   [RepresentationSpec("exr", "/p/y.####.exr")],
                                   incomplete={"host": "h", "process": "1:", "since": "20260101T000000Z"})
    assert half["name"] == 2 and [v["name"] for v in repo.incomplete_versions("demo", subset["_id"])] == [2]
    assert [v["name"] for v in repo.versions("demo", subset["_id"])] == [1]
    assert repo.newest_versions("demo", [subset["_id"]])[subset["_id"]]["name"] == 1
    assert repo.newest_versions("demo", [subset["_id"]], approved_only=True)[subset["_id"]]["name"] == 1
    with pytest.raises(NotFoundError, match="incomplete"):
        repo.version_by_number("demo", subset["_id"], 2)
    completed = repo.complete_version("demo", half["_id"])
    assert "incomplete" not in completed["data"]
    assert repo.incomplete_versions("demo", subset["_id"]) == []
    assert [v["name"] for v in repo.versions("demo", subset["_id"])] == [2, 1]
    assert done["name"] == 1
    assert repo.version_heads("demo", [subset["_id"]])[subset["_id"]] == VersionHeads(2, 2)


def test_a_rejected_version_left_incomplete_stays_hidden_and_is_found_for_cleaning(repo, shot):
    _, subset = shot
    half, _ = repo.publish_version("demo", subset["_id"], {"approved": False, "rejected": True},
                                   [RepresentationSpec("exr", "/p/z.####.exr")],
                                   incomplete={"host": "h", "process": "1:", "since": "20260101T000000Z"})
    assert repo.versions("demo", subset["_id"]) == []
    assert [v["_id"] for v in repo.incomplete_versions("demo", subset["_id"])] == [half["_id"]]
