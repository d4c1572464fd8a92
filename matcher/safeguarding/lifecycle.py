"""A concern's life: raised → received → handed over to the school → closed.

Pure rules: which state may follow which, which permission each step needs, and what
the volunteer who raised it is shown (never what the school did).
"""

from __future__ import annotations

from matcher.accounts.permissions import Permission

RAISED = "raised"
RECEIVED = "received"
HANDED_OVER = "handed_over"
CLOSED = "closed"

# The states a concern may move to from each state.
NEXT: dict[str, tuple[str, ...]] = {
    RAISED: (RECEIVED,),
    RECEIVED: (HANDED_OVER, CLOSED),
    HANDED_OVER: (CLOSED,),
    CLOSED: (),
}
# The permission each step needs: coordinators and designated contacts acknowledge and
# close; only the school's designated contact takes it into the school's own procedure.
PERMISSION_FOR: dict[str, Permission] = {
    RECEIVED: Permission.ACKNOWLEDGE_CONCERN,
    HANDED_OVER: Permission.HAND_OVER_CONCERN,
    CLOSED: Permission.CLOSE_CONCERN,
}
# The states after which the content's own retention period starts counting.
SETTLED = (HANDED_OVER, CLOSED)


def may_follow(current: str, wanted: str) -> bool:
    """Whether a concern in ``current`` may move to ``wanted``.

    >>> may_follow("raised", "received"), may_follow("raised", "closed")
    (True, False)
    """
    return wanted in NEXT[current]


def volunteer_status(state: str) -> str:
    """What the volunteer who raised it sees: sent, received or taken up.

    >>> [volunteer_status(s) for s in ("raised", "received", "handed_over", "closed")]
    ['sent', 'received', 'taken_up', 'taken_up']
    """
    return {RAISED: "sent", RECEIVED: "received"}.get(state, "taken_up")
