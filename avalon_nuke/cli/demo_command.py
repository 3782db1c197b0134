"""``avalon-nuke demo``: the real workflow, end to end, in a throwaway folder.

It runs the same commands a lighter and a compositor would type, on the embedded
database, and prints each one with its output, so a new user sees what the
pipeline does without Nuke, Deadline or MongoDB.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import tempfile
from pathlib import Path

from avalon_nuke.config import Settings


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    demo = subparsers.add_parser("demo", parents=parents,
                                 help="walk through the workflow on an embedded database in a temp folder")
    demo.add_argument("--keep", action="store_true", help="keep the demo folder afterwards")
    demo.set_defaults(handler=run_demo)


def _write_frames(folder: Path, name: str, frames: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for frame in frames:
        (folder / f"{name}.{frame:04d}.exr").write_bytes(b"synthetic frame %d\n" % frame)


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from avalon_nuke.cli import main

    workspace = Path(tempfile.mkdtemp(prefix="avalon-nuke-demo-"))
    demo_settings = {"AVALON_DB_PATH": str(workspace / "avalon.db"),
                     "AVALON_PROJECTS": str(workspace / "projects")}
    saved = {key: os.environ.get(key) for key in (*demo_settings, "AVALON_MONGO", "AVALON_PROJECT",
                                                  "AVALON_ASSET")}
    os.environ.update(demo_settings)
    for key in ("AVALON_MONGO", "AVALON_PROJECT", "AVALON_ASSET"):
        os.environ.pop(key, None)
    renders = workspace / "projects" / "demo" / "sh010" / "work" / "lighting" / "renders" / "beauty"

    def step(title: str, command: str) -> None:
        print(f"\n# {title}" if title else "", flush=True)
        print(f"$ avalon-nuke {command}", flush=True)
        status = main(shlex.split(command))
        if status:
            raise SystemExit(status)

    try:
        print(f"avalon-nuke demo: embedded database and projects in {workspace}")
        step("A producer creates the project and a shot.", "project create demo")
        step("", "asset create sh010 --project demo --frames 1001-1010 --fps 24 --resolution 1920x1080")
        _write_frames(renders, "sh010_beauty", range(1001, 1007))
        print(f"\n# The lighter's render is on the farm: 6 of 10 frames so far in\n#   {renders}")
        step("It is published at once as work in progress, in place (no copy).",
             f"publish {renders} --project demo --asset sh010 --subset lightingMain --frames 1001-1010 "
             f"--comment 'first lighting pass'")
        step("Compositors' listings hide work in progress...", "versions --project demo --asset sh010")
        step("...unless asked: note 6/10 frames on disk.", "versions --project demo --asset sh010 --all")
        _write_frames(renders, "sh010_beauty", range(1007, 1011))
        print("\n# The farm finishes the remaining frames; the lighter approves the version.")
        step("", "approve --project demo --asset sh010 --subset lightingMain --version latest")
        step("Now it is the approved render every comp follows.", "versions --project demo --asset sh010")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if args.keep:
            print(f"\nkept {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)
    print("\ndemo finished: project, shot, WIP publish in place, approval, listings.")
    return 0
