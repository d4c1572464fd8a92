"""Volunteers: sign-up with double opt-in, screening (intake, VOG, approval), VOG
reminders and a volunteer's own profile (availability, pause, withdraw, own data).

May import :mod:`matcher.matches` and everything below it; never
:mod:`matcher.requests` (the two sides of a match do not know each other).
"""
