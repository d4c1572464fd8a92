"""Words and values every context uses: the clock, domain errors, the vocabulary,
record states, weekly time slots, Dutch postcodes and great-circle distance.

Imports nothing of Koppel: the bottom layer. Pure functions and constants only, no
database; a rule that needs the database belongs in the context that owns its data.
"""
