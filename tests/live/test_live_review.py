"""The review movie inside real Nuke: the template opens with every knob we set, and renders a movie.

Facts the unit tests take from .nk files and Thinkbox's submitter, checked where they hold:
Write ``file_type mov`` with ``mov64_codec h264`` (Nuke 13+), ``use_limit``/``first``/``last``,
Text2 ``message`` evaluating ``[frame]``, the Switch picking the slate before the first frame.
"""

import nuke
from live_helpers import fresh_script, scratch_dir

from avalon_nuke.review import script as review_script
from avalon_nuke.review.settings import DEFAULT_TEMPLATE, ReviewSettings

INFO = review_script.SlateInfo(project="demo", shot="sh010", subset="compMain", version=1, artist="ana",
                               date="2026-12-01", comment="look [at] $this", first=1001, last=1003)


def test_nuke_opens_the_template_with_every_node_and_knob_we_fill_in():
    fresh_script()
    nuke.scriptOpen(str(DEFAULT_TEMPLATE))
    write = nuke.toNode(review_script.WRITE_NODE)
    assert write["file_type"].value() == "mov" and write["mov64_codec"].value() == "h264"
    for knob in ("use_limit", "first", "last", "colorspace", "create_directories"):
        assert write.knob(knob) is not None, knob
    for name in (review_script.SLATE_TEXT_NODE, *review_script.BURNIN_NODES):
        node = nuke.toNode(name)
        assert node.Class() == "Text2" and node.knob("message") is not None
    read = nuke.toNode(review_script.READ_NODE)
    assert read["on_error"].value() == "error" and read["before"].value() == "hold"


def test_a_review_script_renders_a_slate_then_burned_in_frames_into_one_movie():
    with scratch_dir() as folder:
        for frame in (1001, 1002, 1003):
            fresh_script()
            constant = nuke.nodes.Constant()
            write = nuke.nodes.Write(inputs=[constant], file=str(folder / f"plate.{frame}.exr"),
                                     file_type="exr")
            nuke.execute(write, 1, 1)
            nuke.scriptClear()
        built = review_script.build(DEFAULT_TEMPLATE, frames_path=str(folder / "plate.####.exr"),
                                    movie_path=str(folder / "review.mov"), info=INFO, settings=ReviewSettings())
        path = review_script.write(built, folder / "review.nk")
        fresh_script()
        nuke.scriptOpen(str(path))
        assert nuke.toNode("AvalonSlateSwitch")["which"].valueAt(1000) == 1
        assert nuke.toNode("AvalonSlateSwitch")["which"].valueAt(1001) == 0
        message = nuke.toNode("AvalonSlateText")["message"].value()
        assert "look (at)" in message  # artist text shown as it is, never run as Tcl
        nuke.execute(nuke.toNode(review_script.WRITE_NODE), 1000, 1003)
        assert (folder / "review.mov").stat().st_size > 0
