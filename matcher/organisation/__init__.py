"""The programme's organisation: regions and the schools in them.

May import :mod:`matcher.accounts` (permissions), :mod:`matcher.privacy`,
:mod:`matcher.db` and :mod:`matcher.shared`.
"""
