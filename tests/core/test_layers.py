"""Imports point one way, as docs/ARCHITECTURE.md draws the layers.

Every import in every product module counts, including the ones inside functions: a lazy
import of a concrete host from the pipeline is still a dependency on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "avalon_nuke"

CORE = ("config", "errors", "redaction", "names", "paths", "sequences", "transfer", "bounds", "knob_specs",
        "colour_management", "dates", "processes", "startup_folder", "gc_pause", "db")
EVERYTHING_ABOVE_CORE = ("deadline", "local_farm", "nk", "hosts", "pipeline", "review", "publish", "tools", "cli")
GUI_AND_ENTRY = ("tools", "cli")
CONCRETE_HOSTS = ("hosts.nk_file", "hosts.live_nuke")

#: module prefix (inside avalon_nuke) -> what it must never import (prefixes inside avalon_nuke,
#: or top-level modules such as ``nuke`` and ``Qt``).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    **{core: (*EVERYTHING_ABOVE_CORE, "@nuke", "@Qt") for core in CORE},
    "deadline": ("local_farm", "nk", "hosts", "pipeline", "publish", *GUI_AND_ENTRY, "db", "@nuke", "@Qt"),
    "nk": ("db", "deadline", "local_farm", "hosts", "pipeline", "publish", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "hosts.interface": ("hosts.nk_file", "hosts.live_nuke", "pipeline", "publish", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "hosts.nk_file": ("hosts.live_nuke", "pipeline", "publish", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "hosts.live_nuke": (*GUI_AND_ENTRY, "@Qt"),
    "pipeline": (*CONCRETE_HOSTS, "publish", "local_farm", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "review": ("hosts", "pipeline", "publish", "local_farm", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "publish": (*CONCRETE_HOSTS, "local_farm", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "local_farm": ("hosts", "pipeline", "publish", *GUI_AND_ENTRY, "@nuke", "@Qt"),
    "tools": ("cli",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__")


def _breaks(imported: str, rule: str) -> bool:
    if rule.startswith("@"):
        top = rule[1:]
        return imported == top or imported.startswith(top + ".")
    target = f"avalon_nuke.{rule}"
    return imported == target or imported.startswith(target + ".")


def _rules_for(module: str) -> tuple[str, ...]:
    matching = [prefix for prefix in FORBIDDEN if module == prefix or module.startswith(prefix + ".")]
    return FORBIDDEN[max(matching, key=len)] if matching else ()


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p) or "avalon_nuke")
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    module = _module_name(path)
    rules = _rules_for(module)
    wrong = sorted(name for name in _imports(path) for rule in rules if _breaks(name, rule))
    assert wrong == [], f"{module} imports {wrong}, which its layer must not know"


def test_the_rules_catch_a_pipeline_module_importing_a_concrete_host() -> None:
    rules = _rules_for("pipeline.creator")
    assert any(_breaks("avalon_nuke.hosts.nk_file.host", rule) for rule in rules)
    assert not any(_breaks("avalon_nuke.hosts.interface", rule) for rule in rules)
