"""Studio-scale ``.nk`` text for benchmarks: any size, written the way Nuke writes scripts.

Each block is a small comp branch: a loaded Read carrying Avalon's container
record (JSON with quotes and brackets), an animated Grade, a Transform, a Roto
with a long curve blob, a Merge fed through ``set``/``push``, a Group with
children, a clone of a Blur, a BackdropNode with a quoted multi-line label and
a Dot. Blocks repeat (with their own names and ids) until the size is reached.
"""

from __future__ import annotations

import json
import random

HEADER = (
    "#! /usr/local/Nuke15.1v1/libnuke-15.1.1.so -nx\n"
    "version 15.1 v1\n"
    "define_window_layout_xml {<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<layout version=\"1.0\">\n</layout>\n}\n"
    "Root {\n inputs 0\n name /projects/bench/sh010/work/sh010_comp_v001.nk\n"
    " frame 1001\n first_frame 1001\n last_frame 1100\n format \"2048 858 0 0 2048 858 1 scope\"\n"
    " colorManagement OCIO\n}\n"
)


def _curve(rng: random.Random, keys: int) -> str:
    return "{{curve " + " ".join(f"x{1001 + 4 * k} {rng.random():.6g}" for k in range(keys)) + "}}"


def _roto_blob(rng: random.Random, points: int) -> str:
    """A Roto ``curves`` value: one Bezier shape, nested braces as Nuke writes them."""
    shape = " ".join(f"{{{rng.uniform(0, 2048):.3f} {rng.uniform(0, 858):.3f}}}" for _ in range(points))
    return (
        "{{{v x3f99999a}\n {f 0}\n {n\n {layer Root\n  {f 2097152}\n  {t x44800000 x43d60000}\n"
        "  {curvegroup Bezier1 512 bezier\n   {{cc\n     {f 8192}\n     {px x448a4000\n      "
        + shape + "}}}\n    {tx x448a4000 x44c0ef1a x44390c7c}\n   }\n  }\n }\n}}"
    )


def _block(index: int, rng: random.Random) -> str:
    subset = f"lighting{index % 97:03d}"
    record = json.dumps({
        "schema": "avalon-core:container-2.0", "id": "pyblish.avalon.container", "name": subset,
        "namespace": f"sh010_{subset}_{index}", "loader": "ReadLoader",
        "representation": f"{rng.getrandbits(96):024x}", "version": f"{rng.getrandbits(96):024x}",
        "policy": "approved", "project": "bench", "note": "[stack] $x \"quoted\"",
    })
    escaped = record.replace("\\", "\\\\").replace('"', '\\"').replace("[", "\\[").replace("$", "\\$")
    x, y = 110 * (index % 50), 300 * (index // 50)
    return (
        f"Read {{\n inputs 0\n file_type exr\n file /projects/bench/sh010/publish/render/{subset}/v{1 + index % 9:03d}/"
        f"{subset}.####.exr\n format \"2048 858 0 0 2048 858 1 scope\"\n first 1001\n last 1100\n"
        f" origfirst 1001\n origlast 1100\n origset true\n colorspace \"ACES - ACEScg\"\n name Read{index}\n"
        f" tile_color 0x3d9e3dff\n xpos {x}\n ypos {y}\n addUserKnob {{20 avalon_tab l Avalon}}\n"
        f" addUserKnob {{1 avalon_container l container +DISABLED}}\n avalon_container \"{escaped}\"\n"
        f" addUserKnob {{1 avalon_status l status +DISABLED}}\n avalon_status \"v{1 + index % 9:03d} approved\"\n}}\n"
        f"Grade {{\n white {_curve(rng, 12)}\n gamma {{1.02 1 0.98 1}}\n name Grade{index}\n xpos {x}\n ypos {y + 60}\n}}\n"
        f"Transform {{\n translate {{{{curve x1001 0 x1100 {rng.uniform(-20, 20):.4f}}} 0}}\n rotate 0.5\n"
        f" center {{1024 429}}\n name Transform{index}\n xpos {x}\n ypos {y + 90}\n}}\n"
        f"set N{index:x}a [stack 0]\n"
        f"Roto {{\n inputs 0\n curves {_roto_blob(rng, 24)}\n toolbox {{selectAll {{\n  {{ selectAll str 1 ssx 1 ssy 1 sf 1 }}\n"
        f"  {{ createBezier str 1 ssx 1 ssy 1 sf 1 sb 1 tt 4 }}\n}}}}\n name Roto{index}\n xpos {x + 110}\n ypos {y + 90}\n}}\n"
        f"push $N{index:x}a\n"
        f"Merge2 {{\n inputs 2\n operation mask\n name Merge{index}\n xpos {x}\n ypos {y + 120}\n}}\n"
        f"Blur {{\n size {{{{curve x1001 2 x1100 6}}}}\n name Blur{index}\n xpos {x}\n ypos {y + 150}\n}}\n"
        f"set C{index:x}b [stack 0]\n"
        f"Group {{\n name Despill{index}\n tile_color 0x7f7f7fff\n xpos {x}\n ypos {y + 180}\n"
        f" addUserKnob {{20 User}}\n addUserKnob {{7 amount l Amount R 0 1}}\n amount 0.75\n}}\n"
        f" Input {{\n  inputs 0\n  name Input1\n  xpos 0\n }}\n"
        f" Expression {{\n  expr1 \"g > (r+b)/2 ? (r+b)/2 : g\"\n  mix {{{{parent.amount}}}}\n  name Expression1\n }}\n"
        f" Output {{\n  name Output1\n }}\nend_group\n"
        f"clone $C{index:x}b {{\n xpos {x + 110}\n ypos {y + 150}\n}}\n"
        f"BackdropNode {{\n inputs 0\n name Backdrop{index}\n label \"<center>shot notes {index}\\n"
        f"keep the \\\"edge\\\" soft \\[sc]\"\n note_font_size 42\n xpos {x - 10}\n ypos {y - 40}\n"
        f" bdwidth 240\n bdheight 260\n}}\n"
        f"Dot {{\n name Dot{index}\n xpos {x + 34}\n ypos {y + 220}\n}}\n"
    )


def studio_script(size: int, seed: int = 3) -> str:
    """A script of at least ``size`` characters (ASCII, so as many bytes)."""
    rng = random.Random(seed)
    parts = [HEADER]
    total = len(HEADER)
    index = 0
    while total < size:
        block = _block(index, rng)
        parts.append(block)
        total += len(block)
        index += 1
    return "".join(parts)
