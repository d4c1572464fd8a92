"""The questions of the check-ins (after 4 and 12 weeks) and the exit questions.

One catalogue: per kind of questionnaire and per side of the pair, three statements
answered on a scale of 1 (not at all) to 5 (completely), in this order — the order of
``pair_questionnaires.scores``. Dutch first, English beside it; pages and mails take
the label in the visitor's language.
"""

from __future__ import annotations

from matcher.shared.vocabulary import Term

LOWEST, HIGHEST = 1, 5
SCALE = tuple(range(LOWEST, HIGHEST + 1))

# Days after the match's start from which a check-in is due, and how long it stays due
# (a worker that was down catches up; a match that is much older gets no late check-in).
CHECK_IN_DAYS = {"week_4": 28, "week_12": 84}
CHECK_IN_WINDOW_DAYS = 28

KIND = {
    "week_4": Term("week_4", "Vragen na 4 weken", "Questions after 4 weeks"),
    "week_12": Term("week_12", "Vragen na 12 weken", "Questions after 12 weeks"),
    "exit": Term("exit", "Vragen bij het einde", "Questions at the end"),
}

_VOLUNTEER_CHECK_IN = (
    Term("contact", "Het contact met mijn leerling gaat goed.",
         "Contact with my pupil is going well."),
    Term("schoolwork", "Mijn leerling komt verder met plannen en schoolwerk.",
         "My pupil is making progress with planning and schoolwork."),
    Term("support", "Ik voel me gesteund door de coördinator.",
         "I feel supported by the coordinator."),
)
_MENTOR_CHECK_IN = (
    Term("contact", "Ik zie dat het contact met het maatje de leerling helpt.",
         "I see that contact with the buddy helps the pupil."),
    Term("schoolwork", "Het schoolwerk van de leerling gaat vooruit.",
         "The pupil's schoolwork is improving."),
    Term("wellbeing", "Het gaat beter met het welzijn van de leerling.",
         "The pupil's wellbeing is improving."),
)

QUESTIONS: dict[str, dict[str, tuple[Term, Term, Term]]] = {
    "week_4": {"volunteer": _VOLUNTEER_CHECK_IN, "mentor": _MENTOR_CHECK_IN},
    "week_12": {"volunteer": _VOLUNTEER_CHECK_IN, "mentor": _MENTOR_CHECK_IN},
    "exit": {
        "volunteer": (
            Term("helped", "De koppeling heeft mijn leerling geholpen.",
                 "The match helped my pupil."),
            Term("support", "Ik kreeg genoeg steun van de coördinator.",
                 "I got enough support from the coordinator."),
            Term("again", "Ik wil graag opnieuw maatje zijn.",
                 "I would like to be a buddy again."),
        ),
        "mentor": (
            Term("helped", "Het maatje heeft de leerling geholpen.",
                 "The buddy helped the pupil."),
            Term("cooperation", "De samenwerking met Koppel verliep goed.",
                 "Working with Koppel went well."),
            Term("again", "Ik zou Koppel opnieuw inschakelen voor een leerling.",
                 "I would call on Koppel again for a pupil."),
        ),
    },
}
