"""The Loader's dailies actions: the review movie of a version (column, play) and re-render missing frames."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.publish.script_publish import publish
from avalon_nuke.tools import loader
from tests.support.publishing import saved_comp

pytestmark = pytest.mark.gui


@pytest.fixture
def published(studio, idle_farm):
    """compMain v001, a WIP render whose job failed before writing anything, with its review movie due."""
    client = DeadlineClient(idle_farm.url)
    item = publish(saved_comp(studio), studio.repo, studio.settings, client).instances[0]
    client.send_command(item.job_id, "fail")
    return item


@pytest.fixture
def window(qtbot, studio, idle_farm, published, host, tmp_path):
    played: list[str] = []
    settings = studio.settings.with_changes(deadline_url=idle_farm.url)
    win = loader.LoaderWindow(loader.make_context(settings, repo=studio.repo, host=host),
                              open_movie=played.append, thumbnail_cache=tmp_path / "thumbs")
    win.played = played
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.selected_asset() is not None)
    win.show_wip.setChecked(True)
    qtbot.waitUntil(lambda: win.select_subset("compMain"))
    qtbot.waitUntil(lambda: bool(win.versions.rows))
    assert win.select_version(1)
    return win


def review_cell(window) -> str:
    titles = [column.title for column in window.versions.columns]
    return window.versions.index(0, titles.index("Review")).data()


def test_the_review_column_says_whether_the_movie_is_rendered_and_play_opens_it(qtbot, window, published):
    assert review_cell(window) == "not rendered yet"
    assert not window.review.play_button.isEnabled()
    Path(published.review).write_text("a movie")
    window.refresh()
    qtbot.waitUntil(lambda: bool(window.versions.rows) and review_cell(window) == "ready")
    assert window.select_version(1) and window.review.play_button.isEnabled()
    window.review.play_button.click()
    assert window.played == [published.review]
    assert "playing" in window.status.text()


def test_re_render_missing_submits_one_job_for_the_frames_the_version_lacks(qtbot, window, idle_farm):
    assert window.review.rerender_button.isEnabled()
    window.review.rerender_button.click()
    qtbot.waitUntil(lambda: "re-rendering" in window.status.text() or "cannot" in window.status.text())
    assert "re-rendering 10 missing frame(s) 1001-1010 as farm job" in window.status.text()
    (job,) = DeadlineClient(idle_farm.url).find_jobs({"AvalonRerenderOf": str(window.selected_version().id)})
    assert job["Props"]["Frames"] == "1001-1010"


def test_re_render_missing_is_offered_only_for_work_in_progress(qtbot, window, studio):
    studio.repo.set_approval("demo", window.selected_version().id, True)
    window.refresh()
    qtbot.waitUntil(lambda: window.select_subset("compMain") and bool(window.versions.rows))
    qtbot.waitUntil(lambda: window.select_version(1))
    assert not window.review.rerender_button.isEnabled()
