"""Front Lines: keep a conflict-tracking publication up to date from Wikipedia."""

__version__ = "0.1.0"
