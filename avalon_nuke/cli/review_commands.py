"""``versions``, ``approve`` and ``reject``: what a lighter reviews, from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from avalon_nuke.cli.arguments import add_context, print_json, require

if TYPE_CHECKING:
    from avalon_nuke.config import Settings

VERSION_HEADERS = ("ASSET", "SUBSET", "VERSION", "STATE", "FRAMES", "FARM JOB", "AUTHOR", "PUBLISHED",
                   "REVIEW", "COMMENT")


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    versions = subparsers.add_parser(
        "versions", parents=parents,
        help="list an asset's versions with their state and frames on disk (work in progress with --all)")
    add_context(versions)
    versions.add_argument("--subset", help="only this subset (default: every subset of the asset)")
    versions.add_argument("--all", action="store_true",
                          help="also list work-in-progress and rejected versions")
    versions.add_argument("--json", action="store_true", help="print the rows as JSON (times in UTC)")
    versions.set_defaults(handler=list_versions)

    approve = subparsers.add_parser(
        "approve", parents=parents, help="approve (or unapprove) a version: Reads then follow it")
    _version_options(approve)
    approve.add_argument("--unapprove", action="store_true", help="withdraw the approval instead")
    approve.add_argument("--force", action="store_true",
                         help="approve even if frames are missing on disk or its farm job is not done")
    approve.add_argument("--json", action="store_true", help="print the version as JSON")
    approve.set_defaults(handler=approve_version)

    reject = subparsers.add_parser(
        "reject", parents=parents,
        help="reject a version: kept, hidden like work in progress, never followed by any policy")
    _version_options(reject)
    reject.add_argument("--undo", action="store_true",
                        help="take the rejection back (work in progress again)")
    reject.add_argument("--json", action="store_true", help="print the version as JSON")
    reject.set_defaults(handler=reject_version)


def _version_options(parser: argparse.ArgumentParser) -> None:
    add_context(parser)
    parser.add_argument("--subset", required=True, help="subset name, e.g. lightingMain")
    parser.add_argument("--version", required=True, help="version number, or 'latest' for the newest")


def _rows(args: argparse.Namespace, settings: Settings, repo):
    from avalon_nuke.pipeline.version_listing import asset_versions

    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    asset = require(args.asset or settings.asset, "--asset", "AVALON_ASSET")
    return project, asset, asset_versions(repo, project, asset, subset=args.subset)


def list_versions(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.pipeline.version_listing import apply_progress, measure_progress

    with open_database(settings, create=False) as repo:
        _project, asset, rows = _rows(args, settings, repo)
    shown = [row for row in rows if args.all or row.approved]
    apply_progress(shown, measure_progress(shown, settings, timeout=3.0))
    if args.json:
        print_json([row.to_json() for row in shown])
        return
    hidden = _hidden_text(rows, shown)
    what = f"of {args.subset} in {asset}" if args.subset else f"of {asset}"
    if not shown:
        if hidden:
            print(f"no approved versions {what} ({hidden})")
        else:
            print(f"no versions {what} yet (publish one with 'avalon-nuke publish')")
        return
    from avalon_nuke.cli.tables import print_table

    print_table(VERSION_HEADERS, [(row.asset, row.subset, f"v{row.number:03d}", row.state_text,
                                   row.progress or "-", row.job_state or "-", row.author, row.date,
                                   _review(row), row.comment) for row in shown])
    if hidden:
        print(f"({hidden})")


def _review(row) -> str:
    """The review movie's path once rendered, ``not rendered yet`` before, ``-`` without one."""
    from avalon_nuke.pipeline.version_listing import review_movie

    movie = review_movie(row.representations)
    if not movie["review"]:
        return "-"
    return str(movie["review"]) if movie["reviewReady"] else "not rendered yet"


def _hidden_text(rows, shown) -> str:
    """``2 work in progress, 1 rejected hidden: add --all``, or ``""`` when nothing is hidden."""
    listed = {id(row) for row in shown}
    rejected = sum(row.rejected for row in rows if id(row) not in listed)
    wip = len(rows) - len(shown) - rejected
    parts = [f"{wip} work in progress"] * bool(wip) + [f"{rejected} rejected"] * bool(rejected)
    return f"{', '.join(parts)} hidden: add --all" if parts else ""


def _pick(rows, args: argparse.Namespace, asset: str):
    """The row named by ``--version``; a wrong number names the subset and the versions it has."""
    from avalon_nuke.errors import InputError, NotFoundError

    if args.version == "latest":
        candidates = [row for row in rows if not row.rejected] or rows
        if not candidates:
            raise NotFoundError(f"subset '{args.subset}' of {asset} has no versions yet")
        return max(candidates, key=lambda row: row.number)
    if not (args.version.isascii() and args.version.isdigit()):  # "²".isdigit() is True too
        raise InputError(f"--version must be a number or 'latest', not '{args.version}'")
    number = int(args.version)
    for row in rows:
        if row.number == number:
            return row
    raise NotFoundError(f"{args.subset} of {asset} has no version {number} ({_has(rows)})")


def _has(rows) -> str:
    from avalon_nuke.db.documents import version_numbers_text

    if not rows:
        return "it has no versions yet"
    return f"it has {version_numbers_text(sorted(row.number for row in rows))}"


def _version_json(version: dict) -> dict:
    from avalon_nuke.dates import iso_utc

    data = version["data"]
    return {"id": version["_id"], "version": version["name"], "approved": data.get("approved") is not False
            and not data.get("rejected"), "rejected": bool(data.get("rejected")),
            "approvedBy": data.get("approvedBy"), "approvedAt": iso_utc(data.get("approvedAt")),
            "rejectedBy": data.get("rejectedBy"), "rejectedAt": iso_utc(data.get("rejectedAt"))}


def approve_version(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.errors import InputError
    from avalon_nuke.pipeline.approval import IncompleteRender, approve
    from avalon_nuke.pipeline.version_listing import apply_progress, measure_progress

    with open_database(settings, create=False) as repo:
        project, asset, rows = _rows(args, settings, repo)
        row = _pick(rows, args, asset)
        apply_progress([row], measure_progress([row], settings, timeout=3.0))  # the guard and the count
        if args.unapprove:
            version = repo.set_approval(project, row.id, False)
        else:
            try:
                version = approve(repo, project, row, settings, force=args.force)
            except IncompleteRender as refused:
                raise InputError(f"{refused}: not approved (pass --force to approve it anyway)") from refused
    row.document = version
    if args.json:
        print_json({**_version_json(version), "framesOnDisk": row.frames_on_disk,
                    "framesExpected": row.frames_expected})
        return
    state = row.state_text if version["data"].get("approved") else "work in progress"
    frames = f" ({row.progress} frames on disk)" if row.progress else ""
    print(f"{asset} {args.subset} v{version['name']:03d} is now {state}{frames}")


def reject_version(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database

    with open_database(settings, create=False) as repo:
        project, asset, rows = _rows(args, settings, repo)
        row = _pick(rows, args, asset)
        version = repo.set_rejection(project, row.id, not args.undo)
    if args.json:
        print_json(_version_json(version))
        return
    state = "rejected: no policy follows it" if not args.undo else "work in progress again"
    print(f"{asset} {args.subset} v{version['name']:03d} is {state}")
