"""People who sign in: users, passwords, the second factor, recovery codes, e-mail
link tokens, staff invitations, password reset, rate limits and permissions.

``permissions`` decides who may do what (role × action × scope) in one place; every
use case asks it through :func:`~matcher.accounts.permissions.decide`. May import
:mod:`matcher.mail`, :mod:`matcher.privacy`, :mod:`matcher.db`, :mod:`matcher.shared`.
"""
