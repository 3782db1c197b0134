"""Shared set-up for publish tests: a project on disk, its database, a saved comp, the local farm."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from avalon_nuke import nk
from avalon_nuke.config import Settings
from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline.creator import mark_write

FAKE_NUKE = shlex.join([sys.executable, str(Path(__file__).resolve().parents[1] / "doubles" / "nuke_executable.py")])


@dataclass
class Studio:
    root: Path
    repo: SQLiteRepository
    settings: Settings

    @property
    def work(self) -> Path:
        return self.root / "demo" / "sh010" / "work" / "nuke"

    def version_folder(self, subset: str, number: int, family: str = "render") -> Path:
        return self.root / "demo" / "sh010" / "publish" / family / subset / f"v{number:03d}"

    def versions(self, subset: str = "compMain") -> list[dict]:
        asset = self.repo.asset("demo", "sh010")
        try:
            subset_doc = self.repo.subset("demo", asset["_id"], subset)
        except Exception:
            return []
        return self.repo.versions("demo", subset_doc["_id"])

    def with_farm(self, url: str | None) -> Settings:
        return self.settings.with_changes(deadline_url=url)


def make_studio(tmp_path: Path) -> Studio:
    root = tmp_path / "projects"
    repo = SQLiteRepository(tmp_path / "avalon.db")
    repo.create_project("demo", root=str(root))
    repo.create_asset("demo", "sh010", {"frameStart": 1001, "frameEnd": 1010, "handleStart": 0, "handleEnd": 0})
    settings = Settings(db_path=tmp_path / "avalon.db", projects_root=root, project="demo", asset="sh010")
    return Studio(root, repo, settings)


def comp_text(studio: Studio, writes: int = 1, first: int = 1001, last: int = 1010) -> str:
    plate = studio.root / "demo" / "sh010" / "plates" / "plate.####.exr"
    nodes = [f"Read {{\n inputs 0\n file {plate.as_posix()}\n first {first}\n last {last}\n name Read1\n}}\n"]
    for index in range(1, writes + 1):
        nodes.append(f"Write {{\n file {(studio.root / 'demo' / 'sh010' / 'renders').as_posix()}/out{index}.####.exr\n"
                     f" file_type exr\n name Write{index}\n}}\n")
    script_path = (studio.work / "sh010_v001.nk").as_posix()
    return (f"#! nuke -nx\nversion 15.1 v1\nRoot {{\n inputs 0\n name {script_path}\n first_frame {first}\n"
            f" last_frame {last}\n}}\n" + "".join(nodes))


def saved_comp(studio: Studio, subsets: tuple[str, ...] = ("compMain",), **kwargs) -> NkFileHost:
    """The comp saved in the work folder, each Write marked as a render instance."""
    studio.work.mkdir(parents=True, exist_ok=True)
    (studio.work / "sh010_v001.nk").unlink(missing_ok=True)  # a fresh comp, even over a locked one
    host = NkFileHost(nk.loads(comp_text(studio, writes=len(subsets), **kwargs)), studio.work / "sh010_v001.nk")
    for index, subset in enumerate(subsets, start=1):
        mark_write(host, f"Write{index}", family="render", asset="sh010", subset=subset, project="demo")
    host.save(backup=False)
    return host


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> object:
    """Poll *condition* (a farm's state, a file) until it holds; fail after *timeout* seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


def render_jobs(client) -> list[dict]:
    """The farm's render jobs (each names the version it renders), without the review jobs after them."""
    return [job for job in client.find_jobs({}) if "AvalonVersionId" in (job["Props"].get("ExDic") or {})]


def review_jobs(client) -> list[dict]:
    """The farm's review movie jobs (each names the version it shows)."""
    return [job for job in client.find_jobs({}) if "AvalonReviewOf" in (job["Props"].get("ExDic") or {})]
