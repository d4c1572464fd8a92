"""Data files shipped with the matcher (read with ``importlib.resources``)."""
