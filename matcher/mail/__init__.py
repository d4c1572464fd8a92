"""Mail: bilingual texts rendered from templates, and the outbox that the worker sends.

A use case writes its mail into the outbox in its own transaction, so a mail goes out
exactly when the change it reports is committed. May import :mod:`matcher.db` and
:mod:`matcher.shared`.
"""
