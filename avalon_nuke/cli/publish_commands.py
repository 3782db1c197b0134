"""``avalon-nuke publish``: register rendered images as the next version of a subset."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING, TextIO

from avalon_nuke.cli.arguments import add_context, frame_range, one_line, print_json

if TYPE_CHECKING:
    from avalon_nuke.config import Settings


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    publish = subparsers.add_parser(
        "publish", parents=parents, help="publish image sequences as a new version (work in progress)",
        description="Find the image sequences in PATH (folders or files) and publish them as the next "
                    "version of the subset. Frames under the projects root are registered in place.")
    publish.add_argument("paths", nargs="*", metavar="PATH",
                         help="folders or files holding the images (default: the current folder)")
    add_context(publish)
    publish.add_argument("--subset", help="subset to publish as, e.g. lightingMain (required without --gui)")
    publish.add_argument("--family", default="render", help="the subset's family (default: render)")
    publish.add_argument("--comment", default="", type=one_line, help="version comment")
    publish.add_argument("--frames", type=frame_range, metavar="FIRST-LAST",
                         help="frames the version should have (default: the frames found)")
    publish.add_argument("--gui", action="store_true",
                         help="choose the sequences in a window (the default when a display is available "
                              "and no --subset is given)")
    publish.add_argument("--approve", action="store_true", help="publish as approved, not work in progress")
    publish.add_argument("--colorspace", metavar="NAME",
                         help="the images' colourspace (default: what the files' metadata says, if anything)")
    publish.add_argument("--json", action="store_true", help="print the version as JSON")
    publish.set_defaults(handler=publish_command)


class ProgressBar:
    """A one-line bar on stderr for long copies; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        # sys.stderr when called, not when imported: a default bound at import keeps whatever
        # stream was current then (a test's capture, closed since).
        self.stream, self.width = stream if stream is not None else sys.stderr, width
        self.enabled = self.stream.isatty()
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


def display_available() -> bool:
    """Whether a window can open: a display on Linux (X11 or Wayland), always on macOS and Windows."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def publish_command(args: argparse.Namespace, settings: Settings) -> int | None:
    from avalon_nuke.db import open_database
    from avalon_nuke.errors import InputError
    from avalon_nuke.pipeline.script_context import folder_context
    from avalon_nuke.publish.rendered_images import publish_renders

    paths = args.paths or ["."]
    where = folder_context(paths, settings, project=args.project, asset=args.asset)
    if args.gui or (not args.subset and display_available()):
        from avalon_nuke.tools.render_publisher import run_window

        return run_window(settings, paths, where, family=args.family, comment=args.comment)
    if not args.subset:
        raise InputError("--subset is required (or --gui to choose the sequences in a window)")
    project, asset = where.require_project(), where.require_asset()
    with open_database(settings) as repo:
        result = publish_renders(
            repo, project=project, asset=asset, subset=args.subset, family=args.family,
            inputs=paths, projects_root=settings.projects_root, comment=args.comment,
            approved=args.approve, frames=args.frames, progress=ProgressBar(),
            colorspace=(args.colorspace or "").strip() or None)
    version = result.version
    for name, runs in result.holes.items():
        print(f"avalon-nuke: warning: {name}: frames missing: {runs}", file=sys.stderr)
    if result.cleaned:
        numbers = ", ".join(f"v{number:03d}" for number in result.cleaned)
        print(f"avalon-nuke: note: removed incomplete version(s) {numbers} left by a killed publish",
              file=sys.stderr)
    if args.json:
        print_json({
            "id": version["_id"], "version": version["name"], "approved": version["data"]["approved"],
            "folder": str(result.folder), "bytesCopied": result.bytes_copied,
            "representations": {rep["name"]: rep["data"]["path"] for rep in result.representations},
            "holes": result.holes,
            "colorspaces": {rep["name"]: rep["data"].get("colorspace") for rep in result.representations},
        })
        return None
    state = "approved" if version["data"]["approved"] else "work in progress"
    print(f"published {asset} {args.subset} v{version['name']:03d} ({state})")
    for rep in result.representations:
        data = rep["data"]
        print(f"  {rep['name']:<8} {data['path']}  [{data.get('frameStart')}-{data.get('frameEnd')}]")
    placed = "registered in place" if not result.files_placed else f"{result.files_placed} files placed"
    total = result.files_in_place + result.files_placed
    print(f"  {total} files, {placed}, {result.bytes_copied} bytes copied")
    return None
