"""``create`` and ``submit``: publish instances in ``.nk`` files and the publish itself, without Nuke."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from avalon_nuke.cli.arguments import frame_range, one_line, print_json

if TYPE_CHECKING:
    from avalon_nuke.config import Settings


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    create = subparsers.add_parser(
        "create", parents=parents,
        help="mark a Write of a .nk script as a publish instance (or add an AvalonWrite)")
    create.add_argument("script", metavar="SCRIPT.nk", help="the comp to change (a .bak copy is kept)")
    create.add_argument("--node", help="the Write node to mark (default: add an AvalonWrite group)")
    create.add_argument("--family", choices=["render", "prerender"], default="render",
                        help="what the farm makes: a final render or a prerender (default: render)")
    create.add_argument("--subset", required=True, help="subset name, e.g. compMain")
    create.add_argument("--asset", help=f"default: {_FROM_SCRIPT.format('asset', 'ASSET')}")
    create.add_argument("--project", help=f"default: {_FROM_SCRIPT.format('project', 'PROJECT')}")
    create.add_argument("--priority", type=int, help="farm priority, 0-100 (default 50)")
    create.add_argument("--chunk-size", type=int, help="frames per farm task (default 10)")
    create.add_argument("--pool", help="farm pool (default none)")
    create.add_argument("--group", help="farm group (default none)")
    create.add_argument("--frames", type=frame_range, metavar="FIRST-LAST",
                        help="the instance's own frame range (default: the script's)")
    create.add_argument("--json", action="store_true", help="print the instance as JSON")
    create.set_defaults(handler=create_instance)

    submit = subparsers.add_parser(
        "submit", parents=parents,
        help="validate and publish a .nk script's instances, and submit them to the farm ($AVALON_DEADLINE)")
    submit.add_argument("script", metavar="SCRIPT.nk", help="the saved comp to publish")
    submit.add_argument("--write", action="append", metavar="NAME",
                        help="publish only this instance (node or Write name); repeatable")
    submit.add_argument("--frames", type=frame_range, metavar="FIRST-LAST", help="render these frames")
    submit.add_argument("--project", help=f"default: {_FROM_SCRIPT.format('project', 'PROJECT')}")
    submit.add_argument("--comment", default="", type=one_line, help="version comment")
    submit.add_argument("--no-review", dest="review", action="store_false",
                        help="no review movie job (default: one per instance, after its render)")
    submit.add_argument("--json", action="store_true", help="print the versions and farm jobs as JSON")
    submit.set_defaults(handler=submit_script)


_FROM_SCRIPT = "the script's {0} (Root knobs, loaded renders and instances, path), else $AVALON_{1}"


def _open(script: str):
    from avalon_nuke.errors import InputError
    from avalon_nuke.hosts.nk_file import NkFileHost

    if not Path(script).is_file():
        raise InputError(f"no such script: {script}")
    return NkFileHost.open(script)


def create_instance(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke import nk
    from avalon_nuke.cli.script_editing import refuse_protected, script_for_edit
    from avalon_nuke.hosts.nk_file import NkFileHost
    from avalon_nuke.pipeline.creator import create_avalon_write, mark_write
    from avalon_nuke.pipeline.instance_data import FarmSettings
    from avalon_nuke.pipeline.script_context import script_context

    with script_for_edit(args.script, "create") as target:  # read, change, write: locked
        host = NkFileHost(nk.load(target), Path(args.script))
        refuse_protected(host, args.script, "create")
        where = script_context(host, settings, project=args.project, asset=args.asset)
        asset, project = where.require_asset(), where.require_project()
        defaults = FarmSettings()
        first, last = args.frames or (defaults.first, defaults.last)
        farm = FarmSettings(
            priority=defaults.priority if args.priority is None else args.priority,
            chunk_size=defaults.chunk_size if args.chunk_size is None else args.chunk_size,
            pool=args.pool or defaults.pool, group=args.group or defaults.group,
            use_range=args.frames is not None, first=first, last=last)
        _check_farm(farm)
        if args.node:
            made = mark_write(host, args.node, family=args.family, asset=asset, subset=args.subset,
                              project=project, farm=farm)
        else:
            made = create_avalon_write(host, family=args.family, asset=asset, subset=args.subset,
                                       project=project, farm=farm)
        backup = host.save(backup=True)
    if args.json:
        print_json({"node": made.node_name, "write": made.write_name, "family": args.family, "asset": asset,
                    "subset": args.subset, "script": args.script, "backup": str(backup) if backup else None})
        return
    what = "marked" if args.node else "added"
    kept = f" (previous text kept in {backup})" if backup else ""
    print(f"{what} {made.node_name} as {args.family} instance '{args.subset}' of {asset} "
          f"in {args.script}{kept}")


def _check_farm(farm) -> None:
    import re

    from avalon_nuke.bounds import MAX_CHUNK_SIZE
    from avalon_nuke.errors import InputError

    farm_name = re.compile(r"[A-Za-z0-9_-]{1,64}")

    if not 0 <= farm.priority <= 100:
        raise InputError(f"--priority must be 0-100, not {farm.priority}")
    if not 1 <= farm.chunk_size <= MAX_CHUNK_SIZE:
        raise InputError(f"--chunk-size must be 1-{MAX_CHUNK_SIZE:,}, not {farm.chunk_size}")
    for option, value in (("--pool", farm.pool), ("--group", farm.group)):
        if not farm_name.fullmatch(value):
            raise InputError(f"{option} {value!r} is not a farm {option[2:]} name "
                             "(letters, digits, _ and -, at most 64)")


def submit_script(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.pipeline.protection import is_locked
    from avalon_nuke.publish.farm_submission import client_from_settings
    from avalon_nuke.publish.script_publish import publish

    host = _open(args.script)
    client = client_from_settings(settings)
    try:
        with open_database(settings) as repo:
            result = publish(host, repo, settings, client, instances=args.write, frames=args.frames,
                             review=args.review, comment=args.comment, project=args.project)
    finally:
        if client is not None:
            client.close()
    for warning in result.warnings:
        print(f"avalon-nuke: warning: {warning}", file=sys.stderr)
    result.raise_for_failures()
    if args.json:
        print_json({"instances": [item.summary() for item in result.instances], "warnings": result.warnings})
        return
    for item in result.instances:
        print(f"{item.node}: published {item.subset} v{item.version:03d} (version {item.version_id}), "
              f"frames {item.frames} -> farm job {item.job_id}")
        if item.review_job_id:
            print(f"  review movie {item.review} -> farm job {item.review_job_id} (after the render)")
    if is_locked(host):
        print(f"{args.script} is now locked: continue in the next work version")
