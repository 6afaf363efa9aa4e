"""The ``blogext`` command: ``new-post``, ``import-hugo`` and ``import-talks``.

Exit codes: 0 when the command did its work, 1 when it could not (the
message on stderr says why and names the file), 2 for a command line that
does not parse. Messages go to stderr; what a command made is listed on
stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Exit codes.
OK, FAILED, USAGE = 0, 1, 2


class CommandError(Exception):
    """What stops a command, said in words a user can act on."""


def parser() -> argparse.ArgumentParser:
    from . import hugo, newpost, talks_import

    top = argparse.ArgumentParser(
        prog="blogext",
        description="Tools for a sphinx-blogext blog: write a new post, move a Hugo blog over, "
        "bring in talks from a conference schedule.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    newpost.add_command(commands)
    hugo.add_command(commands)
    talks_import.add_command(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except CommandError as exc:
        print(f"blogext {args.command}: {exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print(f"blogext {args.command}: interrupted", file=sys.stderr)
        return FAILED
    except BrokenPipeError:
        # the reader went away (`blogext ... | head`): nothing left to say to it
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return FAILED
    return code
