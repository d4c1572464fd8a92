"""Proposing pairs: who may be matched, the ``koppel.instance/1`` format, the
feasibility rules, the cost model, explanations, runs and ``koppel match``.

The instance format, feasibility, costs and explanations are pure (no database);
``instance_builder``, ``eligibility`` and ``runs`` read and write the database.
The optimisation itself is :mod:`algorithms`. May import :mod:`matcher.organisation`
and everything below it.
"""
