"""What following approvals relies on in real Nuke, checkable in a terminal session (``nuke -t``).

The thread hand-over (``executeInMainThread*``) needs Nuke's event loop: see
``gui_approval_checks.py`` for the checks run from an interactive Nuke.
"""

import nuke
from live_helpers import fresh_script


def test_knob_changes_in_one_undo_group_are_undone_together():
    fresh_script()
    read = nuke.nodes.Read(file="/shots/v001/a.####.exr")
    read["first"].setValue(1001)
    size = nuke.Undo.undoSize()
    nuke.Undo.begin("Avalon: follow approvals")
    try:
        read["file"].setValue("/shots/v002/a.####.exr")
        read["first"].setValue(1002)
    finally:
        nuke.Undo.end()
    assert nuke.Undo.undoSize() == size + 1
    assert "Avalon: follow approvals" in nuke.Undo.undoDescribe(0)
    nuke.Undo.undo()
    assert read["file"].value() == "/shots/v001/a.####.exr" and read["first"].value() == 1001


def test_clearing_a_script_with_nodes_runs_on_script_close():
    fresh_script()
    closed = []

    def on_close():
        closed.append(nuke.root().name())

    nuke.nodes.Read()
    nuke.addOnScriptClose(on_close)
    try:
        nuke.scriptClear()
    finally:
        nuke.removeOnScriptClose(on_close)
    assert len(closed) == 1


def test_no_approval_watcher_starts_in_a_terminal_session():
    from avalon_nuke.config import Settings
    from avalon_nuke.hosts.live_nuke import approval_thread

    assert approval_thread.start(Settings(project="demo", asset="sh010")) is None
    assert approval_thread.running() is None
