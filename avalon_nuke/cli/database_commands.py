"""``project`` and ``asset``: setting up the database side of a show from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from avalon_nuke.cli.arguments import (
    add_context,
    frame_range,
    frame_rate,
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
    create.add_argument("name", help="project name: letters, digits and _")
    create.add_argument("--root", help="projects root on shared storage (default: $AVALON_PROJECTS)")
    create.set_defaults(handler=create_project)
    listing = project_actions.add_parser("ls", parents=parents, help="list projects")
    listing.add_argument("--json", action="store_true", help="print the projects as JSON")
    listing.set_defaults(handler=list_projects)

    asset = subparsers.add_parser("asset", parents=parents, help="create and list assets (shots)")
    asset_actions = asset.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = asset_actions.add_parser("create", parents=parents, help="create an asset")
    create.add_argument("name", help="asset (shot) name: letters, digits and _")
    add_context(create, asset=False)
    create.add_argument("--frames", type=frame_range, metavar="FIRST-LAST",
                        help="frame range, e.g. 1001-1100")
    create.add_argument("--fps", type=frame_rate, help="frames per second, e.g. 24")
    create.add_argument("--resolution", type=resolution, metavar="WxH", help="e.g. 1920x1080")
    create.set_defaults(handler=create_asset)
    listing = asset_actions.add_parser("ls", parents=parents, help="list assets")
    add_context(listing, asset=False)
    listing.add_argument("--json", action="store_true", help="print the assets as JSON")
    listing.set_defaults(handler=list_assets)


def _open(settings: Settings, *, create: bool = True):
    from avalon_nuke.db import open_database

    return open_database(settings, create=create)


def create_project(args: argparse.Namespace, settings: Settings) -> None:
    root = args.root or str(settings.projects_root)
    with _open(settings) as repo:
        project = repo.create_project(args.name, root=root)
    print(f"created project {project['name']} (root {root})")


def list_projects(args: argparse.Namespace, settings: Settings) -> None:
    with _open(settings, create=False) as repo:
        projects = repo.projects()
    if args.json:
        print_json([{"name": p["name"], "root": p.get("data", {}).get("root")} for p in projects])
        return
    if not projects:
        print("no projects yet (create one with 'avalon-nuke project create NAME')")
        return
    from avalon_nuke.cli.tables import print_table

    print_table(("PROJECT", "ROOT"), [(p["name"], p.get("data", {}).get("root", "")) for p in projects])


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
    with _open(settings, create=False) as repo:
        assets = repo.assets(project)
    if args.json:
        print_json([{"name": a["name"], **a.get("data", {})} for a in assets])
        return
    if not assets:
        print(f"no assets in {project} yet (create one with 'avalon-nuke asset create NAME')")
        return
    from avalon_nuke.cli.tables import print_table

    rows = []
    for asset in assets:
        data = asset.get("data", {})
        frames = f"{data['frameStart']}-{data['frameEnd']}" if "frameStart" in data else ""
        size = f"{data['resolutionWidth']}x{data['resolutionHeight']}" if data.get("resolutionWidth") else ""
        rows.append((asset["name"], frames, f"{data['fps']:g}" if data.get("fps") else "", size))
    print_table(("ASSET", "FRAMES", "FPS", "RESOLUTION"), rows)
