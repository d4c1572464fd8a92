"""The regional coordinator's workspace, all under ``/coordinator``.

One blueprint, several view modules; each module registers its routes on ``bp`` and
is imported below (matching runs and proposals; screening, dashboard and lists).
"""

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")

# The view modules register their routes on ``bp``; one name per area.
from webapp.coordinator import (  # noqa: E402,F401
    absences,  # a coordinator's absences and deputy
    attention,  # pairs whose pupil is out of sight
    dashboard,  # the region's dashboard
    end_requests,  # requests to end a match: confirm or decline
    erasure,  # erasing a closed request now
    labels,  # state names for templates
    lists,  # lists and CSV export
    live_pairs,  # live pairs and their health signal
    manual_match,  # matching a pair by hand
    proposal_decisions,  # approving and rejecting proposals
    pupils,  # a pupil's file, ending a match
    report,  # the programme report and its CSV
    runs,  # matching runs and proposals
    school_contacts,  # schools, invitations
    screening,  # screening volunteers
    thresholds,  # a region's escalation thresholds
)
