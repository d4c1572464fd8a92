"""The code of conduct volunteers accept before they are matched: its current version.

A volunteer's acceptance counts for the version they read; when the text changes in a
way that matters, the version moves on and every volunteer accepts the new text before
they enter matching again. The text itself is a page of the web app.

>>> CURRENT_VERSION
'2026-12'
"""

from __future__ import annotations

CURRENT_VERSION = "2026-12"
