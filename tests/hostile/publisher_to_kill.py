"""``avalon-nuke publish`` that stops after placing its first file, so a test can signal or kill it.

Usage: ``python -m tests.hostile.publisher_to_kill READY_FILE publish ARGS...``. After the
first frame is in the version folder it writes READY_FILE and waits (at most 60 s) for
the signal the test sends; then it exits with ``avalon-nuke``'s own status.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path


def main(argv: list[str]) -> int:
    from avalon_nuke import transfer
    from avalon_nuke.cli import main as cli_main

    ready = Path(argv[0])
    real_place_one = transfer._place_one

    def place_one_then_stall(source, target, placement):
        real_place_one(source, target, placement)
        if not ready.exists():
            ready.write_text("placed one file")
            threading.Event().wait(60)  # a signal interrupts this wait (it runs in the main thread)

    transfer._place_one = place_one_then_stall
    return cli_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
