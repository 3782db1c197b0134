"""Every Nuke behaviour the stand-in assumes, as one named check with the outcome it expects.

Each check runs inside a real Nuke and returns what it observed, in a few words; the
check *agrees* when that is the expected outcome (what the stand-in does, see
``tests/doubles``). A check that differs means the stand-in is wrong about Nuke: fix the
stand-in first, then see what the product relied on (``relied_on``). The same checks run
against the stand-in in the normal test run (``tests/doubles/test_standin_live_facts.py``),
so the two can only disagree where Nuke itself does.

``needs``: ``any`` runs in every session, ``gui`` only in an interactive Nuke, ``binary``
starts another Nuke process (``nuke.EXE_PATH``).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EMPTY_SCRIPT = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n"


@dataclass(frozen=True)
class Fact:
    name: str
    expected: str
    evidence: str        # a Foundry page or precedent code, or "live check only"
    relied_on: str       # what the product does with it, and what holds if it is wrong
    check: Callable[[Any, Path], str]
    needs: str = "any"


def outcome(call: Callable[[], object]) -> str:
    """``returns`` or ``raises <Error>``: what a call did, in two words."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - what it raised is the observation
        return f"raises {type(error).__name__}"
    return "returns"


def _fresh(nuke) -> None:
    nuke.scriptClear()


# -- the checks ----------------------------------------------------------------------------

RECORD = json.dumps({"name": "[value name]", "said": 'say "hi"'})


def string_value_vs_text(nuke, scratch: Path) -> str:
    _fresh(nuke)
    node = nuke.nodes.NoOp(name="AvalonLiveRecord")
    knob = nuke.String_Knob("avalon_live_record")
    node.addKnob(knob)
    knob.setValue(RECORD)
    text = "getText exact" if knob.getText() == RECORD else "getText changed"
    try:
        value = "value exact" if knob.value() == RECORD else "value differs"
    except Exception as error:  # noqa: BLE001
        value = f"value raises {type(error).__name__}"
    return f"{text}; {value}"


def set_equal_value_marks_modified(nuke, scratch: Path) -> str:
    _fresh(nuke)
    node = nuke.nodes.NoOp()
    node["label"].setValue("same")
    nuke.root().setModified(False)
    node["label"].setValue("same")
    return "modified" if nuke.root().modified() else "not modified"


def _saved(nuke, scratch: Path, name: str, build: Callable[[], None] | None = None) -> Path:
    _fresh(nuke)
    if build is not None:
        build()
    path = scratch / name
    nuke.scriptSaveAs(str(path), overwrite=1)
    return path


def on_script_load_edits_mark_modified(nuke, scratch: Path) -> str:
    path = _saved(nuke, scratch, "load_edit.nk", lambda: nuke.nodes.NoOp(name="Touched"))

    def touch():
        nuke.toNode("Touched")["label"].setValue("touched on load")

    nuke.addOnScriptLoad(touch)
    try:
        nuke.scriptClear()
        nuke.scriptOpen(str(path))
        return "modified" if nuke.root().modified() else "not modified"
    finally:
        nuke.removeOnScriptLoad(touch)


def on_script_load_in_this_session(nuke, scratch: Path) -> str:
    path = _saved(nuke, scratch, "load.nk")
    seen: list[str] = []

    def note():
        seen.append(nuke.root().name())

    nuke.addOnScriptLoad(note)
    try:
        nuke.scriptClear()
        nuke.scriptOpen(str(path))
    finally:
        nuke.removeOnScriptLoad(note)
    return "runs" if seen else "does not run"


def on_script_load_under_x(nuke, scratch: Path) -> str:
    startup = scratch / "startup"
    startup.mkdir(exist_ok=True)
    marker = scratch / "loaded.txt"
    (startup / "init.py").write_text(
        "import nuke\n"
        f"nuke.addOnScriptLoad(lambda: open({str(marker)!r}, 'w').write('loaded'))\n")
    script = scratch / "render.nk"
    script.write_text(EMPTY_SCRIPT + "Constant {\n inputs 0\n name Constant1\n}\n"
                      f"Write {{\n file {(scratch / 'x.####.exr').as_posix()}\n file_type exr\n"
                      " name Write1\n}\n")
    env = {**os.environ, "NUKE_PATH": str(startup)}
    run = subprocess.run([nuke.EXE_PATH, "-x", "-F", "1", str(script)], env=env, capture_output=True,
                         text=True, timeout=300, check=False)
    if marker.exists():
        return "runs"
    return f"does not run (exit {run.returncode})"


def node_name_starting_with_digit(nuke, scratch: Path) -> str:
    _fresh(nuke)
    node = nuke.nodes.NoOp()
    digit = outcome(lambda: node.setName("010_lighting"))
    prefixed = outcome(lambda: node.setName("NoOp_010_lighting"))
    return f"digit {digit}; prefixed {prefixed}"


def set_unknown_colorspace(nuke, scratch: Path) -> str:
    _fresh(nuke)
    return outcome(lambda: nuke.nodes.Read()["colorspace"].setValue("avalon_no_such_colourspace"))


def colorspace_list_names(nuke, scratch: Path) -> str:
    from avalon_nuke import colour_management

    _fresh(nuke)
    knob = nuke.nodes.Read()["colorspace"]
    entries = nuke.getColorspaceList(knob)
    if not entries or not all(isinstance(entry, str) for entry in entries):
        return "not a list of names"
    name = next((e for e in entries if not e.startswith("default")), entries[-1])
    listed = colour_management.match_listed(entries, name)
    knob.setValue(listed)
    return "names settable" if knob.value() == listed else f"set {listed!r}, reads {knob.value()!r}"


def execute_avalon_write_group(nuke, scratch: Path) -> str:
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline.creator import create_avalon_write

    _fresh(nuke)
    made = create_avalon_write(LiveHost(), family="render", asset="sh010", subset="liveCheck", project="demo")
    made.node.setInput(0, nuke.nodes.Constant())
    made.write["file"].setValue((scratch / "avw.####.exr").as_posix())
    group = outcome(lambda: nuke.execute(made.node, 1, 1))
    inner = outcome(lambda: nuke.execute(made.write_name, 1, 1))
    return f"group {group}; inner Write {inner}"


def root_name_during_save_as(nuke, scratch: Path) -> str:
    first = _saved(nuke, scratch, "first.nk")
    seen: list[str] = []

    def note():
        seen.append(nuke.root().name())

    nuke.addOnScriptSave(note)
    try:
        nuke.scriptSaveAs(str(scratch / "second.nk"), overwrite=1)
    finally:
        nuke.removeOnScriptSave(note)
    if not seen:
        return "onScriptSave did not run"
    return {str(scratch / "second.nk"): "the new name", str(first): "the old name"}.get(seen[0], seen[0])


def save_over_read_only_file(nuke, scratch: Path) -> str:
    path = _saved(nuke, scratch, "read_only.nk")
    before = path.read_bytes()
    os.chmod(path, 0o444)
    try:
        nuke.nodes.Blur()
        raised = outcome(lambda: nuke.scriptSave())
        return f"{raised}; file {'unchanged' if path.read_bytes() == before else 'overwritten'}"
    finally:
        os.chmod(path, 0o644)


def file_knob_keeps_hashes(nuke, scratch: Path) -> str:
    _fresh(nuke)
    knob = nuke.nodes.Read()["file"]
    knob.setValue("/plates/sh010.####.exr")
    return f"value {knob.value()}; getText {knob.getText()}"


def read_original_range_first(nuke, scratch: Path) -> str:
    _fresh(nuke)
    read = nuke.nodes.Read()
    for name, value in (("origfirst", 1001), ("origlast", 1010), ("first", 1001), ("last", 1010)):
        read[name].setValue(value)
    values = [int(read[name].value()) for name in ("origfirst", "origlast", "first", "last")]
    return "kept" if values == [1001, 1010, 1001, 1010] else f"became {values}"


def menu_remove_missing_item(nuke, scratch: Path) -> str:
    return outcome(lambda: nuke.menu("Nuke").removeItem("AvalonLiveCheckNeverThere"))


def _refusing_save(nuke, scratch: Path, name: str) -> tuple[Path, bytes]:
    path = _saved(nuke, scratch, name)
    nuke.nodes.Blur()
    return path, path.read_bytes()


def _refuse():
    raise RuntimeError("avalon live check: this save is refused")


def on_script_save_refusal_ctrl_s(nuke, scratch: Path) -> str:
    path, before = _refusing_save(nuke, scratch, "ctrl_s.nk")
    nuke.addOnScriptSave(_refuse)
    try:
        item = _ctrl_s_item(nuke)
        if item is None:
            return "no File menu item for Ctrl+S"
        outcome(item.invoke)
    finally:
        nuke.removeOnScriptSave(_refuse)
    return "file unchanged" if path.read_bytes() == before else "file saved"


def _ctrl_s_item(nuke):
    """The File menu item Ctrl+S runs ("Save", "Save Comp" or "Save Script" by version)."""
    file_menu = nuke.menu("Nuke").findItem("File")
    for item in file_menu.items() if file_menu is not None else []:
        shortcut = item.shortcut().replace(" ", "").lower() if hasattr(item, "shortcut") else ""
        if shortcut in ("ctrl+s", "^s") or item.name().replace("&", "") in ("Save", "Save Comp", "Save Script"):
            return item
    return None


def on_script_save_refusal_save_as(nuke, scratch: Path) -> str:
    _refusing_save(nuke, scratch, "save_as_from.nk")
    target = scratch / "save_as_to.nk"
    nuke.addOnScriptSave(_refuse)
    try:
        outcome(lambda: nuke.scriptSaveAs(str(target), overwrite=1))
    finally:
        nuke.removeOnScriptSave(_refuse)
    return "no new file" if not target.exists() else "new file written"


def main_window_lookup(nuke, scratch: Path) -> str:
    from avalon_nuke.tools.windows import nuke_main_window

    window = nuke_main_window()
    return window.metaObject().className() if window is not None else "none found"


LIVE_ONLY = "live check only"
FACTS = [
    Fact("string_value_vs_text", "getText exact; value differs",
         "https://learn.foundry.com/nuke/developers/12.2/pythonreference/nuke.String_Knob-class.html "
         "(value: evaluated, getText: non-evaluated); but ynput/ayon-nuke client/ayon_nuke/api/lib.py "
         "(get_node_data) reads JSON records from a plain String_Knob with getValue(), which suggests "
         "Nuke may not expand them in practice: this check decides",
         "records are read with getText(); value() is never used on them", string_value_vs_text),
    Fact("set_equal_value_marks_modified", "modified", LIVE_ONLY,
         "knobs are set only when their value changes, which holds either way", set_equal_value_marks_modified),
    Fact("on_script_load_edits_mark_modified", "modified", LIVE_ONLY,
         "resolving on load sets nothing for an up-to-date script, which holds either way",
         on_script_load_edits_mark_modified),
    Fact("on_script_load_under_t", "runs", LIVE_ONLY + " (run it with nuke -t)",
         "containers resolve when nuke -t scripts open a comp", on_script_load_in_this_session),
    Fact("on_script_load_under_x", "runs", LIVE_ONLY,
         "farm renders (-x) skip resolution by their command line, not by the callback not running",
         on_script_load_under_x, needs="binary"),
    Fact("node_name_starting_with_digit", "digit raises ValueError; prefixed returns", LIVE_ONLY,
         "names starting with a digit get the node class as prefix (Read_010_lighting)",
         node_name_starting_with_digit),
    Fact("set_unknown_colorspace", "raises ValueError", LIVE_ONLY,
         "a colourspace is set only when getColorspaceList lists it, so this is never reached",
         set_unknown_colorspace),
    Fact("colorspace_list_names", "names settable",
         "https://learn.foundry.com/nuke/developers/140/pythondevguide/_autosummary/nuke.getColorspaceList.html; "
         "ynput/ayon-nuke client/ayon_nuke/api/colorspace.py", "loads set the entry getColorspaceList lists",
         colorspace_list_names),
    Fact("execute_avalon_write_group", "group raises RuntimeError; inner Write returns", LIVE_ONLY,
         "the farm renders the Write inside an AvalonWrite by its full name", execute_avalon_write_group),
    Fact("root_name_during_save_as", "the new name",
         "shotgunsoftware/tk-nuke python/tk_nuke/__init__.py (reads nuke.root().name() in onScriptSave)",
         "the save hook lets a locked script be saved under a new name; if this differs, Save As of a "
         "locked script is refused too and Version up still works", root_name_during_save_as),
    Fact("save_over_read_only_file", "raises RuntimeError; file unchanged",
         "https://learn.foundry.com/nuke/developers/17.0/pythondevguide/_autosummary/nuke.scriptSave.html "
         "(RuntimeError on failures); the read-only part is a live check (run as an artist, not root)",
         "a locked work file is read-only: the lock holds whatever onScriptSave does", save_over_read_only_file),
    Fact("file_knob_keeps_hashes", "value /plates/sh010.####.exr; getText /plates/sh010.####.exr",
         "https://learn.foundry.com/nuke/developers/70/pythonreference/nuke.File_Knob-class.html (value may "
         "be normalised to %4d)", "file names are read with getText()", file_knob_keeps_hashes),
    Fact("read_original_range_first", "kept", "ynput/ayon-nuke client/ayon_nuke/plugins/load/load_clip.py",
         "Reads get origfirst/origlast before first/last", read_original_range_first),
    Fact("menu_remove_missing_item", "raises RuntimeError",
         "shotgunsoftware/tk-nuke python/tk_nuke/menu_generation.py (removeItem unreliable across versions)",
         "the menu is removed only when findItem finds it", menu_remove_missing_item, needs="gui"),
    Fact("on_script_save_refusal_ctrl_s", "file unchanged", LIVE_ONLY,
         "the locked work file is also read-only, so the save fails either way",
         on_script_save_refusal_ctrl_s, needs="gui"),
    Fact("on_script_save_refusal_save_as", "no new file", LIVE_ONLY,
         "the hook never refuses a new name, so this only tells what Nuke does", on_script_save_refusal_save_as,
         needs="gui"),
    Fact("main_window_lookup", "Foundry::UI::DockMainWindow",
         "ynput/ayon-nuke client/ayon_nuke/api/lib.py (get_main_window)",
         "Avalon windows are parented to it; without it they open as top-level windows",
         main_window_lookup, needs="gui"),
]

