"""The ``avalon-nuke`` command line.

Each sub-command lives in a small module of this package exposing
``register(subparsers, parents)``; the module adds its parser and sets
``handler=function(args, settings) -> int | None``. Modules import their heavy
dependencies inside the handler so ``avalon-nuke --help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from avalon_nuke.cli.termination import Terminated, signals_as_interrupts
from avalon_nuke.errors import AvalonError, InputError

PROG = "avalon-nuke"

# Order is the order of ``avalon-nuke --help``: the order of the work (set up, publish renders,
# review them, load them into comps, publish comps to the farm), then the tools.
COMMAND_MODULES = (
    "avalon_nuke.cli.database_commands",
    "avalon_nuke.cli.publish_commands",
    "avalon_nuke.cli.review_commands",
    "avalon_nuke.cli.rerender_command",
    "avalon_nuke.cli.container_commands",
    "avalon_nuke.cli.comp_commands",
    "avalon_nuke.cli.farm_command",
    "avalon_nuke.cli.demo_command",
    "avalon_nuke.cli.nuke_path_command",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as our single ``avalon-nuke: error:`` line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks for failures")
    parser = _Parser(prog=PROG, description="Avalon pipeline tools for Nuke, with or without Nuke.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for failures")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers, [common])
    return parser


def one_line(text: str) -> str:
    """*text* as one line: a name with a newline in it must not break the error in two."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _redacted(error: BaseException) -> str:
    from avalon_nuke.config import redact

    return one_line(redact(str(error)))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status (0 ok, 1 failure, 2 bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        from avalon_nuke.config import Settings  # after parsing: --help needs none of it

        with signals_as_interrupts():
            status = args.handler(args, Settings.from_env())
        return int(status or 0)
    except AvalonError as error:
        if debug:
            raise
        print(f"{PROG}: error: {_redacted(error)}", file=sys.stderr)
        return 2 if isinstance(error, InputError) else 1
    except BrokenPipeError:
        return 0
    except OSError as error:  # disk full, permission denied: the user's to fix, not a bug
        if debug:
            raise
        print(f"{PROG}: error: {_redacted(error)}", file=sys.stderr)
        return 1
    except Terminated as stopped:
        print(f"{PROG}: interrupted ({stopped})", file=sys.stderr)
        return stopped.exit_status
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug or data we did not foresee: one line, not a traceback
        if debug:
            raise
        detail = _redacted(error)[:200]
        print(f"{PROG}: error: internal error ({type(error).__name__}: {detail}); "
              "run again with --debug for the details", file=sys.stderr)
        return 1
