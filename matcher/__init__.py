"""Koppel's domain: one package per area of the programme, no Flask.

From the bottom up (a package imports only the ones below it; ``lint-imports``
checks it): ``shared``, ``db``, ``privacy``, ``mail``, ``accounts``, ``organisation``,
``matching``, ``matches``, ``volunteers`` and ``requests`` (independent of each
other), ``contacts``, ``reports``, ``deletion``. ``docs/architecture.md`` is the map.
"""

__version__ = "0.1.0"
