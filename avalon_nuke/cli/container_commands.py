"""``ls``, ``load`` and ``update``: containers in ``.nk`` files, without Nuke."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from avalon_nuke.cli.arguments import print_json, require

if TYPE_CHECKING:
    from avalon_nuke.config import Settings

_NEW_SCRIPT = """#! nuke -nx
version 15.1 v1
Root {{
 inputs 0
 name {name}
{shot_knobs}}}
"""


def _new_script_text(path: Path, asset: dict) -> str:
    """A new comp set up for the shot: its frame range, rate and format, as Nuke writes them."""
    from avalon_nuke.nk.tcl import format_value

    data = asset.get("data", {})
    knobs = []
    if "frameStart" in data and "frameEnd" in data:
        knobs += [("first_frame", data["frameStart"]), ("last_frame", data["frameEnd"])]
    if data.get("fps"):
        knobs.append(("fps", data["fps"]))
    if data.get("resolutionWidth") and data.get("resolutionHeight"):
        width, height = data["resolutionWidth"], data["resolutionHeight"]
        knobs.append(("format", f"{width} {height} 0 0 {width} {height} {data.get('pixelAspect', 1):g} "
                                f"{asset['name']}_format"))
    shot_knobs = "".join(f" {name} {format_value(value)}\n" for name, value in knobs)
    return _NEW_SCRIPT.format(name=format_value(path.resolve().as_posix()), shot_knobs=shot_knobs)


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    listing = subparsers.add_parser("ls", parents=parents, help="list the Avalon containers of a .nk script")
    listing.add_argument("script", metavar="SCRIPT.nk")
    listing.add_argument("--project", help="project (default: the containers' own, or $AVALON_PROJECT)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_containers)

    load = subparsers.add_parser("load", parents=parents,
                                 help="add a Read bound to a published render to a .nk script")
    load.add_argument("script", metavar="SCRIPT.nk", help="created when it does not exist")
    load.add_argument("--project", help="default: $AVALON_PROJECT")
    load.add_argument("--asset", help="default: $AVALON_ASSET")
    load.add_argument("--subset", required=True)
    load.add_argument("--version", type=int, help="version number (default: what the policy follows)")
    load.add_argument("--representation", help="representation name, e.g. exr (default: the image sequence)")
    load.add_argument("--policy", choices=["approved", "latest", "pinned"], default="approved")
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=load_container)

    update = subparsers.add_parser("update", parents=parents,
                                   help="move a .nk script's containers to what their policies follow")
    update.add_argument("script", metavar="SCRIPT.nk")
    update.add_argument("--project", help="project (default: the containers' own, or $AVALON_PROJECT)")
    update.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    update.add_argument("--json", action="store_true")
    update.set_defaults(handler=update_containers)


def _project_of(host, explicit: str | None, settings: Settings) -> str | None:
    """The script's project: asked for, else the one its containers name, else the context."""
    from avalon_nuke.errors import InputError
    from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerDataError, parse_container

    if explicit:
        return explicit
    named = set()
    for node in host.nodes_with_knob(DATA_KNOB):
        try:
            project = parse_container(host.knob(node, DATA_KNOB)).project
        except ContainerDataError:
            continue
        if project:
            named.add(project)
    if len(named) > 1:
        raise InputError(f"containers from several projects ({', '.join(sorted(named))}): pass --project")
    return named.pop() if named else settings.project


def _rows(containers) -> list[dict]:
    return [c.summary() for c in containers]


def _print_table(containers) -> None:
    for c in containers:
        current = f"v{c.current_number:03d}" if c.current_number is not None else "-"
        target = f"v{c.target_number:03d}" if c.target_number is not None else "-"
        reason = f"  {c.reason}" if c.reason else ""
        print(f"{c.node_name:<28} {c.subset:<20} {current:>5} -> {target:<5} {c.state.value:<9} "
              f"{c.policy.value}{reason}")


def list_containers(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline import inventory

    host = NkFileHost.open(args.script)
    project = _project_of(host, args.project, settings)
    if not host.nodes_with_knob("avalon_container"):
        if args.json:
            print_json([])
        else:
            print(f"nothing to do: no Avalon containers in {args.script}")
        return
    project = require(project, "--project", "AVALON_PROJECT")
    with open_database(settings) as repo:
        containers = inventory.ls(host, repo, project)
    if args.json:
        print_json(_rows(containers))
    else:
        _print_table(containers)


def load_container(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke import nk
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline.loader import load
    from avalon_nuke.pipeline.policy import Policy

    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    asset = require(args.asset or settings.asset, "--asset", "AVALON_ASSET")
    path = Path(args.script)
    with open_database(settings) as repo:
        if path.exists():
            host = NkFileHost.open(path)
        else:
            text = _new_script_text(path, repo.asset(project, asset))
            host = NkFileHost(nk.loads(text, str(path)), path)
        container = load(host, repo, project, asset=asset, subset=args.subset, version=args.version,
                         representation=args.representation, policy=Policy(args.policy))
    host.save(backup=True)
    if args.json:
        print_json(container.summary())
    else:
        print(f"loaded {args.subset} v{container.current_number:03d} ({container.state.value}) "
              f"as {container.node_name} in {path}")


def update_containers(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke import nk
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline import inventory

    host = NkFileHost.open(args.script)
    if not host.nodes_with_knob("avalon_container"):
        if args.json:
            print_json({"changed": False, "containers": []})
        else:
            print(f"nothing to do: no Avalon containers in {args.script}")
        return
    project = require(_project_of(host, args.project, settings), "--project", "AVALON_PROJECT")
    before = nk.dumps(host.script)
    with open_database(settings) as repo:
        planned = inventory.ls(host, repo, project)
        updated = inventory.apply_all(host, planned)
    changed = nk.dumps(host.script) != before
    if changed and not args.dry_run:
        host.save(backup=True)
    if args.json:
        print_json({"changed": changed, "written": changed and not args.dry_run,
                    "containers": [{**after.summary(), "from": before_c.current_number}
                                   for before_c, after in zip(planned, updated, strict=True)]})
        return
    for before_c, after in zip(planned, updated, strict=True):
        was = f"v{before_c.current_number:03d}" if before_c.current_number is not None else "-"
        now = f"v{after.current_number:03d}" if after.current_number is not None else "-"
        verb = "would switch" if args.dry_run else "switched"
        what = f"{verb} {was} -> {now}" if was != now else f"stays on {now}"
        reason = f" ({after.reason})" if after.reason else ""
        print(f"{after.node_name:<28} {what:<26} {after.state.value}{reason}")
    if not changed:
        print("nothing to do: every container already shows what its policy follows")
    elif args.dry_run:
        print("dry run: nothing written")
    else:
        print(f"wrote {args.script} (previous text kept in {args.script}.bak)")
