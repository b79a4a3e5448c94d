"""The kit's version, in a module of its own so that every wing can read it."""

__version__ = "0.1.0"
