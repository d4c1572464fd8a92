"""The work after the match: contact moments and the agreed rhythm.

Once a pair is active the volunteer logs each contact moment (or an attempt that did
not reach the pupil), agrees with the coordinator how often the pair has contact, and
pauses the pair for a holiday. Staff read the log of their regions' matches. Later
the escalation when a pupil drops out of sight and the check-ins live here too.
"""
