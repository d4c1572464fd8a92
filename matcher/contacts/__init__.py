"""The work after the match: contact moments, the agreed rhythm, check-ins and ending well.

Once a pair is active the volunteer logs each contact moment (or an attempt that did
not reach the pupil), agrees with the coordinator how often the pair has contact, and
pauses the pair for a holiday. Staff read the log of their regions' matches. A pupil
out of sight is escalated; after 4 and 12 weeks both sides answer a short check-in;
the volunteer or the school asks to end a match and the coordinator settles it, after
which both sides answer the exit questions.
"""
