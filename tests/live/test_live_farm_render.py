"""What a farm render relies on in Nuke, checked for real (run under ``nuke -t``, see README.md).

Deadline's Nuke plugin in batch mode sends ``nuke.execute(WriteNode, start, end, 1, ...)``
with the ``WriteNode`` we submit: for an AvalonWrite, the full name of the Write inside
the group. The stand-in accepts that name and refuses the group itself, as Foundry
documents ``nuke.execute`` ("the named Write node"; ``executeMultiple``: "Write or other
executable operators"); these checks say whether Nuke agrees.
"""

import nuke
from live_helpers import fresh_script, raises, scratch_dir


def _group_with_write(folder):
    constant = nuke.nodes.Constant()
    group = nuke.nodes.Group(inputs=[constant])
    with group:
        source = nuke.nodes.Input()
        nuke.nodes.Write(file=str(folder / "inner.####.exr"), inputs=[source])
        nuke.nodes.Output(inputs=[nuke.toNode("Write1")])
    return group


def test_execute_renders_the_write_inside_a_group_by_its_full_name():
    fresh_script()
    with scratch_dir() as folder:
        group = _group_with_write(folder)
        nuke.execute(f"{group.name()}.Write1", 1, 2, 1, continueOnError=False)
        assert sorted(p.name for p in folder.iterdir()) == ["inner.0001.exr", "inner.0002.exr"]


def test_execute_refuses_a_group_that_is_not_an_executable_operator():
    fresh_script()
    with scratch_dir() as folder:
        group = _group_with_write(folder)
        with raises(RuntimeError):
            nuke.execute(group.name(), 1, 1)
        assert list(folder.iterdir()) == []


def test_a_terminal_session_is_not_an_interactive_one_for_the_load_callbacks():
    from avalon_nuke.hosts.live_nuke.callbacks import is_render_session

    assert nuke.GUI is False and is_render_session({})
