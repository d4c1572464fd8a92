"""Generic optimisation core: exact lexicographic min-cost assignment.

Pure functions over numbers; nothing here knows about pupils, Flask or databases.
Call :func:`solve_assignment`; everything else is its machinery.
"""

from algorithms.assignment import AssignmentResult, solve_assignment

__all__ = ["AssignmentResult", "solve_assignment"]
