"""Representations of a multi-pass render are named by pass, the beauty is the automatic choice."""

from __future__ import annotations

from avalon_nuke.pipeline.loader import choose_representation
from avalon_nuke.publish.pass_names import pass_name
from avalon_nuke.publish.rendered_images import publish_renders


def test_the_pass_is_the_file_name_without_shot_subset_and_version():
    assert pass_name("sh010_lightingMain_v003_diffuse", asset="sh010", subset="lightingMain") == "diffuse"
    assert pass_name("sh010.crypto_material.v002", asset="sh010", subset="x") == "crypto_material"
    assert pass_name("sh010_v003", asset="sh010") == ""


def test_a_multi_pass_publish_names_representations_by_pass(studio):
    folder = studio.root / "demo" / "sh010" / "renders" / "v003"
    folder.mkdir(parents=True)
    for aov in ("albedo", "beauty", "crypto"):
        for frame in (1001, 1002):
            (folder / f"sh010_lightingMain_v003_{aov}.{frame}.exr").write_bytes(b"x")
    result = publish_renders(studio.repo, project="demo", asset="sh010", subset="lightingMain", inputs=[folder],
                             projects_root=studio.root)
    names = sorted(rep["name"] for rep in result.representations)
    assert names == ["albedo", "beauty", "crypto"]
    assert choose_representation(result.representations, None)["name"] == "beauty"


def test_a_lone_sequence_keeps_its_file_kind_as_name(studio):
    folder = studio.root / "demo" / "sh010" / "renders" / "one"
    folder.mkdir(parents=True)
    (folder / "sh010_beauty.1001.exr").write_bytes(b"x")
    result = publish_renders(studio.repo, project="demo", asset="sh010", subset="lightingMain", inputs=[folder],
                             projects_root=studio.root)
    assert [rep["name"] for rep in result.representations] == ["exr"]
