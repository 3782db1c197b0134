"""A stand-in for Foundry's ``nuke`` module, for tests only (no Nuke runs here).

It behaves as Foundry documents Nuke for the parts avalon-nuke uses and offers no public
name or parameter the real module lacks (``tests/test_standin_api.py`` checks this against
the ``types-nuke`` stubs). Tests drive it through ``nuke_standin_control`` (GUI or terminal
mode, captured dialogs, queued answers), never through names added to this module.
"""
# ruff: noqa: F401  (this module is a namespace of re-exported names, as Nuke's is)

from . import callbacks
from ._constants import (
    ALWAYS_SAVE,
    DISABLED,
    DO_NOT_WRITE,
    ENDLINE,
    EXPRESSIONS,
    HIDDEN_INPUTS,
    INPUTS,
    INVISIBLE,
    NO_ANIMATION,
    NO_UNDO,
    NUKE_VERSION_MAJOR,
    NUKE_VERSION_MINOR,
    NUKE_VERSION_RELEASE,
    NUKE_VERSION_STRING,
    READ_ONLY,
    STARTLINE,
    TABBEGINCLOSEDGROUP,
    TABBEGINGROUP,
    TABENDGROUP,
)
from ._formats import Format, addFormat, formats
from ._graph import (
    NodeConstructor,
    Nodes,
    allNodes,
    createNode,
    delete,
    knobDefault,
    root,
    selectedNode,
    selectedNodes,
    thisClass,
    thisGroup,
    thisKnob,
    thisNode,
    toNode,
)
from ._knobs import (
    Array_Knob,
    Boolean_Knob,
    ColorChip_Knob,
    Disable_Knob,
    Double_Knob,
    Enumeration_Knob,
    EvalString_Knob,
    File_Knob,
    Format_Knob,
    Int_Knob,
    Knob,
    Link_Knob,
    Multiline_Eval_String_Knob,
    PyScript_Knob,
    Script_Knob,
    String_Knob,
    Tab_Knob,
    Text_Knob,
    Unsigned_Knob,
)
from ._menus import Menu, MenuBar, MenuItem, ToolBar, menu, toolbar
from ._nodes import Group, Node, Root
from ._script import (
    execute,
    modified,
    scriptClear,
    scriptName,
    scriptOpen,
    scriptSave,
    scriptSaveAs,
)
from ._threads import executeInMainThread, executeInMainThreadWithResult
from ._ui import (
    GlobalsEnvironment,
    Undo,
    ask,
    critical,
    getColorspaceList,
    message,
    pluginAddPath,
    pluginAppendPath,
    pluginPath,
)
from .callbacks import (
    addAfterFrameRender,
    addAfterRender,
    addBeforeFrameRender,
    addBeforeRender,
    addKnobChanged,
    addOnCreate,
    addOnDestroy,
    addOnScriptClose,
    addOnScriptLoad,
    addOnScriptSave,
    addOnUserCreate,
    removeAfterFrameRender,
    removeAfterRender,
    removeBeforeFrameRender,
    removeBeforeRender,
    removeKnobChanged,
    removeOnCreate,
    removeOnDestroy,
    removeOnScriptClose,
    removeOnScriptLoad,
    removeOnScriptSave,
    removeOnUserCreate,
)

GUI = True
env = GlobalsEnvironment()
nodes = Nodes()
rawArgs = ["Nuke15.1"]  # the command line Nuke was started with
