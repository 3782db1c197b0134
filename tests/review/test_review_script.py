"""The review script made from the shipped template: slate, burn-ins, codec, size, colourspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke import nk
from avalon_nuke.errors import InputError
from avalon_nuke.review import script as review_script
from avalon_nuke.review.settings import DEFAULT_TEMPLATE, ReviewSettings, review_settings, template_path

INFO = review_script.SlateInfo(project="demo", shot="sh010", subset="compMain", version=3, artist="ana",
                               date="2026-12-01 20:40 UTC", comment="edge fix, see [notes] $HOME",
                               first=1001, last=1010)


DEFAULTS = ReviewSettings()


def build(tmp_path: Path, settings: ReviewSettings = DEFAULTS, template: Path = DEFAULT_TEMPLATE):
    script = review_script.build(template, frames_path="/show/v003/sh010_compMain_v003.####.exr",
                                 movie_path="/show/v003/sh010_compMain_v003_review.mov", info=INFO,
                                 settings=settings)
    path = review_script.write(script, tmp_path / "review.nk")
    return nk.load(path), path


def test_the_shipped_template_reads_back_byte_for_byte():
    data = DEFAULT_TEMPLATE.read_bytes()
    assert nk.dumps(nk.loads(data)).encode() == data


def test_the_template_wires_slate_and_burned_in_frames_into_one_write():
    script = nk.load(DEFAULT_TEMPLATE)
    switch = script.find("AvalonSlateSwitch")
    assert [node.name for node in switch.inputs] == ["AvalonBurnInBottom", "AvalonSlateText"]
    assert script.find("AvalonReviewWrite").inputs == [switch]


def test_the_slate_names_project_shot_subset_version_artist_date_comment_and_frames(tmp_path):
    script, _ = build(tmp_path)
    slate = script.find("AvalonSlateText").knob("message")
    for expected in ("Project: demo", "Shot: sh010", "Subset: compMain", "Version: v003", "Artist: ana",
                     "Date: 2026-12-01 20:40 UTC", "Frames: 1001-1010 (10 frames)"):
        assert expected in slate.splitlines()


def test_artist_text_can_never_run_tcl_on_the_farm(tmp_path):
    script, _ = build(tmp_path)
    comment = next(line for line in script.find("AvalonSlateText").knob("message").splitlines()
                   if line.startswith("Comment:"))
    assert "[" not in comment and "$" not in comment and comment.startswith("Comment: edge fix, see (notes)")


def test_burn_ins_show_shot_and_version_and_a_frame_counter(tmp_path):
    script, path = build(tmp_path)
    assert script.find("AvalonBurnInTop").knob("message") == "sh010  compMain v003"
    assert script.find("AvalonBurnInBottom").knob("message") == "[frame] / 1010"
    assert 'message "\\[frame] / 1010"' in path.read_text()  # as Nuke writes a Tcl expression in a message


def test_the_write_makes_an_h264_mov_of_slate_and_frames_in_the_display_colourspace(tmp_path):
    script, _ = build(tmp_path)
    write = script.find("AvalonReviewWrite")
    assert (write.knob("file"), write.knob("file_type"), write.knob("mov64_codec"), write.knob("colorspace")) == (
        "/show/v003/sh010_compMain_v003_review.mov", "mov", "h264", "sRGB")
    assert (write.knob("use_limit"), write.knob("first"), write.knob("last")) == ("true", "1000", "1010")
    read = script.find("AvalonReviewRead")
    assert (read.knob("file"), read.knob("first"), read.knob("last")) == (
        "/show/v003/sh010_compMain_v003.####.exr", "1001", "1010")
    assert (script.root.knob("first_frame"), script.root.knob("last_frame")) == ("1000", "1010")


def test_project_settings_choose_codec_size_colourspace_and_burn_ins(tmp_path):
    settings = review_settings({"name": "demo", "data": {"review": {
        "codec": "appr", "width": 2048, "height": 858, "display": "ACES", "view": "Rec.709",
        "burnin_top": "{project} {shot}", "burnin_bottom": "{artist} {frame}"}}})
    script, _ = build(tmp_path, settings)
    write = script.find("AvalonReviewWrite")
    assert write.knob("mov64_codec") == "appr" and write.knob("colorspace") is None
    assert (write.knob("transformType"), write.knob("display"), write.knob("view")) == ("display", "ACES", "Rec.709")
    assert script.find("AvalonReviewSize").knob("format") == "2048 858 0 0 2048 858 1 avalon_review"
    assert script.find("AvalonBurnInTop").knob("message") == "demo sh010"
    assert script.find("AvalonBurnInBottom").knob("message") == "ana [frame]"


def test_no_settings_mean_the_defaults():
    assert review_settings({"name": "demo", "data": {}}) == ReviewSettings()
    assert ReviewSettings().codec == "h264" and ReviewSettings().file_type == "mov"


@pytest.mark.parametrize(("review", "problem"), [
    ({"codec": "h 264"}, "is not a Nuke mov64_codec name"),
    ({"width": "wide"}, "width must be a whole number"),
    ({"height": 4}, "height must be 16-16384"),
    ({"file_type": "mp4"}, "file_type must be one of mov"),
    ({"display": "ACES"}, "display and view go together"),
    ({"burnin_top": "{shot} {lens}"}, "uses {lens}"),
    ({"burnin_bottom": "{frame"}, "burnin_bottom"),
    ({"codek": "h264"}, "unknown review setting(s) codek"),
    ("h264", "data.review must be a mapping"),
])
def test_bad_settings_are_one_line_naming_the_setting(review, problem):
    with pytest.raises(InputError, match="review") as caught:
        review_settings({"name": "demo", "data": {"review": review}})
    assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_a_project_template_is_found_under_the_project_root_and_must_have_our_nodes(tmp_path):
    (tmp_path / "pipeline").mkdir()
    own = tmp_path / "pipeline" / "review.nk"
    own.write_bytes(DEFAULT_TEMPLATE.read_bytes().replace(b"AvalonBurnInTop", b"StudioBurnIn"))
    settings = ReviewSettings(template="pipeline/review.nk")
    assert template_path(settings, tmp_path) == own
    with pytest.raises(InputError, match="lacks node\\(s\\) AvalonBurnInTop"):
        build(tmp_path, settings, own)
    with pytest.raises(InputError, match="does not exist"):
        template_path(ReviewSettings(template="nope.nk"), tmp_path)
