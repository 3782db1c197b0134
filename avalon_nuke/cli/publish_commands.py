"""``avalon-nuke publish``: register rendered images as the next version of a subset."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from avalon_nuke.cli.arguments import add_context, frame_range, print_json, require

if TYPE_CHECKING:
    from avalon_nuke.config import Settings


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    publish = subparsers.add_parser(
        "publish", parents=parents, help="publish image sequences as a new version (work in progress)",
        description="Find the image sequences in PATH (folders or files) and publish them as the next "
                    "version of the subset. Frames under the projects root are registered in place.")
    publish.add_argument("paths", nargs="+", metavar="PATH")
    add_context(publish)
    publish.add_argument("--subset", required=True)
    publish.add_argument("--family", default="render")
    publish.add_argument("--comment", default="")
    publish.add_argument("--frames", type=frame_range,
                         help="frames the version should have (default: the frames found)")
    publish.add_argument("--approve", action="store_true", help="publish as approved, not work in progress")
    publish.add_argument("--json", action="store_true", help="print the version as JSON")
    publish.set_defaults(handler=publish_command)


class ProgressBar:
    """A one-line bar on stderr for long copies; silent when stderr is not a terminal."""

    def __init__(self, stream=sys.stderr, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self.enabled = stream.isatty()
        self._last = -1.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * done // total
        self.stream.write(f"\rcopying [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def publish_command(args: argparse.Namespace, settings: Settings) -> None:
    from avalon_nuke.db import open_database
    from avalon_nuke.publish.rendered_images import publish_renders

    project = require(args.project or settings.project, "--project", "AVALON_PROJECT")
    asset = require(args.asset or settings.asset, "--asset", "AVALON_ASSET")
    with open_database(settings) as repo:
        result = publish_renders(
            repo, project=project, asset=asset, subset=args.subset, family=args.family,
            inputs=args.paths, projects_root=settings.projects_root, comment=args.comment,
            approved=args.approve, frames=args.frames, progress=ProgressBar())
    version = result.version
    if args.json:
        print_json({
            "id": version["_id"], "version": version["name"], "approved": version["data"]["approved"],
            "folder": str(result.folder), "bytesCopied": result.bytes_copied,
            "representations": {rep["name"]: rep["data"]["path"] for rep in result.representations},
        })
        return
    state = "approved" if version["data"]["approved"] else "work in progress"
    print(f"published {asset} {args.subset} v{version['name']:03d} ({state})")
    for rep in result.representations:
        data = rep["data"]
        print(f"  {rep['name']:<8} {data['path']}  [{data.get('frameStart')}-{data.get('frameEnd')}]")
    where = "registered in place" if not result.files_placed else f"{result.files_placed} files placed"
    total = result.files_in_place + result.files_placed
    print(f"  {total} files, {where}, {result.bytes_copied} bytes copied")
