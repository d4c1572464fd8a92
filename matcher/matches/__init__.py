"""A proposed pair's life: the coordinator's decision, the volunteer's answer,
matching by hand, the checks before a decision, ending, and the mails about it.

Also what happens to a volunteer's matches when they leave matching, because that is
a rule about matches. May import :mod:`matcher.matching` and everything below it.
"""
