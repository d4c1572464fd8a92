"""Why an answer to a questionnaire or a request to end a match was refused."""

from __future__ import annotations

from matcher.shared.errors import RuleViolation


class QuestionnaireRefused(RuleViolation):
    """An answer to a check-in or to the exit questions that cannot be stored as given."""

    TEXTS = {
        "already_answered": "these questions were answered already",
        "questionnaire_closed": "the match has ended; this check-in can no longer be answered",
        "score_range": "choose a number from {low} to {high}",
        "text_too_long": "at most {limit} characters",
    }


class EndRequestRefused(RuleViolation):
    """A request to end a match, or its settlement, that cannot be stored as given."""

    TEXTS = {
        "match_not_active": "only an active match can have this",
        "request_open": "someone already asked to end this match; the coordinator decides",
        "request_settled": "this request was settled already",
        "unknown_end_reason": "choose one of {choices}",
        "text_too_long": "at most {limit} characters",
    }
