"""Approvals reaching a script open in (the stand-in of) Nuke: a watcher stepped on a fake clock."""

from __future__ import annotations

import pytest

from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.errors import DatabaseError
from avalon_nuke.pipeline import protection
from avalon_nuke.pipeline.approval_watch import UNDO_LABEL, ApprovalWatcher, WatchOptions
from avalon_nuke.pipeline.loader import load
from avalon_nuke.pipeline.policy import Policy
from tests.support.containers import make_shot

INTERVAL = 20.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float = INTERVAL) -> None:
        self.now += seconds


class Database:
    """Opens the watcher's own connections to the shot's database, and can go down."""

    def __init__(self, path) -> None:
        self.path, self.opened, self.down = path, [], False

    def __call__(self) -> SQLiteRepository:
        repo = FlakyRepository(self.path, self)
        self.opened.append(repo)
        return repo

    @property
    def round_trips(self) -> int:
        return sum(repo.round_trips for repo in self.opened)


class FlakyRepository(SQLiteRepository):
    def __init__(self, path, database: Database) -> None:
        super().__init__(path)
        self._database = database

    def _query(self, sql, params=()):
        if self._database.down:
            raise DatabaseError("embedded database: disk I/O error")
        return super()._query(sql, params)

    def _heads(self, project, subset_ids, floors):
        if self._database.down:
            raise DatabaseError("embedded database: disk I/O error")
        return super()._heads(project, subset_ids, floors)

    def _rejected(self, project, version_ids):
        if self._database.down:
            raise DatabaseError("embedded database: disk I/O error")
        return super()._rejected(project, version_ids)


@pytest.fixture
def shot(tmp_path):
    return make_shot(tmp_path)


@pytest.fixture
def host(nuke):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    return LiveHost()


@pytest.fixture
def world(shot, host):
    clock, database, notes = Clock(), Database(shot.repo.path), []

    def watcher(**options) -> ApprovalWatcher:
        return ApprovalWatcher("demo", database, options=WatchOptions(interval=INTERVAL, **options),
                               clock=clock, announce=notes.append)

    return clock, database, notes, watcher


def approve(shot, version, user="ana", comment="final grade"):
    shot.repo.update_version_data("demo", version["_id"], {"comment": comment})
    shot.repo.set_approval("demo", version["_id"], True, user=user)


def read(host, name):
    return next(node for node in host.nodes_with_knob("avalon_container") if host.node_name(node) == name)


def pinned_below_the_heads(shot, host, clock, make):
    """v001 and v002 approved, a Read pinned to v001, watched and checked once: (v001, Read, watcher)."""
    shown = shot.publish(approved=True)
    shot.publish(approved=True)                           # v002: the heads stay on it
    pinned = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=1,
                  policy=Policy.PINNED)
    watcher = make()
    clock.advance()
    assert watcher.step(host) == []
    return shown, pinned, watcher


def test_approving_the_shown_wip_version_turns_the_read_approved_within_one_interval(shot, host, world, nuke):
    clock, _database, notes, make = world
    shot.approve(shot.publish(approved=False))
    v2 = shot.publish(approved=False)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=2)
    watcher = make()
    assert watcher.step(host) is None                     # not due yet
    clock.advance()
    assert watcher.step(host) == []                       # nothing changed
    path = host.knob(loaded.node, "file")
    approve(shot, v2)
    clock.advance()
    assert watcher.step(host) == [f'{loaded.node_name} v002 now approved by ana: "final grade"']
    node = read(host, loaded.node_name)
    assert host.knob(node, "file") == path               # same frames: only state and colour change
    assert "lightingMain v002 approved" in host.knob(node, "avalon_status")
    assert host.knob(node, "tile_color") == "0x4c9a4cff"
    assert [n.text for n in notes] == [f'Avalon: following approvals: {loaded.node_name} v002 now approved '
                                       'by ana: "final grade"']
    assert nuke.Undo.undoDescribe(0) == UNDO_LABEL and not nuke.Undo.disabled()


def test_approving_a_newer_version_moves_the_read_to_it_and_undo_moves_it_back(shot, host, world, nuke):
    clock, _database, notes, make = world
    shot.approve(shot.publish(approved=True))
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    other = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make()
    clock.advance()
    watcher.step(host)
    v2 = shot.publish(approved=False)
    clock.advance()
    assert watcher.step(host) == []                       # a WIP does not move an 'approved' Read
    approve(shot, v2)
    clock.advance()
    steps_before = nuke.Undo.undoSize()
    items = watcher.step(host)
    assert items == [f'{name} v001 → v002 approved by ana: "final grade"'
                     for name in (loaded.node_name, other.node_name)]
    assert nuke.Undo.undoSize() == steps_before + 1       # both Reads: one undo step
    assert host.knob(read(host, loaded.node_name), "file").endswith("/v002/lightingMain.####.exr")
    nuke.Undo.undo()
    node = read(host, loaded.node_name)
    assert host.knob(node, "file").endswith("/v001/lightingMain.####.exr")
    assert '"version":"' + str(shot.repo.versions("demo", shot.subset["_id"])[-1]["_id"]) in \
        host.knob(node, "avalon_container")
    assert len(notes) == 1


def test_a_new_wip_version_moves_only_the_reads_that_follow_latest(shot, host, world):
    clock, _database, _notes, make = world
    shot.publish(approved=True)
    latest = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", policy=Policy.LATEST)
    approved = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make()
    shot.repo.update_version_data("demo", shot.publish(approved=False)["_id"], {"author": "carl"})
    clock.advance()
    assert watcher.step(host) == [f"{latest.node_name} v001 → v002 work in progress by carl"]
    assert host.knob(read(host, approved.node_name), "file").endswith("/v001/lightingMain.####.exr")
    assert host.knob(read(host, latest.node_name), "file").endswith("/v002/lightingMain.####.exr")


def test_a_pinned_read_stays_and_only_turns_outdated(shot, host, world):
    clock, _database, _notes, make = world
    shot.publish(approved=True)
    pinned = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", policy=Policy.PINNED)
    watcher = make()
    approve(shot, shot.publish(approved=False))
    clock.advance()
    assert watcher.step(host) == [f"{pinned.node_name} stays on v001 (pinned); v002 approved"]
    node = read(host, pinned.node_name)
    assert host.knob(node, "file").endswith("/v001/lightingMain.####.exr")
    assert host.knob(node, "tile_color") == "0xd6c431ff"
    clock.advance()
    assert watcher.step(host) == []                       # said once


@pytest.mark.parametrize("number", [2, 1], ids=["the-newest-approved", "below-the-heads"])
def test_rejecting_the_render_a_pinned_read_shows_flags_it_in_one_line(shot, host, world, number):
    clock, _database, _notes, make = world
    versions = [shot.publish(approved=True), shot.publish(approved=True)]
    pinned = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=number,
                  policy=Policy.PINNED)
    watcher = make()
    clock.advance()
    assert watcher.step(host) == []
    # v002: the newest approved is v001 again; v001: no head moves
    shot.repo.set_rejection("demo", versions[number - 1]["_id"], True, user="lead")
    clock.advance()
    shown = f"v{number:03d}"
    assert watcher.step(host) == [f"{pinned.node_name} stays on {shown} rejected by lead (pinned)"]
    node = read(host, pinned.node_name)
    assert host.knob(node, "file").endswith(f"/{shown}/lightingMain.####.exr")
    assert host.knob(node, "tile_color") == "0xd6c431ff"
    assert host.knob(node, "avalon_status") == f"lightingMain {shown} outdated (pinned): {shown} rejected by lead"
    clock.advance()
    assert watcher.step(host) == []                       # said once


def test_taking_back_the_rejection_of_a_version_below_the_heads_clears_the_flag(shot, host, world):
    clock, _database, _notes, make = world
    shown, pinned, watcher = pinned_below_the_heads(shot, host, clock, make)
    shot.repo.set_rejection("demo", shown["_id"], True, user="lead")
    clock.advance()
    watcher.step(host)
    shot.repo.set_rejection("demo", shown["_id"], False)
    clock.advance()
    assert watcher.step(host) == [f"{pinned.node_name} stays on v001 (pinned); v002 approved"]
    assert host.knob(read(host, pinned.node_name), "avalon_status") == \
        "lightingMain v001 outdated (pinned): newer approved version available"


def test_a_rejection_in_a_subset_that_also_moved_is_told_once_and_not_asked_again(shot, host, world):
    clock, database, _notes, make = world
    shown, pinned, watcher = pinned_below_the_heads(shot, host, clock, make)
    shot.repo.set_rejection("demo", shown["_id"], True, user="lead")
    approve(shot, shot.publish(approved=False))           # and the heads move, in the same interval
    clock.advance()
    assert watcher.step(host) == [f"{pinned.node_name} stays on v001 rejected by lead (pinned)"]
    before = database.round_trips
    clock.advance()
    assert watcher.step(host) == [] and database.round_trips - before == 2  # a quiet check: nothing re-read


def test_rejecting_older_work_a_read_was_kept_on_takes_it_back_to_the_approved_version(shot, host, world):
    clock, _database, _notes, make = world
    shot.approve(shot.publish(approved=True))
    kept_on = shot.publish(approved=False)
    shot.publish(approved=False)                          # v003: the newest, so v002 is below the heads
    kept = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=2)
    watcher = make()
    clock.advance()
    assert watcher.step(host) == []                       # no approved version >= v002: it stays
    shot.repo.set_rejection("demo", kept_on["_id"], True, user="lead")
    clock.advance()
    assert watcher.step(host) == [f"{kept.node_name} v002 → v001 approved by lighter"]
    assert host.knob(read(host, kept.node_name), "file").endswith("/v001/lightingMain.####.exr")


def test_a_quiet_check_asks_about_rejections_only_when_a_read_shows_a_version_below_the_heads(shot, host,
                                                                                             world):
    clock, database, _notes, make = world
    shot.publish(approved=True)
    shot.publish(approved=True)
    for _ in range(10):
        load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make()
    clock.advance()
    watcher.step(host)
    before = database.round_trips
    clock.advance()
    assert watcher.step(host) == [] and database.round_trips - before == 1  # every Read on a head
    for _ in range(10):
        load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=1, policy=Policy.PINNED)
    watcher.touch()
    clock.advance()
    watcher.step(host)
    before = database.round_trips
    clock.advance()
    assert watcher.step(host) == [] and database.round_trips - before == 2  # and one by id, for all ten


def test_notify_only_switches_nothing_until_the_artist_applies(shot, host, world, nuke):
    clock, _database, notes, make = world
    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make(notify_only=True)
    approve(shot, shot.publish(approved=False))
    clock.advance()
    steps_before = nuke.Undo.undoSize()
    assert watcher.step(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']
    assert host.knob(read(host, loaded.node_name), "file").endswith("/v001/lightingMain.####.exr")
    assert nuke.Undo.undoSize() == steps_before
    (note,) = notes
    assert note.pending == (loaded.node_name,) and note.text.startswith("Avalon: newer versions waiting")
    clock.advance()
    assert watcher.step(host) == []                       # announced once, not every check
    assert watcher.apply_pending(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']
    assert host.knob(read(host, loaded.node_name), "file").endswith("/v002/lightingMain.####.exr")
    assert nuke.Undo.undoSize() == steps_before + 1 and watcher.pending == ()


def test_a_dropped_database_is_reported_once_and_the_check_retried_later(shot, host, world):
    clock, database, notes, make = world
    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make()
    clock.advance()
    watcher.step(host)
    database.down = True
    for _ in range(3):
        clock.advance(watcher.options.retry)
        assert watcher.step(host) == []                   # never raises into Nuke
    assert [n.problem for n in notes] == [True]
    assert "cannot check for approvals (embedded database: disk I/O error)" in notes[0].text
    database.down = False
    approve(shot, shot.publish(approved=False))
    clock.advance(INTERVAL)
    assert watcher.step(host) is None                     # waits out the retry delay, not the interval
    clock.advance(watcher.options.retry)
    assert watcher.step(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']


def test_a_quiet_check_is_one_query_whatever_the_number_of_reads(shot, host, world):
    clock, database, _notes, make = world
    shot.publish(approved=True)
    fx = shot.subset_named("fxMain")
    shot.publish(approved=True, subset=fx)
    for _ in range(20):
        load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
        load(host, shot.repo, "demo", asset="sh010", subset="fxMain")
    watcher = make()
    clock.advance()
    watcher.step(host)                                    # first sight: learns which subsets they show
    before = database.round_trips
    clock.advance()
    assert watcher.step(host) == []
    assert database.round_trips - before == 1


def test_a_script_without_loaded_renders_never_opens_the_database(host, world):
    clock, database, _notes, make = world
    watcher = make()
    for _ in range(3):
        clock.advance()
        assert watcher.step(host) is None
    assert database.opened == []


def test_nothing_switches_in_a_locked_script_or_while_a_guard_says_no(shot, host, world):
    clock, database, _notes, _make = world
    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    publishing = {"now": True}
    watcher = ApprovalWatcher("demo", database, options=WatchOptions(interval=INTERVAL), clock=clock,
                              guards=[lambda _host: "a publish of this script runs" if publishing["now"] else None])
    approve(shot, shot.publish(approved=False))
    clock.advance()
    assert watcher.step(host) is None
    publishing["now"] = False
    protection.lock(host, reason="published")
    clock.advance()
    assert watcher.step(host) is None
    assert host.knob(read(host, loaded.node_name), "file").endswith("/v001/lightingMain.####.exr")
    protection.unlock(host)
    clock.advance()
    assert watcher.step(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']


def test_a_read_the_artist_changed_during_the_check_is_left_for_the_next_one(shot, host, world):
    clock, _database, _notes, make = world
    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make()
    approve(shot, shot.publish(approved=False))
    clock.advance()
    check = watcher.prepare(host)
    outcome = watcher.run(check)                          # off the UI thread in Nuke
    node = read(host, loaded.node_name)
    node.setName("beauty")                                # meanwhile, on the UI thread
    assert watcher.deliver(host, outcome) == []
    clock.advance()
    assert watcher.step(host) == ['beauty v001 → v002 approved by ana: "final grade"']


def test_a_rejection_found_while_the_artist_changed_the_read_is_shown_at_the_next_check(shot, host, world):
    clock, _database, _notes, make = world
    shown, pinned, watcher = pinned_below_the_heads(shot, host, clock, make)
    shot.repo.set_rejection("demo", shown["_id"], True, user="lead")
    clock.advance()
    watcher.touch()                                       # a full check: it reads the records
    outcome = watcher.run(watcher.prepare(host))
    read(host, pinned.node_name).setName("beauty")        # meanwhile, on the UI thread
    assert watcher.deliver(host, outcome) == []
    clock.advance()
    assert watcher.step(host) == ["beauty stays on v001 rejected by lead (pinned)"]


def test_closing_stops_checks_and_releases_the_connection(shot, host, world):
    clock, database, _notes, make = world
    shot.publish(approved=True)
    load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = make()
    clock.advance()
    check = watcher.prepare(host)
    watcher.close()                                       # the script closes while a check runs
    outcome = watcher.run(check)
    assert watcher.deliver(host, outcome) == []
    clock.advance()
    assert watcher.step(host) is None
    with pytest.raises(Exception, match="closed"):
        database.opened[0].version_heads("demo", [shot.subset["_id"]])


def test_bad_settings_are_one_line_errors_naming_the_variable():
    from avalon_nuke.config import Settings
    from avalon_nuke.errors import InputError

    assert WatchOptions.from_settings(Settings()) == WatchOptions(interval=20.0, notify_only=False)
    assert WatchOptions.from_settings(Settings(approval_interval="0", approval_mode="NOTIFY")) == \
        WatchOptions(interval=0.0, notify_only=True)
    with pytest.raises(InputError, match="AVALON_APPROVAL_INTERVAL must be 0 .off. or 2 to 3600 seconds, not 'soon'"):
        WatchOptions.from_settings(Settings(approval_interval="soon"))
    with pytest.raises(InputError, match="AVALON_APPROVAL_MODE must be 'switch' or 'notify', not 'auto'"):
        WatchOptions.from_settings(Settings(approval_mode="auto"))


class ScriptedFeed:
    def __init__(self) -> None:
        self.waiting, self.asked, self.closed = False, 0, False

    def changed(self) -> bool:
        self.asked += 1
        waiting, self.waiting = self.waiting, False
        return waiting

    def close(self) -> None:
        self.closed = True


def test_with_a_change_stream_a_quiet_check_asks_no_query_at_all(shot, host, world):
    clock, database, _notes, _make = world
    feed = ScriptedFeed()

    class Pushing(FlakyRepository):
        def version_feed(self, project):
            return feed

    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    def open_pushing():
        database.opened.append(Pushing(shot.repo.path, database))
        return database.opened[-1]

    watcher = ApprovalWatcher("demo", open_pushing, options=WatchOptions(interval=INTERVAL), clock=clock)
    clock.advance()
    watcher.step(host)
    before = database.round_trips
    clock.advance()
    assert watcher.step(host) == [] and database.round_trips == before and feed.asked == 2
    approve(shot, shot.publish(approved=False))
    feed.waiting = True                                   # the server pushed the change
    clock.advance()
    assert watcher.step(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']
    watcher.close()
    assert feed.closed


def test_an_approval_made_while_the_change_stream_was_down_is_still_seen(shot, host, world):
    clock, database, _notes, _make = world

    class BreakingFeed(ScriptedFeed):
        def changed(self) -> bool:
            if database.down:
                raise DatabaseError("MongoDB at mongodb://db: connection reset")
            return super().changed()

    feeds: list[BreakingFeed] = []

    class Pushing(FlakyRepository):
        def version_feed(self, project):
            feeds.append(BreakingFeed())
            return feeds[-1]

    def open_pushing():
        database.opened.append(Pushing(shot.repo.path, database))
        return database.opened[-1]

    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    watcher = ApprovalWatcher("demo", open_pushing, options=WatchOptions(interval=INTERVAL), clock=clock)
    clock.advance()
    watcher.step(host)
    database.down = True
    clock.advance()
    assert watcher.step(host) == []                       # the feed broke: dropped, to be opened again
    assert feeds[0].closed
    database.down = False
    approve(shot, shot.publish(approved=False))           # the reopened stream will never tell of this
    clock.advance(watcher.options.retry)
    assert watcher.step(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']
    assert len(feeds) == 2


class CountingHost:
    """The live host, counting how often the script's containers are listed."""

    def __init__(self, host) -> None:
        self._host, self.listings = host, 0

    def nodes_with_knob(self, knob):
        self.listings += 1
        return self._host.nodes_with_knob(knob)

    def __getattr__(self, name):
        return getattr(self._host, name)


def test_a_quiet_check_does_not_read_the_script_and_a_new_read_is_read_when_told(shot, host, world):
    clock, _database, _notes, make = world
    shot.publish(approved=True)
    load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    counting = CountingHost(host)
    watcher = make()
    clock.advance()
    watcher.step(counting)                                # the first check reads the script
    listed = counting.listings
    clock.advance()
    assert watcher.step(counting) == [] and counting.listings == listed
    fx = shot.subset_named("fxMain")
    shot.publish(approved=True, subset=fx)
    added = load(host, shot.repo, "demo", asset="sh010", subset="fxMain")
    watcher.touch()                                       # what Nuke's onCreate of a Read does
    approve(shot, shot.publish(approved=False, subset=fx))
    clock.advance()
    assert watcher.step(counting) == [f'{added.node_name} v001 → v002 approved by ana: "final grade"']
