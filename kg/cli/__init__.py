"""The command line: a thin layer over the Python API; only here is anything printed.

    main.py   the parser and the build, ingest, extract, eval and train commands
    graph.py  the commands on a built graph: query, validate, stats, export, serve
    base.py   the command registry and exit codes
"""

from kg.cli.main import main

__all__ = ["main"]
