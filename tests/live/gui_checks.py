"""Checks that need Nuke's GUI; run them from the Script Editor of an interactive Nuke:

    import sys; sys.path.insert(0, "/path/to/avalon-nuke/tests/live")
    import gui_checks; gui_checks.run()

First every named fact (``facts.py``, the GUI ones included) with its report, written as
JSON to send back; then the menu and callback checks, each line PASS or FAIL. Nothing is
left installed afterwards. The save checks make Nuke show an error dialog: click it away.
"""

import nuke


def _check(label, condition):
    print(("PASS " if condition else "FAIL ") + label)
    return bool(condition)


def run():
    import avalon_nuke
    from avalon_nuke.config import Settings
    from nuke_menu.table import ENTRIES

    import report

    facts_status = report.main(nuke)
    results = []
    avalon_nuke.install(Settings(project="demo", asset="sh010"))
    avalon_nuke.install(Settings(project="demo", asset="sh010"))
    try:
        menu = nuke.menu("Nuke").findItem("Avalon")
        results.append(_check("the Avalon menu exists", menu is not None))
        results.append(_check("one item per table entry after two installs",
                              menu is not None and len(menu.items()) == len(ENTRIES)))
        results.append(_check("the context label is last",
                              menu is not None and menu.items()[-1].name() == "Context: demo | sh010"))
    finally:
        avalon_nuke.uninstall()
    results.append(_check("uninstall removes the menu", nuke.menu("Nuke").findItem("Avalon") is None))

    order = []

    def on_user_create():
        order.append("user")

    def on_create():
        order.append("create")

    nuke.addOnUserCreate(on_user_create, nodeClass="NoOp")
    nuke.addOnCreate(on_create, nodeClass="NoOp")
    try:
        node = nuke.createNode("NoOp", inpanel=False)
        nuke.nodes.NoOp()
    finally:
        nuke.removeOnUserCreate(on_user_create, nodeClass="NoOp")
        nuke.removeOnCreate(on_create, nodeClass="NoOp")
    results.append(_check("onUserCreate runs before onCreate, and only for createNode",
                          order == ["user", "create", "create"]))

    changes = []

    def on_change():
        changes.append(nuke.thisKnob().name())

    nuke.addKnobChanged(on_change, nodeClass="NoOp")
    try:
        node.showControlPanel()
        node["label"].setValue("panel open")
        node.hideControlPanel()
        node["label"].setValue("panel closed")
    finally:
        nuke.removeKnobChanged(on_change, nodeClass="NoOp")
        nuke.delete(node)
    results.append(_check("knobChanged runs for Python edits only while the panel is open",
                          changes.count("label") == 1))
    print(f"{results.count(False)} failed")
    return all(results) and facts_status == 0
