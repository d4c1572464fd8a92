"""When data is deleted: erasure on request (AVG article 17), the retention periods of
the data inventory applied by ``koppel purge``.

These use cases act across every other context, so this package is the top layer of
:mod:`matcher`; nothing in :mod:`matcher` imports it.
"""
