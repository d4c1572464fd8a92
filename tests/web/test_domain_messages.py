"""Use cases refuse with codes; pages say why in the visitor's language, never in English
on a Dutch page."""

from __future__ import annotations

import re
from datetime import date
from string import Formatter

import pytest

# Imported for their RuleViolation subclasses: every code a page may have to explain.
from matcher.accounts import (  # noqa: F401
    absences,  # noqa: F401
    invitations,
    password_strength,
    users,
)
from matcher.contacts import questionnaire_refusals, refusals, thresholds  # noqa: F401
from matcher.matches import answers, decisions  # noqa: F401
from matcher.organisation import school_directory  # noqa: F401
from matcher.reports import programme  # noqa: F401
from matcher.shared.errors import BadInput, RuleViolation
from matcher.volunteers import own_profile, screening, sign_up  # noqa: F401
from webapp.shared.messages import MESSAGES, describe


def violation_classes() -> list[type[RuleViolation]]:
    found, pending = [], [RuleViolation]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return found


def codes() -> list[tuple[type[RuleViolation], str, str]]:
    return [(cls, code, text) for cls in violation_classes() for code, text in cls.TEXTS.items()]


def english_names(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def filled_in(message: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", message))


def test_the_use_cases_refusing_on_pages_are_all_found():
    assert {
        screening.ScreeningRefused,
        invitations.InvitationRefused,
        school_directory.InvalidSchool,
        password_strength.WeakPassword,
        own_profile.NotAllowed,
        own_profile.EmptyAvailability,
        decisions.ReasonRefused,
        answers.UnknownEndReason,
    } <= set(violation_classes())


@pytest.mark.parametrize(
    ("cls", "code", "english"), codes(), ids=lambda v: getattr(v, "__name__", str(v))[:30]
)
def test_every_refusal_code_has_a_message_that_needs_only_the_values_given(app, cls, code, english):
    assert code in MESSAGES, f"{cls.__name__}: no page message for {code!r}"
    for language in ("nl", "en"):
        with app.test_request_context(f"/?lang={language}"):
            assert filled_in(str(MESSAGES[code])) <= english_names(english)


def test_a_code_means_the_same_wherever_it_is_raised():
    meaning: dict[str, str] = {}
    for cls, code, english in codes():
        assert meaning.setdefault(code, english) == english, f"{code!r} differs in {cls.__name__}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Een VOG van 03-03-2022 is ouder dan 3 jaar; vraag een nieuwe VOG aan."),
        ("en", "A VOG issued on 03-03-2022 is older than 3 years; ask for a new one."),
    ],
)
def test_a_refusal_is_told_in_the_pages_language_with_its_values(app, language, expected):
    refusal = screening.ScreeningRefused(
        "vog_issued_on", "vog_too_old", issued_on=date(2022, 3, 3), years=3
    )
    assert str(refusal) == (
        "vog_issued_on: a VOG issued on 2022-03-03 is older than 3 years; ask for a new one"
    )
    with app.test_request_context(f"/?lang={language}"):
        assert describe(refusal) == expected


def test_a_weak_password_keeps_its_english_line_for_the_command_and_is_dutch_on_a_page(app):
    weak = password_strength.WeakPassword(password_strength.Weakness.TOO_SHORT)
    assert str(weak) == "password: must be at least 12 characters"
    assert (weak.field, weak.code, weak.params) == ("password", "too_short", {"limit": 12})
    with app.test_request_context("/"):
        assert describe(weak) == "Kies een wachtwoord van minstens 12 tekens."


def test_a_plain_bad_input_never_shows_its_english_text(app):
    with app.test_request_context("/"):
        assert describe(BadInput("email: not an e-mail address")) == (
            "Dit kan niet; controleer wat u hebt ingevuld."
        )
