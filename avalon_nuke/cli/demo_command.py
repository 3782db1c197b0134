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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def _publish_comp(step, workspace: Path, comp: Path) -> None:
    """The comp goes to the local farm: a WIP version whose frames the farm will write."""
    from avalon_nuke.local_farm.server import LocalFarm

    with LocalFarm(workspace / "farm", port=0, workers=0) as farm:
        os.environ["AVALON_DEADLINE"] = farm.url
        print(f"\n# A local farm speaking Deadline's Web Service listens on {farm.url}"
              "\n# (no Nuke here, so it renders nothing: the job waits in its queue).")
        step("The compositor marks a render: an AvalonWrite in the comp (its project and asset "
             "come from the comp itself).", f"create {comp} --subset compMain")
        step("Publish: validate, write the protected published copy, create the WIP version, submit.",
             f"submit {comp}")
        step("The comp's version is work in progress until its frames are rendered and approved.",
             "versions --project demo --asset sh010 --subset compMain --all")
        step("The published script is locked: publishing it again is refused.", f"submit {comp}",
             expected_status=2)


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from avalon_nuke.cli import main

    workspace = Path(tempfile.mkdtemp(prefix="avalon-nuke-demo-"))
    demo_settings = {"AVALON_DB_PATH": str(workspace / "avalon.db"),
                     "AVALON_PROJECTS": str(workspace / "projects")}
    cleared = ("AVALON_MONGO", "AVALON_PROJECT", "AVALON_ASSET", "AVALON_DEADLINE", "AVALON_DEADLINE_USER",
               "AVALON_DEADLINE_PASSWORD")
    saved = {key: os.environ.get(key) for key in (*demo_settings, *cleared)}
    os.environ.update(demo_settings)
    for key in cleared:
        os.environ.pop(key, None)
    shot = workspace / "projects" / "demo" / "sh010"
    comp = workspace / "sh010_comp_v001.nk"

    def step(title: str, command: str, expected_status: int = 0) -> None:
        if title:
            print(f"\n# {title}", flush=True)
        print(f"$ avalon-nuke {command}", flush=True)
        status = main(shlex.split(command))
        if status != expected_status:
            raise SystemExit(status or 1)

    try:
        print(f"avalon-nuke demo: embedded database and projects in {workspace}")
        step("A producer creates the project and a shot.", "project create demo")
        step("", "asset create sh010 --project demo --frames 1001-1010 --fps 24 --resolution 1920x1080")
        _write_frames(shot / "renders" / "pass1", "sh010_beauty", range(1001, 1011))
        step("The lighter's first pass is rendered and approved; publishing registers it in place.",
             f"publish {shot / 'renders' / 'pass1'} --project demo --asset sh010 --subset lightingMain "
             f"--approve --comment 'first pass'")
        step("A compositor loads it into a comp (a Read bound to the version).",
             f"load {comp} --project demo --asset sh010 --subset lightingMain")
        _write_frames(shot / "renders" / "pass2", "sh010_beauty", range(1001, 1007))
        print("\n# The second pass goes to the farm: 6 of 10 frames so far.")
        step("It is published at once as work in progress, straight from its final folder.",
             f"publish {shot / 'renders' / 'pass2'} --project demo --asset sh010 --subset lightingMain "
             f"--frames 1001-1010 --comment 'more rim light'")
        step("Compositors' listings hide work in progress...", "versions --project demo --asset sh010")
        step("...unless asked: 6/10 frames on disk.", "versions --project demo --asset sh010 --all")
        step("The comp stays on the approved version.", f"update {comp}")
        _write_frames(shot / "renders" / "pass2", "sh010_beauty", range(1007, 1011))
        print("\n# The farm finishes; the lighter approves the new version.")
        step("", "approve --project demo --asset sh010 --subset lightingMain --version latest")
        step("The comp's Read is now outdated...", f"ls {comp}")
        step("...and follows the approved version (file and frame range only; a backup is kept).",
             f"update {comp}")
        _publish_comp(step, workspace, comp)
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
    print("\ndemo finished: publish in place, WIP hidden from listings, approval, comp updated, "
          "comp published to the farm and locked.")
    return 0
