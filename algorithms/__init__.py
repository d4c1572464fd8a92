"""Generic optimisation core: exact lexicographic min-cost assignment.

Pure functions over numbers; nothing here knows about pupils, Flask or databases.
"""
