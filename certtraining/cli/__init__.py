"""The ``certtraining`` command: one parser, one error handler, a module per command group."""

from certtraining.cli.main import main

__all__ = ["main"]
