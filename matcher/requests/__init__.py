"""Schools' buddy requests: the rules for one request, the CSV import, storing and
withdrawing them.

May import :mod:`matcher.matches` and everything below it; never
:mod:`matcher.volunteers`.
"""
