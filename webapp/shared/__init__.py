"""What every blueprint of the web app uses, and the pieces two blueprints share.

Access checks on routes (``access``), the database of the running app (``database``),
reading ids from visitors (``ids``), the language (``i18n``), messages for refused
use cases (``messages``), form pieces (``widgets``, ``account_forms``), the course
from a valid form to a use case (``forms_errors``), the names of record states
(``state_labels``), ending a match (``match_ending``) and starting a signed-in
session (``sessions``). A blueprint imports from here and from ``matcher``, never
from another blueprint: ``lint-imports`` checks it.
"""
