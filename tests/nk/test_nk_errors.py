"""Malformed scripts raise one error type, with file, line and column on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke import nk
from avalon_nuke.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("Root {\n inputs 0\n}\nBlur {\n size 3\n", "4:6", "unclosed brace"),
        ("Blur {\n name Blur1\n}\nend_group\n", "4:1", "end_group without an open group"),
        ("Group {\n name G\n}\n Blur {\n }\n", "1:1", "never closed by end_group"),
        ('Blur {\n label "abc\n}\n', "2:8", "unterminated quoted string"),
        ("Blur {\n size {3}x\n}\n", "2:10", "extra characters after close-brace"),
        ('Blur {\n label "a"b\n}\n', "2:11", "extra characters after close-quote"),
        ('Blur {\n label "a}"\n}\n', "2:8", "unbalanced brace inside quoted value"),
        ("Blur {\n name Blur1\n} trailing\n", "3:3", "unexpected text after node block"),
        ("version 15.1 v1\nfrobnicate now\n", "2:1", "unknown command 'frobnicate'"),
        ("push $\x01 junk\n", "1:1", "cannot read"),
        ("clone $Cbeef {\n xpos 1\n}\n", "1:1", "clone of unknown node $Cbeef"),
        ("Blur {\n \x01\x02 3\n}\n", "2:2", "invalid knob name"),
        ("}\n", "1:1", "unexpected '}'"),
        ("set x [stack 0\n", "1:7", "unclosed bracket"),
    ],
)
def test_malformed_text_names_the_place(text: str, where: str, problem: str) -> None:
    with pytest.raises(nk.ParseError) as raised:
        nk.loads(text, "shot.nk")
    message = str(raised.value)
    assert message.startswith(f"shot.nk:{where}: ")
    assert problem in message
    assert "\n" not in message
    line, column = (int(part) for part in where.split(":"))
    assert (raised.value.filename, raised.value.line, raised.value.column) == ("shot.nk", line, column)


def test_parse_error_is_an_input_error() -> None:
    assert issubclass(nk.ParseError, InputError)
    with pytest.raises(InputError, match="<string>:1:6: unclosed brace"):
        nk.loads("Blur {")


def test_truncated_script_raises_parse_error() -> None:
    text = (FIXTURES / "comp.nk").read_text()
    inside_a_node = text[: text.index(" ypos -200")]
    inside_a_group = text[: text.index(" Output {")]
    for truncated in (inside_a_node, inside_a_group):
        with pytest.raises(nk.ParseError):
            nk.loads(truncated)


def test_binary_junk_raises_parse_error() -> None:
    junk = bytes((index * 151 + 7) % 256 for index in range(4096))
    with pytest.raises(nk.ParseError):
        nk.loads(junk)
    with pytest.raises(nk.ParseError):
        nk.loads(b"\x7fELF\x02\x01\x01\x00" + junk)


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.nk"
    path.write_bytes(b'Root {\n inputs 0\n}\nBlur {\n label "open\n')
    with pytest.raises(nk.ParseError) as raised:
        nk.load(path)
    assert str(raised.value).startswith(f"{path}:5:8: unterminated quoted string")


def test_huge_inputs_count_does_not_stall() -> None:
    script = nk.loads("Blur {\n inputs 99999999999\n name Blur1\n}\n")
    assert len(script.find("Blur1").inputs) <= 10_000
