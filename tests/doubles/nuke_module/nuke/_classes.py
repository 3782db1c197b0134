"""Which node classes exist in the stand-in, with their inputs and built-in knobs."""

from __future__ import annotations

from . import _knobs as K

COLORSPACES = (
    "default", "linear", "sRGB", "rec709", "Cineon", "Gamma1.8", "Gamma2.2", "Gamma2.4",
    "Gamma2.6", "Panalog", "REDLog", "ViperLog", "AlexaV3LogC", "PLogLin", "SLog", "SLog1",
    "SLog2", "SLog3", "CLog", "Log3G10", "Log3G12", "HybridLogGamma", "Protune", "BT1886",
    "st2084", "ARRILogC4",
)
FILE_TYPES = ("", "cin", "dpx", "exr", "hdr", "jpeg", "mov", "null", "pic", "png", "sgi",
              "targa", "tiff", "xpm", "yuv")


def _colorspaces() -> tuple[str, ...]:
    """The session's colourspaces: Nuke's defaults, or those of the OCIO config a test chose."""
    from . import _session

    return _session.session().colorspaces


def _common():
    return [
        K.Int_Knob("xpos"), K.Int_Knob("ypos"), K.Boolean_Knob("selected"),
        K.Multiline_Eval_String_Knob("label"), K.ColorChip_Knob("tile_color"),
        K.String_Knob("note_font", "font", "Verdana"), K.Disable_Knob("disable"),
        K.Boolean_Knob("hide_input"), K.String_Knob("onCreate"), K.String_Knob("onDestroy"),
        K.String_Knob("knobChanged"),
    ]


def _frame_knobs(first_last=True):
    knobs = [K.Int_Knob("first", "frame range"), K.Int_Knob("last", "")] if first_last else []
    for knob in knobs:
        knob._value = 1
    return knobs


def _read():
    knobs = [K.File_Knob("file"), K.File_Knob("proxy"), K.Format_Knob("format")]
    knobs += _frame_knobs()
    knobs += [K.Int_Knob("origfirst"), K.Int_Knob("origlast"), K.Boolean_Knob("origset")]
    knobs[-2]._value = knobs[-3]._value = 1
    knobs += [
        K.Enumeration_Knob("before", None, ("hold", "loop", "bounce", "black")),
        K.Enumeration_Knob("after", None, ("hold", "loop", "bounce", "black")),
        K.Enumeration_Knob("frame_mode", None, ("expression", "start at", "offset")),
        K.String_Knob("frame"),
        K.Enumeration_Knob("on_error", "missing frames",
                           ("error", "black", "checkerboard", "nearest frame")),
        K.Enumeration_Knob("colorspace", "input transform", _colorspaces()),
        K.Boolean_Knob("premultiplied"), K.Boolean_Knob("raw"), K.Boolean_Knob("auto_alpha"),
    ]
    return knobs


def _write():
    knobs = [
        K.String_Knob("channels", None, "rgb"), K.File_Knob("file"), K.File_Knob("proxy"),
        K.Enumeration_Knob("file_type", None, FILE_TYPES),
        K.Enumeration_Knob("colorspace", "output transform", _colorspaces()),
        K.Boolean_Knob("premultiplied"), K.Boolean_Knob("raw"),
        K.Boolean_Knob("create_directories", "create directories"),
        K.Boolean_Knob("use_limit", "limit to range"),
    ]
    knobs += _frame_knobs()
    knobs += [K.Int_Knob("render_order"), K.String_Knob("beforeRender"),
              K.String_Knob("beforeFrameRender"), K.String_Knob("afterFrameRender"),
              K.String_Knob("afterRender")]
    knobs[-5]._value = 1
    return knobs


def _root():
    first, last = K.Int_Knob("first_frame", "frame range"), K.Int_Knob("last_frame", "")
    first._value, last._value = 1, 100
    fps = K.Double_Knob("fps")
    fps._value = 24.0
    return [
        K.File_Knob("name"), K.File_Knob("project_directory"), K.Multiline_Eval_String_Knob("label"),
        K.Int_Knob("frame"), first, last, K.Boolean_Knob("lock_range"), fps,
        K.Format_Knob("format"), K.Boolean_Knob("proxy"),
        K.Enumeration_Knob("colorManagement", None, ("Nuke", "OCIO")),
        K.String_Knob("onScriptLoad"), K.String_Knob("onScriptSave"), K.String_Knob("onScriptClose"),
    ]


# class name -> (maximum inputs, extra built-in knobs factory)
NODE_CLASSES = {
    "Read": (0, _read),
    "Write": (1, _write),
    "Group": (None, list),
    "NoOp": (1, list),
    "Dot": (1, list),
    "Merge2": (3, list),
    "Grade": (2, list),
    "Blur": (2, list),
    "ColorCorrect": (2, list),
    "Constant": (0, lambda: [K.Format_Knob("format")]),
    "Transform": (1, list),
    "Reformat": (1, lambda: [K.Format_Knob("format")]),
    "Crop": (1, list),
    "Switch": (10, lambda: [K.Int_Knob("which")]),
    "Shuffle2": (2, list),
    "Input": (0, list),
    "Output": (1, list),
    "BackdropNode": (0, list),
    "Viewer": (10, list),
}


def is_known(cls: str) -> bool:
    return cls in NODE_CLASSES


def built_in_knobs(cls: str) -> list:
    if cls == "Root":
        return _root()
    name_knob = K.String_Knob("name")
    return [name_knob, *NODE_CLASSES.get(cls, _UNKNOWN)[1](), *_common()]


def max_inputs(cls: str) -> int | None:
    return 0 if cls == "Root" else NODE_CLASSES.get(cls, _UNKNOWN)[0]


_UNKNOWN = (10, list)
