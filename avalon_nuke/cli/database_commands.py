"""``project``, ``asset``, ``approve`` and ``versions``: the database side of the CLI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from avalon_nuke.cli.arguments import (
    add_context,
    frame_range,
    positive_number,
    print_json,
    require,
    resolution,
)

if TYPE_CHECKING:
    from avalon_nuke.config import Settings


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    project = subparsers.add_parser("project", parents=parents, help="create and list projects")
    project_actions = project.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = project_actions.add_parser("create", parents=parents, help="create a project")
    create.add_argument("name")
    create.add_argument("--root", help="projects root on shared storage (default: $AVALON_PROJECTS)")
    create.set_defaults(handler=create_project)
    listing = project_actions.add_parser("ls", parents=parents, help="list projects")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_projects)

    asset = subparsers.add_parser("asset", parents=parents, help="create and list assets (shots)")
    asset_actions = asset.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = asset_actions.add_parser("create", parents=parents, help="create an asset")
    create.add_argument("name")
    add_context(create, asset=False)
    create.add_argument("--frames", type=frame_range, help="frame range, e.g. 1001-1100")
    create.add_argument("--fps", type=positive_number)
    create.add_argument("--resolution", type=resolution, help="e.g. 1920x1080")
    create.set_defaults(handler=create_asset)
    listing = asset_actions.add_parser("ls", parents=parents, help="list assets")
    add_context(listing, asset=False)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_assets)

    approve = subparsers.add_parser("approve", parents=parents, help="approve (or unapprove) a version")
    add_context(approve)
    approve.add_argument("--subset", required=True)
    approve.add_argument("--version", required=True, help="version number or 'latest'")
    approve.add_argument("--unapprove", action="store_true", help="withdraw the approval instead")
    approve.add_argument("--json", action="store_true")
    approve.set_defaults(handler=approve_version)

    versions = subparsers.add_parser("versions", parents=parents,
                                     help="list versions (work in progress hidden unless --all)")
    add_context(versions)
    versions.add_argument("--subset", help="only this subset")
    versions.add_argument("--all", action="store_true", help="include work-in-progress versions")
    versions.add_argument("--json", action="store_true")
    versions.set_defaults(handler=list_versions)


def _open(settings: Settings):
    from avalon_nuke.db import open_database

    return open_database(settings)


def create_project(args: argparse.Namespace, settings: Settings) -> None:
    root = args.root or str(settings.projects_root)
    with _open(settings) as repo:
        project = repo.create_project(args.name, root=root)
    print(f"created project {project['name']} (root {root})")


def list_projects(args: argparse.Namespace, settings: Settings) -> None:
    with _open(settings) as repo:
        projects = repo.projects()
    if args.json:
        print_json([{"name": p["name"], "root": p["data"].get("root")} for p in projects])
        return
    for project in projects:
        print(f"{project['name']}\t{project['data'].get('root', '')}")


def create_asset(args: argparse.Namespace, settings: Settings) -> None:
    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    data: dict[str, Any] = {}
    if args.frames:
        data["frameStart"], data["frameEnd"] = args.frames
    if args.fps:
        data["fps"] = args.fps
    if args.resolution:
        data["resolutionWidth"], data["resolutionHeight"] = args.resolution
        data["pixelAspect"] = 1.0
    with _open(settings) as repo:
        asset = repo.create_asset(project, args.name, data)
    print(f"created asset {asset['name']} in {project}")


def list_assets(args: argparse.Namespace, settings: Settings) -> None:
    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    with _open(settings) as repo:
        assets = repo.assets(project)
    if args.json:
        print_json([{"name": a["name"], **a.get("data", {})} for a in assets])
        return
    for asset in assets:
        data = asset.get("data", {})
        frames = f"{data['frameStart']}-{data['frameEnd']}" if "frameStart" in data else ""
        print(f"{asset['name']}\t{frames}")


def approve_version(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.errors import InputError, NotFoundError

    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    asset_name = require(args.asset or settings.asset, "--asset", "AVALON_ASSET")
    with _open(settings) as repo:
        asset = repo.asset(project, asset_name)
        subset = repo.subset(project, asset["_id"], args.subset)
        if args.version == "latest":
            newest = repo.newest_versions(project, [subset["_id"]]).get(subset["_id"])
            if newest is None:
                raise NotFoundError(f"subset '{args.subset}' has no versions yet")
        elif args.version.isdigit():
            newest = repo.version_by_number(project, subset["_id"], int(args.version))
        else:
            raise InputError(f"--version must be a number or 'latest', not '{args.version}'")
        version = repo.set_approval(project, newest["_id"], not args.unapprove)
    state = "approved" if version["data"]["approved"] else "work in progress"
    if args.json:
        print_json({"id": version["_id"], "version": version["name"], "approved": version["data"]["approved"],
                    "approvedBy": version["data"].get("approvedBy"),
                    "approvedAt": version["data"].get("approvedAt")})
        return
    print(f"{asset_name} {args.subset} v{version['name']:03d} is now {state}")


def list_versions(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.pipeline.version_listing import version_rows

    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    asset_name = require(args.asset or settings.asset, "--asset", "AVALON_ASSET")
    with _open(settings) as repo:
        rows = version_rows(repo, project, asset_name, subset=args.subset)
    shown = [row for row in rows if args.all or row["approved"]]
    hidden = len(rows) - len(shown)
    _add_farm_states(shown, settings)
    if args.json:
        print_json(shown)
        return
    if not shown:
        print("no versions" + (f" ({hidden} work in progress hidden: add --all)" if hidden else ""))
        return
    for row in shown:
        state = "approved" if row["approved"] else "WIP"
        farm = f"  [farm: {row['farmState']}]" if row.get("farmState") else ""
        print(f"{row['subset']:<20} v{row['version']:03d}  {state:<8} "
              f"{row['framesOnDisk']:>5}/{row['framesExpected']:<5} frames  "
              f"{row['author']:<12} {row['time']}  {row['comment']}{farm}")
    if hidden:
        print(f"({hidden} work-in-progress version{'s' if hidden > 1 else ''} hidden: add --all)")


def _add_farm_states(rows: list[dict[str, Any]], settings: Settings) -> None:
    """The farm job state of work-in-progress rows (one request per farm; never fails)."""
    from avalon_nuke.deadline.progress import job_states

    wip = [{"_id": row["id"], "data": {"farm": row["farm"]}} for row in rows if not row["approved"]]
    states = job_states(wip, settings, timeout=3.0)
    for row in rows:
        if row["id"] in states:
            row["farmState"] = states[row["id"]]
