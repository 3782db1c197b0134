"""``avalon-nuke rerender``: one farm job for only the frames a work-in-progress version lacks."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from avalon_nuke.cli.arguments import add_context, print_json, require, version_number

if TYPE_CHECKING:
    from avalon_nuke.config import Settings


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    rerender = subparsers.add_parser(
        "rerender", parents=parents, help="re-render only the missing frames of a work-in-progress version",
        description="Find the frames the version lacks on disk and submit one farm job for exactly those "
                    "(compact frame ranges), from the version's published script into its folder. "
                    "Refused for approved versions and when the published script is gone.")
    add_context(rerender)
    rerender.add_argument("--subset", required=True, help="subset name, e.g. compMain")
    rerender.add_argument("--version", required=True, type=version_number, metavar="N", help="version number")
    rerender.add_argument("--json", action="store_true", help="print the farm job as JSON")
    rerender.set_defaults(handler=rerender_command)


def rerender_command(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.publish.farm_submission import client_from_settings
    from avalon_nuke.publish.rerender import rerender_missing

    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    asset = require(args.asset or settings.asset, "--asset", "AVALON_ASSET")
    with open_database(settings) as repo:
        result = rerender_missing(repo, client_from_settings(settings), settings, project=project,
                                  asset=asset, subset=args.subset, number=args.version)
    if args.json:
        print_json({"version": args.version, "frames": result.frames, "missing": result.missing,
                    "jobId": result.job_id, "waitingReview": result.waiting_review})
        return
    if result.job_id is None:
        print(f"{result.label}: no frames missing; nothing to re-render")
        return
    print(f"{result.label}: {result.missing} missing frame{'s' if result.missing != 1 else ''} "
          f"({result.frames}) -> farm job {result.job_id}")
    if result.note:
        print(f"  note: {result.note}")
