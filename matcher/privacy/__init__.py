"""What Koppel keeps about people, why and for how long, and who did what to it.

``inventory`` is the data inventory (category, purpose, retention, audience of every
column); ``audit`` writes the append-only audit trail with an allow-list of detail
fields. Every context may record an audit entry or read the inventory, so this package
sits just above :mod:`matcher.db` and imports nothing else of Koppel. What is deleted
when, and erasure on request, are use cases in :mod:`matcher.deletion`.
"""
