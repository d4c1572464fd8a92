"""Hostile values for form fields and query parameters, and how to read a form's fields.

Values mix known attacks (markup, formula injection, NUL, right-to-left override,
zero-width space, emoji, numbers beyond any column, impossible dates and times)
with arbitrary text and with values the page itself offers (option values, hidden
ids), so that some requests get past the first check and reach deeper code.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

# Each contains markup that must never come back unescaped.
MARKUP = (
    "<script>alert('koppel')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)//<b>vet</b>",
)
NASTY = (
    "", " ", "\x00", "a\x00b", "\u202eLL-1", "LL\u200b-1", "🙂" * 50, "\ufeff", "\r\n\r\n",
    "=HYPERLINK(\"http://evil.example\")", "+31 6", "-1", "@SUM(A1)", "0", "-0", "1e309",
    "NaN", "Infinity", "9" * 30, "9" * 5000, "²", "٣", "2147483648", "-2147483649",
    "2025-02-30", "0000-00-00", "9999-12-31", "31-12-2025", "25:99", "24:00", "mon", "maandag",
    "ja", "nee", "approve", "reject", "landelijk", "../../etc/passwd", "%00", "' OR 1=1 --",
    "x" * 300, "x" * 20_000, "a@b", "@", "ünïcödé@exämple.org", "true", "on", "[]", "{}",
)  # fmt: skip

FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
VALUE = re.compile(r'\bvalue="([^"]*)"')


def form_fields(page: str) -> list[str]:
    """The names of the form fields on ``page`` (the CSRF token excluded), in order."""
    names = dict.fromkeys(FIELD_NAME.findall(page))
    return [name for name in names if not name.endswith("csrf_token")]


def offered_values(page: str) -> list[str]:
    """Every ``value="…"`` on the page: option codes, ids, what the form pre-fills."""
    return sorted(set(VALUE.findall(page)) - {""})[:200]


def one_value(offered: list[str]) -> st.SearchStrategy[str]:
    choices = [
        st.sampled_from(MARKUP),
        st.sampled_from(NASTY),
        st.text(max_size=80),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates().map(str),
    ]
    if offered:
        choices.append(st.sampled_from(offered))
    return st.one_of(choices)


def field_values(names: list[str], offered: list[str]) -> st.SearchStrategy[dict]:
    """For each field: missing, one hostile value, or the field repeated; plus a stray field."""
    value = one_value(offered)
    per_field = st.one_of(st.none(), value, st.lists(value, min_size=2, max_size=3))
    known = st.fixed_dictionaries({name: per_field for name in names})
    stray = st.dictionaries(
        st.sampled_from(["extra", "id", "role", "region_id"]), value, max_size=1
    )
    return st.builds(
        lambda a, b: {k: v for k, v in {**b, **a}.items() if v is not None}, known, stray
    )


def sent_markup(data: dict) -> list[str]:
    """The markup payloads among the values sent."""
    values = [v for value in data.values() for v in (value if isinstance(value, list) else [value])]
    return [value for value in values if value in MARKUP]
