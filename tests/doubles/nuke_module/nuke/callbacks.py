"""Python callbacks, with the semantics of Nuke's own ``nuke.callbacks`` module.

Registries map a node class (or ``'*'``) to ``(call, args, kwargs, node)`` entries. Adding
an entry that is already there moves it to the end instead of duplicating it; removing a
missing entry does nothing. Nuke runs the class-specific entries first, then the ``'*'``
ones, with the affected node available as ``nuke.thisNode()``.
"""

from . import _session

onUserCreates: dict = {}
onCreates: dict = {}
onScriptLoads: dict = {}
onScriptSaves: dict = {}
onScriptCloses: dict = {}
onDestroys: dict = {}
knobChangeds: dict = {}
beforeRenders: dict = {}
beforeFrameRenders: dict = {}
afterFrameRenders: dict = {}
afterRenders: dict = {}

_REGISTRIES = (onUserCreates, onCreates, onScriptLoads, onScriptSaves, onScriptCloses, onDestroys,
               knobChangeds, beforeRenders, beforeFrameRenders, afterFrameRenders, afterRenders)


def _entry(call, args, kwargs, node):
    if not isinstance(args, tuple):
        args = (args,)
    if not isinstance(kwargs, dict):
        raise ValueError("kwargs must be a dictionary")
    return (call, args, kwargs, node)


def _add(registry: dict, call, args, kwargs, nodeClass, node=None) -> None:
    if not callable(call):
        raise ValueError("call must be a callable")
    entry = _entry(call, args, kwargs, node)
    entries = registry.setdefault(nodeClass, [])
    if entry in entries:
        entries.remove(entry)
    entries.append(entry)


def _remove(registry: dict, call, args, kwargs, nodeClass, node=None) -> None:
    entry = _entry(call, args, kwargs, node)
    entries = registry.get(nodeClass, [])
    if entry in entries:
        entries.remove(entry)


def _run(registry: dict) -> None:
    node = _session.package().thisNode()
    for key in (node.Class(), "*"):
        for call, args, kwargs, only in list(registry.get(key, ())):
            if only is None or only is node:
                call(*args, **kwargs)


def _clear_all() -> None:
    for registry in _REGISTRIES:
        registry.clear()


def addOnUserCreate(call, args=(), kwargs={}, nodeClass="*") -> None:  # noqa: B006 (Nuke's signature)
    _add(onUserCreates, call, args, kwargs, nodeClass)


def removeOnUserCreate(call, args=(), kwargs={}, nodeClass="*") -> None:  # noqa: B006
    _remove(onUserCreates, call, args, kwargs, nodeClass)


def onUserCreate() -> None:
    _run(onUserCreates)


def addOnCreate(call, args=(), kwargs={}, nodeClass="*") -> None:  # noqa: B006
    _add(onCreates, call, args, kwargs, nodeClass)


def removeOnCreate(call, args=(), kwargs={}, nodeClass="*") -> None:  # noqa: B006
    _remove(onCreates, call, args, kwargs, nodeClass)


def onCreate() -> None:
    _run(onCreates)


def addOnScriptLoad(call, args=(), kwargs={}, nodeClass="Root") -> None:  # noqa: B006
    _add(onScriptLoads, call, args, kwargs, nodeClass)


def removeOnScriptLoad(call, args=(), kwargs={}, nodeClass="Root") -> None:  # noqa: B006
    _remove(onScriptLoads, call, args, kwargs, nodeClass)


def onScriptLoad() -> None:
    _run(onScriptLoads)


def addOnScriptSave(call, args=(), kwargs={}, nodeClass="Root") -> None:  # noqa: B006
    _add(onScriptSaves, call, args, kwargs, nodeClass)


def removeOnScriptSave(call, args=(), kwargs={}, nodeClass="Root") -> None:  # noqa: B006
    _remove(onScriptSaves, call, args, kwargs, nodeClass)


def onScriptSave() -> None:
    _run(onScriptSaves)


def addOnScriptClose(call, args=(), kwargs={}, nodeClass="Root") -> None:  # noqa: B006
    _add(onScriptCloses, call, args, kwargs, nodeClass)


def removeOnScriptClose(call, args=(), kwargs={}, nodeClass="Root") -> None:  # noqa: B006
    _remove(onScriptCloses, call, args, kwargs, nodeClass)


def onScriptClose() -> None:
    _run(onScriptCloses)


def addOnDestroy(call, args=(), kwargs={}, nodeClass="*") -> None:  # noqa: B006
    _add(onDestroys, call, args, kwargs, nodeClass)


def removeOnDestroy(call, args=(), kwargs={}, nodeClass="*") -> None:  # noqa: B006
    _remove(onDestroys, call, args, kwargs, nodeClass)


def onDestroy() -> None:
    _run(onDestroys)


def addKnobChanged(call, args=(), kwargs={}, nodeClass="*", node=None) -> None:  # noqa: B006
    _add(knobChangeds, call, args, kwargs, nodeClass, node)


def removeKnobChanged(call, args=(), kwargs={}, nodeClass="*", node=None) -> None:  # noqa: B006
    _remove(knobChangeds, call, args, kwargs, nodeClass, node)


def knobChanged() -> None:
    _run(knobChangeds)


def addBeforeRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _add(beforeRenders, call, args, kwargs, nodeClass)


def removeBeforeRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _remove(beforeRenders, call, args, kwargs, nodeClass)


def beforeRender() -> None:
    _run(beforeRenders)


def addBeforeFrameRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _add(beforeFrameRenders, call, args, kwargs, nodeClass)


def removeBeforeFrameRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _remove(beforeFrameRenders, call, args, kwargs, nodeClass)


def beforeFrameRender() -> None:
    _run(beforeFrameRenders)


def addAfterFrameRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _add(afterFrameRenders, call, args, kwargs, nodeClass)


def removeAfterFrameRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _remove(afterFrameRenders, call, args, kwargs, nodeClass)


def afterFrameRender() -> None:
    _run(afterFrameRenders)


def addAfterRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _add(afterRenders, call, args, kwargs, nodeClass)


def removeAfterRender(call, args=(), kwargs={}, nodeClass="Write") -> None:  # noqa: B006
    _remove(afterRenders, call, args, kwargs, nodeClass)


def afterRender() -> None:
    _run(afterRenders)
