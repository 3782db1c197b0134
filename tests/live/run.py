"""Run the live suite inside Nuke:  nuke -t tests/live/run.py   (from the repository root).

Uses pytest when Nuke's Python has it, else a small runner of its own; exits non-zero on
any failure.
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
    try:
        import pytest
    except ImportError:
        return _without_pytest()
    return pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", str(REPO), str(HERE)])


if __name__ == "__main__":
    sys.exit(main())
