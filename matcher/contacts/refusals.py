"""Why a contact moment, rhythm or pause was refused: one field, one stable code."""

from __future__ import annotations

from matcher.shared.errors import RuleViolation


class ContactRefused(RuleViolation):
    """A contact moment, rhythm or holiday pause that cannot be stored as given."""

    TEXTS = {
        "match_not_active": "only an active match can have this",
        "date_missing": "give a date",
        "future_date": "the date lies in the future",
        "before_match_start": "the match started on {started_on}",
        "minutes_range": "between {low} and {high} minutes",
        "unknown_way": "choose how you had contact",
        "unknown_topic": "choose topics from the list",
        "unknown_mood": "choose how it went",
        "text_too_long": "at most {limit} characters",
        "correction_closed": "a moment can be corrected for {days} days after logging it",
        "unknown_rhythm": "choose a rhythm from the list",
        "period_order": "the holiday ends before it starts",
        "past_date": "this date lies in the past",
        "pause_too_long": "a holiday pause lasts at most {weeks} weeks",
    }
