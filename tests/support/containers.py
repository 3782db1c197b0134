"""Shared set-up for container tests: a project with one shot and a lighting subset."""

from __future__ import annotations

from dataclasses import dataclass

from avalon_nuke.db import RepresentationSpec
from avalon_nuke.db.sqlite_store import SQLiteRepository


@dataclass
class Shot:
    repo: SQLiteRepository
    asset: dict
    subset: dict

    def publish(self, approved: bool, subset: dict | None = None, first: int = 1001, last: int = 1010,
                reps: tuple[str, ...] = ("exr",), colorspace: str | None = None) -> dict:
        subset = subset or self.subset
        number = len(self.repo.versions("demo", subset["_id"])) + 1
        data = {"colorspace": colorspace} if colorspace else {}
        specs = [RepresentationSpec(name, f"/projects/demo/sh010/publish/render/{subset['name']}/"
                                          f"v{number:03d}/{subset['name']}.####.{name}", data=data)
                 for name in reps]
        version, _ = self.repo.publish_version("demo", subset["_id"],
                                               {"approved": approved, "frameStart": first, "frameEnd": last},
                                               specs)
        return version

    def approve(self, version: dict) -> None:
        self.repo.set_approval("demo", version["_id"], True, user="lighter")

    def subset_named(self, name: str) -> dict:
        return self.repo.ensure_subset("demo", self.asset["_id"], name, "render")


def make_shot(tmp_path) -> Shot:
    repo = SQLiteRepository(tmp_path / "avalon.db")
    repo.create_project("demo", root="/projects")
    repo.create_project("other", root="/projects")
    asset = repo.create_asset("demo", "sh010", {"frameStart": 1001, "frameEnd": 1010,
                                                "resolutionWidth": 2048, "resolutionHeight": 858})
    subset = repo.ensure_subset("demo", asset["_id"], "lightingMain", "render")
    return Shot(repo, asset, subset)
