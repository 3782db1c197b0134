"""The stand-in agrees with every fact the live suite checks in real Nuke (tests/live/facts.py).

So a studio's live report can only differ from the unit tests where Nuke itself differs
from the stand-in; the report and its JSON are checked here too.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

LIVE = Path(__file__).resolve().parents[1] / "live"


def _load(name: str, monkeypatch):
    spec = importlib.util.spec_from_file_location(name, LIVE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def live(monkeypatch):
    facts = _load("facts", monkeypatch)
    return facts, _load("report", monkeypatch)


def _names(facts, needs):
    return [fact.name for fact in facts.FACTS if fact.needs in needs]


FACT_NAMES = [
    "string_value_vs_text", "set_equal_value_marks_modified", "on_script_load_edits_mark_modified",
    "on_script_load_under_t", "node_name_starting_with_digit", "set_unknown_colorspace",
    "colorspace_list_names", "execute_avalon_write_group", "root_name_during_save_as",
    "save_over_read_only_file", "file_knob_keeps_hashes", "read_original_range_first",
    "menu_remove_missing_item", "on_script_save_refusal_ctrl_s", "on_script_save_refusal_save_as",
]


def test_every_fact_the_issue_names_is_a_live_check(live):
    facts, _ = live
    names = [fact.name for fact in facts.FACTS]
    assert len(names) == len(set(names))
    assert set(FACT_NAMES) | {"on_script_load_under_x", "main_window_lookup"} == set(names)
    assert all(fact.evidence and fact.relied_on and fact.expected for fact in facts.FACTS)


@pytest.mark.parametrize("name", FACT_NAMES)
def test_the_stand_in_agrees_with_the_fact(live, nuke, nuke_standin, tmp_path, name):
    facts, _ = live
    (fact,) = [f for f in facts.FACTS if f.name == name]
    assert fact.check(nuke, tmp_path) == fact.expected


def test_the_report_prints_one_line_per_fact_and_writes_json_to_send_back(live, nuke_terminal, tmp_path,
                                                                          monkeypatch, capsys):
    _, report = live
    monkeypatch.setenv("AVALON_NUKE_LIVE_REPORT", str(tmp_path / "live.json"))
    status = report.main(nuke_terminal)
    printed = capsys.readouterr().out.splitlines()
    sent = json.loads((tmp_path / "live.json").read_text())
    assert status == 0
    assert sent["mode"] == "terminal" and sent["counts"]["DIFFERS"] == 0
    by_name = {row["name"]: row for row in sent["facts"]}
    assert by_name["string_value_vs_text"]["status"] == "agrees"
    assert by_name["menu_remove_missing_item"]["status"] == "skipped"  # needs the GUI
    assert by_name["on_script_load_under_x"]["status"] == "skipped"    # needs another Nuke
    assert len([line for line in printed if line.split()[0] in ("agrees", "skipped")]) == len(by_name)
    assert printed[-1].startswith("report written to ")


def test_a_fact_nuke_disagrees_with_is_reported_as_differing(live, nuke_terminal, tmp_path, monkeypatch):
    facts, report = live
    monkeypatch.setenv("AVALON_NUKE_LIVE_REPORT", str(tmp_path / "live.json"))
    wrong = facts.Fact("always_wrong", "yes", "live check only", "nothing", lambda nuke, scratch: "no")
    crashing = facts.Fact("crashing", "yes", "live check only", "nothing",
                          lambda nuke, scratch: 1 / 0)
    rows = report.run_facts(nuke_terminal, [wrong, crashing])
    assert [(r["status"], r["observed"]) for r in rows] == [
        ("DIFFERS", "no"), ("ERROR", "check failed: ZeroDivisionError: division by zero")]
