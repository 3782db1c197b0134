"""Colourspace names: matching Nuke's menu entries, OCIO configs, Write knobs and file metadata."""

from __future__ import annotations

import pytest

from avalon_nuke import colour_management as cm


def test_a_menu_entry_matches_its_name_its_aliases_and_its_name_without_family():
    entries = ["default", "scene_linear\t(ACEScg)", "ACEScg\tlin_ap1, ACES - ACEScg",
               "Utility/Linear - sRGB"]
    assert cm.match_listed(entries, "ACEScg") == "ACEScg"
    assert cm.match_listed(entries, "lin_ap1") == "ACEScg"
    assert cm.match_listed(entries, "Linear - sRGB") == "Utility/Linear - sRGB"
    assert cm.match_listed(entries, "scene_linear") == "scene_linear"


def test_a_name_no_entry_has_matches_nothing():
    assert cm.match_listed(["linear", "sRGB", "rec709"], "ACEScg") is None
    assert cm.match_listed([], "linear") is None


@pytest.mark.parametrize(("knob", "name"), [
    ("default (linear)", "linear"), ("default (ACEScg)", "ACEScg"), ("ACEScg", "ACEScg"),
    ("default", None), ("", None), (None, None), ("0", None),
])
def test_a_writes_output_transform_names_the_colourspace_it_wrote(knob, name):
    assert cm.from_write(knob) == name


def test_the_ocio_config_resolves_aliases_and_refuses_unknown_names():
    pytest.importorskip("PyOpenColorIO")
    config = "ocio://cg-config-v2.2.0_aces-v1.3_ocio-v2.4"
    assert cm.ocio_resolve("lin_ap1_scene", config) == "ACEScg"
    assert cm.ocio_resolve("linear", config) is None
    assert cm.ocio_resolve("ACEScg", "") is None


def test_without_ocio_set_nothing_can_be_checked(monkeypatch):
    monkeypatch.delenv("OCIO", raising=False)
    assert cm.ocio_resolve("ACEScg") is None


def _write_image(path, colorspace=None):
    oiio = pytest.importorskip("OpenImageIO")
    import numpy

    spec = oiio.ImageSpec(2, 2, 3, "float")
    if colorspace:
        spec.attribute("oiio:ColorSpace", colorspace)
    out = oiio.ImageOutput.create(str(path))
    assert out.open(str(path), spec)
    out.write_image(numpy.zeros((2, 2, 3), dtype="float32"))
    out.close()


def test_an_images_own_metadata_says_its_colourspace(tmp_path):
    tagged, plain = tmp_path / "tagged.exr", tmp_path / "plain.exr"
    _write_image(tagged, "ACEScg")
    _write_image(plain)
    assert cm.file_colorspace(plain) is None
    if pytest.importorskip("OpenImageIO").VERSION >= cm.READS_FILE_COLOURSPACE_SINCE:
        assert cm.file_colorspace(tagged) in ("ACEScg", "lin_ap1_scene")  # named by its interop id
    else:  # OpenImageIO 3.0 neither writes the tag into an EXR nor reads one back: it guesses
        assert cm.file_colorspace(tagged) is None


def test_a_file_openimageio_cannot_read_says_nothing(tmp_path):
    pytest.importorskip("OpenImageIO")
    junk = tmp_path / "frame.0001.exr"
    junk.write_bytes(b"not an image")
    assert cm.file_colorspace(junk) is None
