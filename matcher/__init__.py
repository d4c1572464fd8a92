"""Koppel's domain: matching rules, cost model, explanations, persistence and use cases.

Nothing in this package imports Flask; the web app sits on top of it.
"""

__version__ = "0.1.0"
