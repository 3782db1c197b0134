"""The watcher in (the stand-in of) Nuke's GUI: database off the main thread, nodes on it, stops with the script."""

from __future__ import annotations

import threading

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.pipeline.approval_watch import ApprovalWatcher, WatchOptions
from avalon_nuke.pipeline.loader import load
from tests.support.containers import make_shot

LONG = 3600.0  # the thread's own tick: these tests step cycles themselves


class ThreadNotingRepository(SQLiteRepository):
    """Records which thread asked each question."""

    threads: list[str] = []

    def _heads(self, project, subset_ids, floors):
        ThreadNotingRepository.threads.append(threading.current_thread().name)
        return super()._heads(project, subset_ids, floors)


@pytest.fixture
def shot(tmp_path):
    return make_shot(tmp_path)


@pytest.fixture
def watched(shot, nuke):
    from avalon_nuke.hosts.live_nuke import approval_thread
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    clock = {"now": 0.0}
    notes = []
    watcher = ApprovalWatcher("demo", lambda: ThreadNotingRepository(shot.repo.path),
                              options=WatchOptions(interval=10.0), clock=lambda: clock["now"],
                              announce=notes.append)
    thread = approval_thread.ApprovalThread(watcher, tick=LONG)
    yield LiveHost(), thread, clock, notes
    thread.stop()


def test_a_cycle_asks_the_database_off_the_main_thread_and_switches_on_it(shot, watched, nuke, nuke_standin):
    host, thread, clock, notes = watched
    shot.publish(approved=True)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    shot.approve(shot.publish(approved=False))
    ThreadNotingRepository.threads.clear()
    clock["now"] += 10
    assert nuke_standin.in_worker_thread(thread.cycle) is True
    assert ThreadNotingRepository.threads and threading.main_thread().name not in ThreadNotingRepository.threads
    assert nuke.toNode(loaded.node_name)["file"].value().endswith("/v002/lightingMain.####.exr")
    assert [n.text for n in notes] == [f"Avalon: following approvals: {loaded.node_name} v001 → v002 "
                                       "approved by lighter"]
    assert nuke_standin.in_worker_thread(thread.cycle) is False   # not due again yet


def test_closing_the_script_stops_the_watcher(shot, nuke):
    from avalon_nuke.hosts.live_nuke import approval_thread
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    shot.publish(approved=True)
    load(LiveHost(), shot.repo, "demo", asset="sh010", subset="lightingMain")
    settings = Settings(project="demo", db_path=shot.repo.path)
    nuke.addOnScriptClose(approval_thread.on_script_close)
    thread = approval_thread.start(settings, tick=LONG)
    assert thread is not None and approval_thread.running() is thread
    assert approval_thread.start(settings, tick=LONG) is thread    # one per Nuke
    nuke.scriptClear()
    thread.join(timeout=10)  # the stop event wakes it at once
    assert not thread.is_alive() and approval_thread.running() is None and thread.watcher.closed


def test_the_next_script_opened_is_watched_again(shot, nuke, tmp_path):
    from avalon_nuke.hosts.live_nuke import approval_thread

    settings = Settings(project="demo", db_path=shot.repo.path)
    nuke.addOnScriptClose(approval_thread.on_script_close)
    nuke.addOnScriptLoad(approval_thread.ensure_watching, kwargs={"settings": settings})
    nuke.scriptSaveAs(str(tmp_path / "comp.nk"))
    nuke.scriptClear()
    nuke.scriptOpen(str(tmp_path / "comp.nk"))
    thread = approval_thread.running()
    assert thread is not None
    approval_thread.stop()


@pytest.mark.parametrize("nuke", ["terminal"], indirect=True)
def test_terminal_and_render_sessions_never_watch(shot, nuke):
    from avalon_nuke.hosts.live_nuke import approval_thread

    assert approval_thread.start(Settings(project="demo", db_path=shot.repo.path)) is None
    assert approval_thread.running() is None


def test_a_bad_setting_is_one_line_and_no_watcher(shot, nuke, nuke_standin):
    from avalon_nuke.hosts.live_nuke import approval_thread

    settings = Settings(project="demo", db_path=shot.repo.path, approval_interval="soon")
    assert approval_thread.start(settings) is None
    assert nuke_standin.messages() == ["Avalon: not following approvals: AVALON_APPROVAL_INTERVAL must be 0 "
                                       "(off) or 2 to 3600 seconds, not 'soon'"]
    assert approval_thread.start(settings.with_changes(approval_interval="0")) is None


def test_a_failure_on_the_main_thread_is_one_line_said_once(shot, watched, nuke, nuke_standin, monkeypatch):
    host, thread, clock, notes = watched
    shot.publish(approved=True)
    load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")

    def broken(_host):
        raise KeyError("avalon_container")

    monkeypatch.setattr(thread.watcher, "prepare", broken)
    for _ in range(2):
        clock["now"] += 10
        assert nuke_standin.in_worker_thread(thread.cycle) is False
    assert [n.text for n in notes] == ["Avalon: reading the loaded renders failed: 'avalon_container' "
                                       "(details in the Script Editor)"]
