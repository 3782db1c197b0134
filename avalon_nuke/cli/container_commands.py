"""``ls``, ``load`` and ``update``: containers in ``.nk`` files, without Nuke."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from avalon_nuke.cli.arguments import print_json, version_number

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
    from avalon_nuke import bounds
    from avalon_nuke.errors import InputError
    from avalon_nuke.nk.tcl import format_value

    data = asset.get("data", {})
    knobs: list[tuple[str, str | int | float]] = []
    try:  # values from the database: check them before they become a script
        if "frameStart" in data and "frameEnd" in data:
            first, last = bounds.check_frame_range(data["frameStart"], data["frameEnd"])
            knobs += [("first_frame", first), ("last_frame", last)]
        if data.get("fps"):
            knobs.append(("fps", bounds.check_fps(data["fps"])))
        if data.get("resolutionWidth") and data.get("resolutionHeight"):
            width, height = bounds.check_resolution(data["resolutionWidth"], data["resolutionHeight"])
            aspect = data.get("pixelAspect", 1)
            if isinstance(aspect, bool) or not isinstance(aspect, int | float) or not 0 < aspect <= 100:
                raise InputError(f"pixel aspect {aspect!r} is not a number from 0 to 100")
            knobs.append(("format", f"{width} {height} 0 0 {width} {height} {aspect:g} "
                                    f"{asset['name']}_format"))
    except InputError as error:
        name = asset.get("name")
        raise InputError(f"asset {name!r} in the database: {error}; no script written") from error
    shot_knobs = "".join(f" {name} {format_value(value)}\n" for name, value in knobs)
    return _NEW_SCRIPT.format(name=format_value(path.resolve().as_posix()), shot_knobs=shot_knobs)


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    load = subparsers.add_parser("load", parents=parents,
                                 help="add a Read bound to a published render to a .nk script")
    load.add_argument("script", metavar="SCRIPT.nk", help="the comp (created when it does not exist)")
    load.add_argument("--project", help=f"default: {_FROM_SCRIPT.format('project', 'PROJECT')}")
    load.add_argument("--asset", help=f"default: {_FROM_SCRIPT.format('asset', 'ASSET')}")
    load.add_argument("--subset", required=True, help="subset to load, e.g. lightingMain")
    load.add_argument("--version", type=version_number,
                      help="version number (default: what the policy follows)")
    load.add_argument("--representation", metavar="NAME",
                      help="representation (pass) name, e.g. diffuse (default: the beauty/main sequence)")
    load.add_argument("--policy", choices=["approved", "latest", "pinned"], default="approved",
                      help="how the Read follows new versions (default: approved)")
    load.add_argument("--json", action="store_true", help="print the container as JSON")
    load.set_defaults(handler=load_container)

    listing = subparsers.add_parser("ls", parents=parents, help="list the Avalon containers of a .nk script")
    listing.add_argument("script", metavar="SCRIPT.nk", help="the comp to read")
    listing.add_argument("--project", help=f"default: {_FROM_SCRIPT.format('project', 'PROJECT')}")
    listing.add_argument("--json", action="store_true", help="print the containers as JSON")
    listing.set_defaults(handler=list_containers)

    update = subparsers.add_parser("update", parents=parents,
                                   help="move a .nk script's containers to what their policies follow")
    update.add_argument("script", metavar="SCRIPT.nk", help="the comp to update (a .bak copy is kept)")
    update.add_argument("--project", help=f"default: {_FROM_SCRIPT.format('project', 'PROJECT')}")
    update.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    update.add_argument("--json", action="store_true", help="print the changes as JSON")
    update.set_defaults(handler=update_containers)


_FROM_SCRIPT = "the script's {0} (Root knobs, loaded renders and instances, path), else $AVALON_{1}"
LS_HEADERS = ("NODE", "ASSET", "SUBSET", "PASS", "VERSION", "TARGET", "STATE", "POLICY", "REASON")


def _number(value: int | None) -> str:
    return f"v{value:03d}" if value is not None else "-"


def _print_table(containers) -> None:
    from avalon_nuke.cli.tables import print_table
    from avalon_nuke.pipeline.container_report import explain

    print_table(LS_HEADERS, [(c.node_name, c.asset or "-", c.subset or "-", c.representation_name or "-",
                              _number(c.current_number), _number(c.target_number), c.state.value,
                              c.policy.value, explain(c)) for c in containers])


def list_containers(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.errors import NotFoundError
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline import inventory
    from avalon_nuke.pipeline.container_data import DATA_KNOB
    from avalon_nuke.pipeline.script_context import script_context

    if not Path(args.script).is_file():
        raise NotFoundError(f"no such script: {args.script}")
    host = NkFileHost.open(args.script)
    if not host.nodes_with_knob(DATA_KNOB):
        if args.json:
            print_json([])
        else:
            print(f"nothing to do: no Avalon containers in {args.script}")
        return
    project = script_context(host, settings, project=args.project).require_project()
    with open_database(settings, create=False) as repo:
        containers = inventory.ls(host, repo, project)
    if args.json:
        print_json([c.summary() for c in containers])
    else:
        _print_table(containers)


def load_container(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke import nk
    from avalon_nuke.cli.script_editing import refuse_protected, script_for_edit
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline.instance_data import ROOT_ASSET_KNOB, ROOT_PROJECT_KNOB
    from avalon_nuke.pipeline.loader import load
    from avalon_nuke.pipeline.policy import Policy
    from avalon_nuke.pipeline.script_context import script_context

    path = Path(args.script)
    with script_for_edit(args.script, "load", create=True) as target:  # read, change, write: locked
        host = NkFileHost(nk.load(target), path) if target.exists() else None
        if host is not None:
            refuse_protected(host, args.script, "load")
        where = script_context(host, settings, project=args.project, asset=args.asset, path=str(path))
        project, asset = where.require_project(), where.require_asset()
        with open_database(settings, create=False) as repo:
            if host is None:
                text = _new_script_text(path, repo.asset(project, asset))
                host = NkFileHost(nk.loads(text, str(path)), path)
                # A comp made for this shot says so: later commands need no --project/--asset.
                host.set_root_knobs({ROOT_PROJECT_KNOB: project, ROOT_ASSET_KNOB: asset})
            container = load(host, repo, project, asset=asset, subset=args.subset, version=args.version,
                             representation=args.representation, policy=Policy(args.policy))
        host.save(backup=True)
    if args.json:
        print_json(container.summary())
    else:
        print(f"loaded {asset} {args.subset} v{container.current_number:03d} "
              f"({container.representation_name}, {container.state.value}) "
              f"as {container.node_name} in {path}")


def update_containers(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke import nk
    from avalon_nuke.cli.script_editing import refuse_protected, script_for_edit
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline import inventory
    from avalon_nuke.pipeline.container_data import DATA_KNOB
    from avalon_nuke.pipeline.script_context import script_context

    with script_for_edit(args.script, "update", writing=not args.dry_run) as target:
        host = NkFileHost(nk.load(target), Path(args.script))
        if not host.nodes_with_knob(DATA_KNOB):
            if args.json:
                print_json({"changed": False, "containers": []})
            else:
                print(f"nothing to do: no Avalon containers in {args.script}")
            return
        if not args.dry_run:
            refuse_protected(host, args.script, "update")
        project = script_context(host, settings, project=args.project).require_project()
        before = nk.dumps(host.script)
        with open_database(settings, create=False) as repo:
            planned = inventory.ls(host, repo, project)
            updated = inventory.apply_all(host, planned)
        changed = nk.dumps(host.script) != before
        backup = host.save(backup=True) if changed and not args.dry_run else None
    if args.json:
        print_json({"changed": changed, "written": changed and not args.dry_run,
                    "containers": [{**after.summary(), "from": before_c.current_number}
                                   for before_c, after in zip(planned, updated, strict=True)]})
        return
    rows = []
    for before_c, after in zip(planned, updated, strict=True):
        was, now = _number(before_c.current_number), _number(after.current_number)
        verb = "would switch" if args.dry_run else "switched"
        what = f"{verb} {was} -> {now}" if was != now else f"stays on {now}"
        rows.append((after.node_name, after.subset or "-", what, after.state.value, after.reason))
    from avalon_nuke.cli.tables import print_table

    print_table(("NODE", "SUBSET", "CHANGE", "STATE", "REASON"), rows)
    if not changed:
        print("nothing to do: every container already shows what its policy follows")
    elif args.dry_run:
        print("dry run: nothing written")
    else:
        print(f"wrote {args.script} (previous text kept in {backup})")
