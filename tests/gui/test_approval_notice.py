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
