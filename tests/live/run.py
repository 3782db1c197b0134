"""Run the live suite inside Nuke:  nuke -t tests/live/run.py   (from the repository root).

First the named facts (``facts.py``): a short report, written as JSON to send back. Then
the live tests, with pytest when Nuke's Python has it, else a small runner of its own.
Exits non-zero when a fact differs or a test fails.
"""

import importlib
import os
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _without_pytest():
    failures = 0
    for path in sorted(HERE.glob("test_*.py")):
        module = importlib.import_module(path.stem)
        for name in sorted(vars(module)):
            test = getattr(module, name)
            if name.startswith("test_") and callable(test):
                try:
                    test()
                    print(f"PASS {path.stem}.{name}")
                except Exception:
                    failures += 1
                    print(f"FAIL {path.stem}.{name}")
                    traceback.print_exc()
    print(f"{failures} failed")
    return 1 if failures else 0


def main():
    os.environ["AVALON_NUKE_LIVE"] = "1"
    for folder in (str(REPO), str(HERE)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    import nuke
    import report

    facts_status = report.main(nuke)
    try:
        import pytest
    except ImportError:
        return _without_pytest() or facts_status
    tests_status = pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", str(REPO), str(HERE)])
    return int(tests_status) or facts_status


if __name__ == "__main__":
    sys.exit(main())
