"""The approval watcher's non-modal line, its Apply button, and the publish guard of the GUI hook-up."""

from __future__ import annotations

import pytest

from avalon_nuke.errors import DatabaseError
from avalon_nuke.pipeline.approval_notes import Announcement
from avalon_nuke.tools import approval_notice

pytestmark = pytest.mark.gui


def test_a_switch_is_one_line_that_never_takes_focus_or_blocks(qtbot):
    note = Announcement('Avalon: following approvals: Read1 v005 → v006 approved by ana: "final grade"')
    notice = approval_notice.show_note(note)
    qtbot.addWidget(notice)
    assert notice.isVisible() and not notice.isModal() and not notice.isActiveWindow()
    assert notice.text == note.text and not notice.apply_button.isVisibleTo(notice)
    again = approval_notice.show_note(Announcement("Avalon: following approvals: Read2 v001 → v002 approved"))
    assert again is notice and notice.text.endswith("Read2 v001 → v002 approved")   # replaced, not stacked


def test_waiting_reads_stay_listed_with_an_apply_that_runs_once(qtbot):
    applied = []
    note = Announcement("Avalon: newer versions waiting (Apply, or Manager > Update all): Read1 v001 → v002",
                        pending=("Read1",))
    notice = approval_notice.show_note(note, apply=lambda: applied.append(True))
    qtbot.addWidget(notice)
    assert notice.apply_button.isVisibleTo(notice) and not notice._timer.isActive()
    notice.apply_button.click()
    notice.apply_button.click()
    assert applied == [True] and not notice.apply_button.isVisibleTo(notice)


def test_an_apply_that_fails_says_why_in_the_same_line(qtbot):
    def apply():
        raise DatabaseError("MongoDB at mongodb://ana:***@db: timed out")

    notice = approval_notice.show_note(Announcement("Avalon: newer versions waiting: Read1", pending=("Read1",)),
                                       apply=apply)
    qtbot.addWidget(notice)
    notice.apply_button.click()
    assert notice.text == "Avalon: cannot apply: MongoDB at mongodb://ana:***@db: timed out"


def test_nothing_switches_while_the_publisher_runs(qtbot, monkeypatch):
    from avalon_nuke.tools import publisher
    from nuke_menu import approvals

    class Running:
        running = True

    monkeypatch.setattr("avalon_nuke.tools.windows.find_open",
                        lambda name: Running() if name == publisher.OBJECT_NAME else None)
    assert approvals.publish_running(None) == "a publish of this script runs"
    Running.running = False
    assert approvals.publish_running(None) is None


def test_in_notify_only_mode_the_manager_shows_what_would_move_and_one_click_applies(qtbot, pipeline, host):
    from avalon_nuke.db.sqlite_store import SQLiteRepository
    from avalon_nuke.pipeline.approval_watch import ApprovalWatcher, WatchOptions
    from avalon_nuke.pipeline.loader import load
    from avalon_nuke.pipeline.policy import State
    from avalon_nuke.tools import manager

    pipeline.publish("sh010", "lightingMain", approved=True)
    loaded = load(host, pipeline.repo, "demo", asset="sh010", subset="lightingMain")
    window = manager.ManagerWindow(manager.make_context(pipeline.settings, repo=pipeline.repo, host=host))
    qtbot.addWidget(window)
    window.show()
    clock = {"now": 0.0}
    watcher = ApprovalWatcher("demo", lambda: SQLiteRepository(pipeline.settings.db_path),
                              options=WatchOptions(interval=10, notify_only=True), clock=lambda: clock["now"],
                              announce=lambda note: window.refresh())   # what the Nuke hook-up does
    v2 = pipeline.publish("sh010", "lightingMain", approved=False, comment="final grade")
    pipeline.repo.set_approval("demo", v2["_id"], True, user="ana")
    clock["now"] += 10
    assert watcher.step(host) == [f'{loaded.node_name} v001 → v002 approved by ana: "final grade"']
    (shown,) = window.containers
    assert (shown.state, shown.current_number, shown.target_number) == (State.OUTDATED, 1, 2)
    assert host.knob(shown.node, "file").endswith("/v001/lightingMain.####.exr")   # nothing moved yet
    window.buttons["update_all"].click()
    (after,) = window.containers
    assert (after.state, after.current_number) == (State.APPROVED, 2)
