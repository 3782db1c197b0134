"""Run the named facts (``facts.FACTS``) in this Nuke, print a short report, write it as JSON.

The JSON is what a studio sends back: Nuke's version, the platform, and for each fact
the expected and observed outcome. ``AVALON_NUKE_LIVE_REPORT`` names the file; by
default ``avalon_nuke_live_<gui|terminal>.json`` in the current folder.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from facts import FACTS, Fact


def applicable(fact: Fact, nuke: Any) -> str | None:
    """None when the fact can be checked in this session, else why not."""
    if fact.needs == "gui" and not nuke.GUI:
        return "needs the GUI (run gui_checks.py from the Script Editor)"
    if fact.needs == "binary" and not getattr(nuke, "EXE_PATH", ""):
        return "needs nuke.EXE_PATH to start another Nuke"
    return None


def run_facts(nuke: Any, facts: list[Fact] = FACTS) -> list[dict[str, Any]]:
    results = []
    for fact in facts:
        row: dict[str, Any] = {"name": fact.name, "expected": fact.expected, "evidence": fact.evidence,
                               "relied_on": fact.relied_on, "needs": fact.needs}
        skipped = applicable(fact, nuke)
        if skipped:
            row.update(observed=None, status="skipped", note=skipped)
            results.append(row)
            continue
        scratch = Path(tempfile.mkdtemp(prefix=f"avalon_live_{fact.name}_"))
        try:
            observed = fact.check(nuke, scratch)
            row.update(observed=observed, status="agrees" if observed == fact.expected else "DIFFERS")
        except Exception as error:  # noqa: BLE001 - a crashing check is reported, the others still run
            row.update(observed=f"check failed: {type(error).__name__}: {error}", status="ERROR",
                       note=traceback.format_exc(limit=3))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        results.append(row)
    return results


def report(nuke: Any, results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "nuke": getattr(nuke, "NUKE_VERSION_STRING", "unknown"),
        "mode": "gui" if nuke.GUI else "terminal",
        "platform": platform.platform(), "python": sys.version.split()[0],
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "counts": {status: sum(1 for r in results if r["status"] == status)
                   for status in ("agrees", "DIFFERS", "ERROR", "skipped")},
        "facts": results,
    }


def print_report(summary: dict[str, Any]) -> None:
    print(f"avalon-nuke live facts, Nuke {summary['nuke']} ({summary['mode']}), {summary['platform']}")
    for row in summary["facts"]:
        shown = row["observed"] if row["observed"] is not None else row.get("note", "")
        line = f"{row['status']:<8} {row['name']}: {shown}"
        if row["status"] in ("DIFFERS", "ERROR"):
            line += f"   (expected: {row['expected']})"
        print(line)
    counts = summary["counts"]
    print(f"{counts['agrees']} agree, {counts['DIFFERS']} differ, {counts['ERROR']} failed to run, "
          f"{counts['skipped']} skipped")


def write_report(summary: dict[str, Any]) -> Path:
    path = Path(os.environ.get("AVALON_NUKE_LIVE_REPORT") or f"avalon_nuke_live_{summary['mode']}.json")
    path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return path.resolve()


def main(nuke: Any) -> int:
    """Run, print, write; 1 when a fact differs or a check failed, else 0."""
    summary = report(nuke, run_facts(nuke))
    print_report(summary)
    print(f"report written to {write_report(summary)}: please send it back")
    counts = summary["counts"]
    return 1 if counts["DIFFERS"] or counts["ERROR"] else 0
