"""The Nuke stand-in offers nothing real Nuke lacks: checked against the ``types-nuke`` stubs.

Every public function, class, method and constant of the stand-in must exist in the stubs
(``nuke-stubs``), classes must keep the stubs' inheritance, and the parameters the stand-in
declares must be the stubs' parameters, by name and in order. The stand-in may implement a
subset. Where a stub only says ``*args, **kwargs`` the names cannot be checked here; those
signatures follow Foundry's documentation instead.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

# Where the stand-in gives a default that the stub does not show, with the documented reason.
DOCUMENTED_DEFAULTS = {
    # Nuke 6.3's setEnabled(enabled) had no 'recursive'; later versions added it.
    ("MenuItem", "setEnabled", "recursive"),
    # "The default is to look for all types of connections" (Node.dependencies/dependent docs).
    ("Node", "dependencies", "mask"),
    ("Node", "dependent", "mask"),
}
OBJECT_DUNDERS_ALLOWED = {"__init__", "__new__", "__repr__"}


@dataclass
class StubFunction:
    params: list[tuple[str, bool]]  # (name, has default), self excluded for methods
    catch_all: bool  # only *args/**kwargs: names unknown


@dataclass
class StubClass:
    bases: list[str]
    methods: dict[str, list[StubFunction]]


@dataclass
class Stubs:
    functions: dict[str, list[StubFunction]]
    classes: dict[str, StubClass]
    variables: set[str]
    modules: dict[str, Stubs]


def _stub_dir() -> Path:
    spec = importlib.util.find_spec("nuke-stubs")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("types-nuke is not installed (pip install types-nuke)")
    return Path(next(iter(spec.submodule_search_locations)))


def _function(node: ast.FunctionDef, method: bool) -> StubFunction:
    positional = node.args.posonlyargs + node.args.args
    if method and positional:
        positional = positional[1:]
    with_default = len(node.args.defaults)
    params = [(a.arg, i >= len(positional) - with_default) for i, a in enumerate(positional)]
    params += [(a.arg, d is not None) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)]
    catch_all = not params and (node.args.vararg is not None or node.args.kwarg is not None)
    return StubFunction(params, catch_all)


def _read_stub(path: Path) -> Stubs:
    tree = ast.parse(path.read_text())
    stubs = Stubs({}, {}, set(), {})
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            stubs.functions.setdefault(node.name, []).append(_function(node, method=False))
        elif isinstance(node, ast.ClassDef):
            methods: dict[str, list[StubFunction]] = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    methods.setdefault(item.name, []).append(_function(item, method=True))
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    methods.setdefault(item.target.id, [])
            bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
            stubs.classes[node.name] = StubClass(bases, methods)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubs.variables.add(node.target.id)
        elif isinstance(node, ast.Assign):
            stubs.variables.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return stubs


def _load_stubs() -> Stubs:
    folder = _stub_dir()
    merged = Stubs({}, {}, set(), {})
    for name in ("_nuke", "callbacks", "overrides", "utils", "scripts", "executeInMain", "colorspaces"):
        part = _read_stub(folder / f"{name}.pyi")
        merged.functions.update(part.functions)
        merged.classes.update(part.classes)
        merged.variables |= part.variables
    merged.modules["callbacks"] = _read_stub(folder / "callbacks.pyi")
    return merged


def _standin_params(func, drop_first: bool) -> list[inspect.Parameter]:
    params = list(inspect.signature(func).parameters.values())
    if drop_first and params:
        params = params[1:]
    return [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _problems(owner: str, name: str, params: list[inspect.Parameter],
              overloads: list[StubFunction]) -> list[str]:
    """Why these parameters fit none of the stub's overloads ([] when one fits)."""
    if any(stub.catch_all for stub in overloads):
        return []
    reasons = []
    for stub in overloads:
        wrong = []
        for index, param in enumerate(params):
            if index >= len(stub.params) or stub.params[index][0] != param.name:
                wrong.append(f"parameter {index} is {param.name!r}, the stub has "
                             f"{[n for n, _ in stub.params]}")
                break
            # A default is right when the stub gives one, or when an overload omits it.
            optional = stub.params[index][1] or any(len(o.params) <= index for o in overloads)
            if param.default is not param.empty and not optional \
                    and (owner, name, param.name) not in DOCUMENTED_DEFAULTS:
                wrong.append(f"{param.name!r} has a default the stub does not give")
        if not wrong:
            return []
        reasons.extend(wrong)
    return reasons or ["no overload in the stub"]


def _stub_method(stubs: Stubs, cls: str, name: str) -> list[StubFunction] | None:
    seen, queue = set(), [cls]
    while queue:
        current = queue.pop(0)
        if current in seen or current not in stubs.classes:
            continue
        seen.add(current)
        if name in stubs.classes[current].methods:
            return stubs.classes[current].methods[name]
        queue.extend(stubs.classes[current].bases)
    return None


def _stub_ancestors(stubs: Stubs, cls: str) -> set[str]:
    found, queue = set(), list(stubs.classes.get(cls, StubClass([], {})).bases)
    while queue:
        current = queue.pop()
        if current not in found:
            found.add(current)
            queue.extend(stubs.classes.get(current, StubClass([], {})).bases)
    return found


def _check_class(stubs: Stubs, name: str, cls: type) -> list[str]:
    if name not in stubs.classes:
        return [f"class {name} is not in the stubs"]
    problems = []
    public_bases = [b.__name__ for b in cls.__mro__[1:] if not b.__name__.startswith("_")
                    and b is not object]
    nearest = public_bases[:1]
    for base in nearest:
        if base not in _stub_ancestors(stubs, name):
            problems.append(f"{name} derives from {base}, the stubs' {name} does not")
    for attr in dir(cls):
        if attr.startswith("__") and attr.endswith("__"):
            defined_here = any(attr in k.__dict__ for k in cls.__mro__ if k is not object)
            if not defined_here or attr in OBJECT_DUNDERS_ALLOWED or attr in ("__dict__",
                                                                                 "__weakref__",
                                                                                 "__module__",
                                                                                 "__doc__",
                                                                                 "__annotations__"):
                continue
        elif attr.startswith("_"):
            continue
        overloads = _stub_method(stubs, name, attr)
        if overloads is None:
            problems.append(f"{name}.{attr} is not in the stubs")
            continue
        static = inspect.getattr_static(cls, attr)
        if isinstance(static, (classmethod, staticmethod)):
            params = _standin_params(getattr(cls, attr), drop_first=False)
        elif callable(static):
            params = _standin_params(static, drop_first=True)
        else:
            continue
        owner = next(k.__name__ for k in cls.__mro__ if attr in k.__dict__)
        problems += [f"{name}.{attr}: {p}" for p in _problems(owner, attr, params, overloads)]
    return problems


def _check_module(stubs: Stubs, module: types.ModuleType, label: str) -> list[str]:
    problems = []
    for name in sorted(vars(module)):
        if name.startswith("_"):
            continue
        value = getattr(module, name)
        if isinstance(value, types.ModuleType):
            if name not in stubs.modules:
                problems.append(f"{label}.{name} (module) is not in the stubs")
            continue
        if inspect.isclass(value) and value.__module__.startswith("nuke"):
            problems += _check_class(stubs, name, value)
        elif inspect.isfunction(value):
            if name not in stubs.functions:
                problems.append(f"{label}.{name}() is not in the stubs")
            else:
                params = _standin_params(value, drop_first=False)
                problems += [f"{label}.{name}: {p}"
                             for p in _problems(label, name, params, stubs.functions[name])]
        elif name not in stubs.variables:
            problems.append(f"{label}.{name} is not in the stubs")
    return problems


def test_every_public_name_of_the_standin_exists_in_real_nuke_with_the_same_parameters(nuke):
    stubs = _load_stubs()
    problems = _check_module(stubs, nuke, "nuke")
    problems += _check_module(stubs.modules["callbacks"], nuke.callbacks, "nuke.callbacks")
    assert problems == []


def test_the_check_catches_an_invented_name_and_a_renamed_parameter(nuke):
    """The checker itself must fail on what it is there to catch."""
    stubs = _load_stubs()
    fake = types.ModuleType("nuke")

    def createNode(node_class, knobs="", inpanel=True):  # real name: typ
        return None

    def makeCoffee():
        return None

    createNode.__module__ = makeCoffee.__module__ = "nuke"
    fake.createNode, fake.makeCoffee = createNode, makeCoffee
    problems = _check_module(stubs, fake, "nuke")
    assert any("makeCoffee" in p for p in problems)
    assert any("createNode" in p and "node_class" in p for p in problems)


def test_the_standin_covers_what_the_product_relies_on(nuke):
    for name in ("toNode", "createNode", "nodes", "allNodes", "selectedNode", "selectedNodes",
                 "delete", "root", "Root", "thisNode", "thisKnob", "thisGroup", "scriptName",
                 "scriptSave", "scriptSaveAs", "scriptOpen", "scriptClear", "execute", "menu",
                 "toolbar", "message", "ask", "critical", "pluginAddPath", "pluginPath",
                 "addFormat", "Undo", "GUI", "env", "addOnScriptLoad", "addOnScriptSave",
                 "addBeforeRender", "addOnUserCreate", "addKnobChanged"):
        assert hasattr(nuke, name), name
