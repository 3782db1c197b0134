import os
from pathlib import Path

import pytest

from avalon_nuke.errors import InputError
from avalon_nuke.paths import (
    DEFAULT_PUBLISH_TEMPLATE,
    DEFAULT_WORK_TEMPLATE,
    is_inside,
    is_shared_storage_path,
    next_work_version,
    publish_folder,
    work_file_name,
    work_folder,
)

NAMES = dict(project="demo", asset="sh010", family="render", subset="beauty")


def test_default_publish_folder(tmp_path):
    folder = publish_folder(DEFAULT_PUBLISH_TEMPLATE, root=tmp_path, version=3, **NAMES)
    assert folder == tmp_path / "demo" / "sh010" / "publish" / "render" / "beauty" / "v003"


def test_publish_folder_normalises_doubled_separators(tmp_path):
    template = "{root}//{project}/./{asset}/{family}/{subset}/v{version:04d}/"
    folder = publish_folder(template, root=str(tmp_path) + "/", version=12, **NAMES)
    assert folder == tmp_path / "demo" / "sh010" / "render" / "beauty" / "v0012"


def test_publish_folder_validates_every_name(tmp_path):
    for field in NAMES:
        bad = dict(NAMES, **{field: "../etc"})
        with pytest.raises(InputError, match=f"invalid {field} name"):
            publish_folder(DEFAULT_PUBLISH_TEMPLATE, root=tmp_path, version=1, **bad)


@pytest.mark.parametrize("version", [0, -1, True, 1.5, "3"])
def test_publish_folder_refuses_bad_versions(tmp_path, version):
    with pytest.raises(InputError, match="invalid version"):
        publish_folder(DEFAULT_PUBLISH_TEMPLATE, root=tmp_path, version=version, **NAMES)


@pytest.mark.parametrize(
    "template",
    [
        "{root}/../{project}/{asset}/{family}/{subset}/v{version:03d}",
        "/elsewhere/{project}/{asset}/{subset}/v{version:03d}",
        "{root}",
        "{root}/{project}/../../x/{asset}",
    ],
)
def test_publish_folder_refuses_templates_leaving_the_root(tmp_path, template):
    with pytest.raises(InputError):
        publish_folder(template, root=tmp_path / "projects", version=1, **NAMES)


def test_unknown_template_field_is_named(tmp_path):
    with pytest.raises(InputError, match=r"unknown field \{task\}"):
        publish_folder("{root}/{project}/{task}/v{version}", root=tmp_path, version=1, **NAMES)


@pytest.mark.parametrize(
    "template", ["{root}/{project", "{root}/{version.real}", "{root}/{0}", "", "{root}/{version:q}"]
)
def test_malformed_templates_raise_input_error(tmp_path, template):
    with pytest.raises(InputError):
        publish_folder(template, root=tmp_path, version=1, **NAMES)


def test_work_folder_and_file_name(tmp_path):
    folder = work_folder(DEFAULT_WORK_TEMPLATE, root=tmp_path, project="demo", asset="sh010")
    assert folder == tmp_path / "demo" / "sh010" / "work" / "nuke"
    assert work_file_name("sh010", 7) == "sh010_v007.nk"
    assert work_file_name("sh010", 1234) == "sh010_v1234.nk"
    with pytest.raises(InputError):
        work_folder("{root}/{project}/{family}", root=tmp_path, project="demo", asset="sh010")
    with pytest.raises(InputError):
        work_file_name("sh 010", 1)


def test_next_work_version_scans_only_this_assets_scripts(tmp_path):
    assert next_work_version(tmp_path / "missing", "sh010") == 1
    assert next_work_version(tmp_path, "sh010") == 1
    for name in [
        "sh010_v001.nk",
        "sh010_v009.nk",
        "sh010_v010.nk~",  # Nuke's backup: not a version
        "sh010_v050.nk.autosave",
        "sh0100_v099.nk",  # another asset whose name starts the same
        "sh010_comp_v080.nk",
        "xsh010_v070.nk",
    ]:
        (tmp_path / name).write_text("")
    assert next_work_version(tmp_path, "sh010") == 10
    (tmp_path / "sh010_v1000.nk").write_text("")
    assert next_work_version(tmp_path, "sh010") == 1001


def test_is_inside_compares_whole_components(tmp_path):
    root = tmp_path / "projects"
    (root / "a").mkdir(parents=True)
    assert is_inside(root / "a" / "x.exr", root)
    assert is_inside(root, root)
    assert not is_inside(tmp_path / "projects2" / "x", root)
    assert not is_inside(root / ".." / "other" / "x", root)
    assert not is_inside(tmp_path, root)


def test_is_inside_resolves_symlinks(tmp_path):
    root = tmp_path / "projects"
    outside = tmp_path / "scratch"
    root.mkdir()
    outside.mkdir()
    (root / "escape").symlink_to(outside)
    (tmp_path / "alias").symlink_to(root)
    assert not is_inside(root / "escape" / "x.exr", root)
    assert is_inside(tmp_path / "alias" / "demo" / "x.exr", root)


def test_shared_storage_under_the_projects_root(tmp_path):
    ok, reason = is_shared_storage_path(tmp_path / "projects" / "demo" / "x.exr", tmp_path / "projects")
    assert (ok, reason) == (True, "")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tmp/render/x.####.exr", "temp folder"),
        ("/var/tmp/x.exr", "temp folder"),
        ("/home/anna/renders/x.exr", "home folder"),
        ("/Users/anna/Desktop/x.exr", "home folder"),
        ("C:\\Users\\anna\\AppData\\Local\\Temp\\x.exr", "temp folder (%TEMP%)"),
        ("C:\\Windows\\Temp\\x.exr", "temp folder (%TEMP%)"),
        ("C:\\Users\\anna\\Documents\\x.exr", "home folder"),
        ("C:\\renders\\x.exr", "local drive C:"),
        ("/mnt/other_share/x.exr", "outside the projects root"),
        ("\\\\server\\share\\x.exr", "outside the projects root"),
    ],
)
def test_not_shared_storage_names_the_problem(path, expected):
    ok, reason = is_shared_storage_path(path, "/mnt/projects")
    assert ok is False
    assert expected in reason
    assert path in reason and "AVALON_PROJECTS" in reason and "/mnt/projects" in reason
    assert "\n" not in reason


def test_home_folder_is_recognised(tmp_path, monkeypatch):
    home = tmp_path / "home_of_anna"
    monkeypatch.setenv("HOME", str(home))
    ok, reason = is_shared_storage_path(home / "renders" / "x.exr", tmp_path / "projects")
    assert not ok and "home folder" in reason


def test_sibling_with_same_prefix_is_not_shared(tmp_path):
    ok, reason = is_shared_storage_path(tmp_path / "projects2" / "x.exr", tmp_path / "projects")
    assert not ok and os.fspath(tmp_path / "projects2") in reason


def test_paths_are_returned_as_path_objects(tmp_path):
    folder = publish_folder(DEFAULT_PUBLISH_TEMPLATE, root=str(tmp_path), version=1, **NAMES)
    assert isinstance(folder, Path)
