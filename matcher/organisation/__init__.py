"""The programme's organisation: regions and the schools in them; an admin registers
a school location (BRIN and vestiging) in a region.

May import :mod:`matcher.accounts` (permissions), :mod:`matcher.privacy`,
:mod:`matcher.db` and :mod:`matcher.shared`.
"""
