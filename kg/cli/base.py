"""What every command module of the ``kg`` command shares: exit statuses and the
way a subcommand is registered. Its own module, so that ``kg.cli`` and the
command modules it registers (``kg.cli_graph``) import it, not each other."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

Commands = Any  # argparse's private _SubParsersAction


def command(
    commands: Commands, name: str, handler: Callable[[argparse.Namespace], int | None], help_text: str, description: str
) -> argparse.ArgumentParser:
    sub = commands.add_parser(
        name, help=help_text, description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub.set_defaults(handler=handler)
    return sub


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value
