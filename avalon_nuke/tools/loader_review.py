"""The Loader's dailies actions: a version's review movie (column, play, thumbnail) and re-rendering.

Kept apart from the window so that the Loader stays about browsing and loading.
The movie opens in whatever the system plays ``.mov`` files with (Qt asks the
desktop), so no player is configured here. Re-rendering the missing frames runs
on the Loader's database lane: it reads a folder and asks the farm.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from Qt import QtCore, QtGui

from avalon_nuke.pipeline.version_listing import VersionRow
from avalon_nuke.tools import thumbnails
from avalon_nuke.tools.models import Column
from avalon_nuke.tools.widgets import button

REVIEW = "review"


def review_path(row: VersionRow) -> str:
    """The version's review movie, or "" when it has none."""
    rep = next((rep for rep in row.representations if rep.get("name") == REVIEW), None)
    return str(rep.get("data", {}).get("path") or "") if rep else ""


def check_reviews(rows: list[VersionRow]) -> list[VersionRow]:
    """Note on each row whether its review movie is on disk: one stat each, off the UI thread."""
    for row in rows:
        path = review_path(row)
        row.review_ready = bool(path) and os.path.isfile(path)
    return rows


def review_state(row: VersionRow) -> str:
    if not review_path(row):
        return ""
    return "ready" if row.review_ready else "not rendered yet"


def review_column() -> Column:
    return Column("Review", review_state, 80,
                  tooltip=lambda row: review_path(row) or "no review movie for this version")


def open_with_system_player(path: str) -> None:
    QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(path))


def thumbnail_of(row: VersionRow, cache: Path | None, path: str | None = None) -> Path | None:
    """A middle frame of the version's images (of *path*, the chosen pass, when given); when none is
    on disk, the movie's first frame: the slate."""
    made = thumbnails.thumbnail(row.document, path or row.path(), cache)
    movie = review_path(row)
    if made is None and movie and os.path.isfile(movie):
        made = thumbnails.thumbnail(row.document, movie, cache)
    return made


class ReviewActions:
    """"Play review" and "Re-render missing" on the Loader's details panel."""

    def __init__(self, window: Any, open_movie: Callable[[str], None] = open_with_system_player) -> None:
        self.window = window
        self._open_movie = open_movie
        self.play_button = button("Play review", self.play,
                                  "open the version's review movie in the system's player")
        self.rerender_button = button("Re-render missing", self.rerender,
                                      "submit one farm job for only the frames this version lacks on disk")
        window.details.add_action_row(self.play_button, self.rerender_button)
        self.show_version(None)

    def show_version(self, row: VersionRow | None) -> None:
        self.play_button.setEnabled(row is not None and bool(row.review_ready))
        self.rerender_button.setEnabled(row is not None and not row.approved)

    def play(self) -> None:
        row = self.window.selected_version()
        path = review_path(row) if row is not None else ""
        if not path or not os.path.isfile(path):
            self.window.status.error("this version has no review movie on disk yet")
            return
        self._open_movie(path)
        self.window.status.info(f"playing {path}")

    def rerender(self) -> None:
        window = self.window
        asset, subset, row = window.selected_asset(), window.selected_subset(), window.selected_version()
        if asset is None or subset is None or row is None or not window.project:
            window.status.error("select a work-in-progress version first")
            return
        settings, repo, project = window.context.settings, window.context.repo, window.project

        def work() -> Any:
            from avalon_nuke.publish.farm_submission import client_from_settings
            from avalon_nuke.publish.rerender import rerender_missing

            return rerender_missing(repo, client_from_settings(settings), settings, project=project,
                                    asset=asset["name"], subset=subset["name"], number=row.number)

        def done(result: Any) -> None:
            if result.job_id is None:
                window.status.info(f"{result.label}: no frames missing; nothing to re-render")
            else:
                note = f"; {result.note}" if result.note else ""
                window.status.info(f"{result.label}: re-rendering {result.missing} missing frame(s) "
                                   f"{result.frames} as farm job {result.job_id}{note}")

        window.database.submit("rerender", work, done,
                               lambda error: window.status.error(f"cannot re-render: {error}"))
