"""``avalon-nuke nuke-path``: the folder to put on ``NUKE_PATH``, for a wheel or a checkout."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from avalon_nuke.config import Settings



def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "nuke-path", parents=parents,
        help="print the folder to put on NUKE_PATH (init.py, menu.py, gizmos/)",
        description="Print the folder holding Nuke's start-up files: the installed copy for a "
                    "wheel, the repository root for a source checkout. "
                    "Use: export NUKE_PATH=\"$(avalon-nuke nuke-path)${NUKE_PATH:+:$NUKE_PATH}\"")
    command.set_defaults(handler=print_nuke_path)


def print_nuke_path(args: argparse.Namespace, settings: Settings) -> int:
    from avalon_nuke.startup_folder import nuke_path_folder

    print(nuke_path_folder())
    return 0
