"""Saving and opening scripts through the product's ``.nk`` model (``avalon_nuke.nk``).

The stand-in writes what Nuke writes for the knobs it models: every knob that differs
from its default, ``name``/``xpos``/``ypos`` always, user knobs with their
``addUserKnob`` definitions, and groups with their children. Knobs it does not model
(read from a file) are kept as text and written back unchanged.
"""

from __future__ import annotations

from . import _classes, _graph, _knobs, _tcl
from . import _constants as C
from ._nodes import Group

_HEADER = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n"
_ALWAYS_WRITTEN = ("name", "xpos", "ypos")
_FLAG_WORDS = {"DISABLED": C.DISABLED, "INVISIBLE": C.INVISIBLE, "STARTLINE": C.STARTLINE,
               "ENDLINE": C.ENDLINE, "READ_ONLY": C.READ_ONLY, "DO_NOT_WRITE": C.DO_NOT_WRITE}
_defaults_cache: dict[str, dict[str, object]] = {}


def _nk():
    from avalon_nuke import nk

    return nk


# -- writing ---------------------------------------------------------------------------
def save(root, path: str) -> None:
    nk = _nk()
    script = nk.loads(_HEADER, filename=path)
    _write_knobs(root, script.root)
    _write_group(script, root, None)
    nk.dump(script, path)


def _defaults(cls: str) -> dict[str, object]:
    if cls not in _defaults_cache:
        _defaults_cache[cls] = {k.name(): k._value for k in _classes.built_in_knobs(cls)}
    return _defaults_cache[cls]


def _write_group(script, group, nk_parent) -> None:
    written: dict[int, object] = {}
    for node in _upstream_first(group._children):
        inputs = [written.get(id(upstream)) if upstream is not None else None
                  for upstream in node._inputs]
        while inputs and inputs[-1] is None:
            inputs.pop()
        nk_node = script.add_node(node._cls, [("name", node.name())], group=nk_parent,
                                  inputs=inputs)
        _write_knobs(node, nk_node)
        written[id(node)] = nk_node
        if isinstance(node, Group):
            _write_group(script, node, nk_node)


def _upstream_first(nodes: list) -> list:
    ordered: list = []
    seen: set[int] = set()

    def visit(node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for upstream in node._inputs:
            if upstream is not None and upstream in nodes:
                visit(upstream)
        ordered.append(node)

    for node in nodes:
        visit(node)
    return ordered


def _write_knobs(node, nk_node) -> None:
    defaults = _defaults(node._cls)
    for knob in node._knobs:
        if knob in node._user_knobs or knob.name() == "name" and node._cls != "Root":
            continue
        name = knob.name()
        if knob._value == defaults.get(name) and name not in _ALWAYS_WRITTEN:
            continue
        if isinstance(knob, _knobs.Tab_Knob) or knob.getFlag(C.DO_NOT_WRITE):
            continue
        nk_node.set_knob(name, _written_value(knob))
    for name, text in getattr(node, "_raw_knobs", {}).items():
        nk_node.set_knob_text(name, text)
    for knob in node._user_knobs:
        _write_user_knob(knob, nk_node)


def _written_value(knob):
    if isinstance(knob, _knobs.ColorChip_Knob):
        return f"0x{knob._value:08x}"
    if isinstance(knob, (_knobs.Enumeration_Knob, _knobs.Format_Knob)):
        return knob.toScript()
    return knob._value


def _write_user_knob(knob, nk_node) -> None:
    flags = [f"+{word}" for word, bit in _FLAG_WORDS.items() if knob.getFlag(bit)]
    extra = ""
    value = None
    if isinstance(knob, _knobs.Enumeration_Knob):
        extra = "M {" + " ".join(_tcl.quote(v) for v in knob.values()) + "}"
        value = knob.value() if knob._value else None
    elif isinstance(knob, (_knobs.Text_Knob, _knobs.Script_Knob, _knobs.Link_Knob)):
        extra = "T " + _tcl.quote(knob._value) if knob._value else ""
    elif not isinstance(knob, _knobs.Tab_Knob) and not knob.getFlag(C.DO_NOT_WRITE):
        value = _written_value(knob)
    if isinstance(knob, _knobs.Tab_Knob) and knob._tab_type:
        extra = f"n {knob._tab_type}"
    label = knob.label() if knob.label() != knob.name() else None
    nk_node.add_user_knob(knob._type_id, knob.name(), label, tooltip=knob.tooltip() or None,
                          flags=" ".join(flags), extra=extra, value=value)


# -- reading ---------------------------------------------------------------------------
def read(path: str):
    return _nk().load(path)


def populate(root, script) -> None:
    _read_knobs(root, script.root)
    top_level = [n for n in script.nodes() if n.parent is None]
    _read_group(root, top_level)


def _read_group(group, nk_nodes: list) -> None:
    made: dict[int, object] = {}
    for nk_node in nk_nodes:
        node = _graph._new_node(nk_node.cls, group, allow_unknown=True)
        if nk_node.name:
            node.setName(nk_node.name)
        _read_knobs(node, nk_node)
        made[id(nk_node)] = node
        if isinstance(node, Group):
            _read_group(node, list(nk_node.children))
    for nk_node in nk_nodes:
        node = made[id(nk_node)]
        for index, upstream in enumerate(nk_node.inputs):
            if upstream is not None and id(upstream) in made:
                node._inputs.extend([None] * (index + 1 - len(node._inputs)))
                node._inputs[index] = made[id(upstream)]
    for nk_node in nk_nodes:
        _graph._fire("onCreate", made[id(nk_node)])


def _read_knobs(node, nk_node) -> None:
    user_names = set()
    for definition in nk_node.user_knobs():
        knob = _user_knob_from(definition.definition)
        user_names.add(knob.name())
        text = nk_node.knob(knob.name())
        node._attach(knob)
        if text is not None:
            _set_from_text(node, knob, text)
    for name in nk_node.knob_names():
        if name in user_names or name in ("inputs", "name"):
            continue
        knob = node.knob(name)
        if knob is None:
            node.__dict__.setdefault("_raw_knobs", {})[name] = nk_node.knob_text(name)
        else:
            _set_from_text(node, knob, nk_node.knob(name))


def _set_from_text(node, knob, text: str) -> None:
    try:
        knob._value = _parsed(knob, text)
    except (ValueError, TypeError):  # an expression or animation: keep the file's text
        node.__dict__.setdefault("_raw_knobs", {})[knob.name()] = text


def _parsed(knob, text: str):
    if isinstance(knob, _knobs.Enumeration_Knob):
        return knob._values.index(text) if text in knob._values else int(text)
    if isinstance(knob, _knobs.Format_Knob):
        from . import _formats

        return _formats.find(text)
    if isinstance(knob, (_knobs.String_Knob, _knobs.Link_Knob, _knobs.Text_Knob)):
        return text
    return knob._parse(text)


def _user_knob_from(definition: str):
    words = _tcl.split_list(definition.strip()[1:-1])
    type_id, name, options = int(words[0]), words[1], words[2:]
    cls = _knobs.USER_KNOB_TYPES.get(type_id)
    if cls is None:
        raise NotImplementedError(f"the Nuke stand-in does not model user knob type {type_id}")
    label = tooltip = None
    flags_on, flags_off, fields = [], [], {}
    index = 0
    while index < len(options):
        word = options[index]
        if word in ("l", "t", "M", "T", "n") and index + 1 < len(options):
            fields[word] = options[index + 1]
            index += 2
        elif word[:1] in "+-" and len(word) > 1:
            (flags_on if word[0] == "+" else flags_off).append(word[1:])
            index += 1
        else:
            index += 1
    label = fields.get("l")
    tooltip = fields.get("t")
    if cls is _knobs.Enumeration_Knob:
        knob = cls(name, label, _tcl.split_list(fields.get("M", "")))
    elif cls is _knobs.Tab_Knob:
        knob = cls(name, label, int(fields.get("n", 0)))
    elif cls is _knobs.Text_Knob:
        knob = cls(name, label, fields.get("T", ""))
    elif cls in (_knobs.PyScript_Knob, _knobs.Link_Knob):
        knob = cls(name, label)
        knob._value = fields.get("T", "")
    else:
        knob = cls(name, label)
    if tooltip:
        knob.setTooltip(tooltip)
    for word in flags_on:
        if word in _FLAG_WORDS:
            knob.setFlag(_FLAG_WORDS[word])
    return knob
