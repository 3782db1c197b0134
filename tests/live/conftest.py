"""The live suite runs only inside a real Nuke, and only when asked for.

The normal ``pytest`` run ignores this folder unless ``AVALON_NUKE_LIVE=1`` is set. With it
set but no real Nuke (``import nuke`` failing, or finding the test stand-in), the test files
are not collected and the run's header says why.
"""

import os
from pathlib import Path

LIVE = os.environ.get("AVALON_NUKE_LIVE") == "1"


def real_nuke_problem():
    """None inside a real Nuke, else why not."""
    try:
        import nuke
    except ImportError:
        return "no 'nuke' module: run it with Nuke's Python (see tests/live/README.md)"
    standin = Path(__file__).resolve().parents[1] / "doubles" / "nuke_module"
    if standin in Path(nuke.__file__).resolve().parents:
        return "'nuke' is the test stand-in, not Foundry's Nuke"
    return None


PROBLEM = real_nuke_problem() if LIVE else "set AVALON_NUKE_LIVE=1 inside Nuke to run it"
collect_ignore_glob = ["*.py"] if PROBLEM else []


def pytest_report_header(config):
    if PROBLEM:
        return f"avalon-nuke live suite (tests/live) skipped: {PROBLEM}"
    return None
