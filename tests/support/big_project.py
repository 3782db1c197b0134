"""A large project for responsiveness checks: many assets, subsets and versions, built fast.

Documents are made directly (not published one by one) and inserted with
``import_documents`` in large batches; every fourth version is work in progress.
"""

from __future__ import annotations

from bson import ObjectId

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import (
    REPRESENTATION_SCHEMA,
    SUBSET_SCHEMA,
    VERSION_SCHEMA,
    new_asset,
)

BATCH = 50_000


def build_big_project(repo: Repository, project: str = "big", *, assets: int = 1000, subsets_per_asset: int = 4,
                      versions_per_subset: int = 25, root: str = "/projects") -> dict[str, int]:
    """Fill *project*; returns the counts made."""
    repo.create_project(project, root=root)
    project_id = repo.project(project)["_id"]
    batch: list[dict] = []
    counts = {"assets": 0, "subsets": 0, "versions": 0}

    def add(document: dict) -> None:
        batch.append(document)
        if len(batch) >= BATCH:
            repo.import_documents(project, batch)
            batch.clear()

    for a in range(assets):
        asset = new_asset(project_id, f"sh{a:04d}", {"frameStart": 1001, "frameEnd": 1100})
        add(asset)
        counts["assets"] += 1
        for s in range(subsets_per_asset):
            name = f"layer{s:02d}"
            family = "prerender" if s % 3 == 2 else "render"
            subset = {"_id": ObjectId(), "type": "subset", "name": name, "parent": asset["_id"],
                      "schema": SUBSET_SCHEMA, "data": {"families": [family], "family": family}}
            add(subset)
            counts["subsets"] += 1
            for number in range(1, versions_per_subset + 1):
                version_id = ObjectId()
                folder = f"{root}/{project}/{asset['name']}/publish/{family}/{name}/v{number:03d}"
                add({"_id": version_id, "type": "version", "name": number, "parent": subset["_id"],
                     "schema": VERSION_SCHEMA,
                     "data": {"approved": number % 4 != 0, "author": "lena", "time": "20261124T120000Z",
                              "comment": f"take {number}", "frameStart": 1001, "frameEnd": 1100}})
                add({"_id": ObjectId(), "type": "representation", "name": "exr", "parent": version_id,
                     "schema": REPRESENTATION_SCHEMA, "data": {"path": f"{folder}/{name}.####.exr"},
                     "context": {}, "dependencies": []})
                counts["versions"] += 1
    if batch:
        repo.import_documents(project, batch)
    return counts
