"""A wrapped error keeps its cause for --debug, unless the cause could quote a secret."""

from __future__ import annotations

import traceback

import pytest

from avalon_nuke.errors import DatabaseError, InputError
from avalon_nuke.paths import next_work_version, publish_folder


def test_a_malformed_template_error_keeps_the_format_error_as_its_cause(tmp_path):
    with pytest.raises(InputError) as caught:
        publish_folder("{root}/{project", root=tmp_path, project="demo", asset="sh010", family="render",
                       subset="lightingMain", version=1)
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_work_folder_that_is_a_file_keeps_the_os_error_as_its_cause(tmp_path):
    (tmp_path / "nuke").write_text("not a folder")
    with pytest.raises(InputError) as caught:
        next_work_version(tmp_path / "nuke", "sh010")
    assert isinstance(caught.value.__cause__, NotADirectoryError)


def test_a_mongodb_failure_neither_chains_nor_prints_the_uri_password():
    from avalon_nuke.db.mongo_store import MongoRepository

    repo = MongoRepository("mongodb://artist:s3cret-pw@127.0.0.1:1/?connectTimeoutMS=200", "avalon",
                           timeout_ms=200)
    with pytest.raises(DatabaseError) as caught:
        repo.projects()
    printed = "".join(traceback.format_exception(caught.value))
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "s3cret-pw" not in printed
