"""Errors in domain words, shared by the use cases and the commands."""


class BadInput(Exception):
    """Input a user gave is wrong; the message names the field and is safe to show.

    Commands print it as one line and exit with status 2.
    """
