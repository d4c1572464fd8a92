"""Safeguarding: a volunteer's concern about a pupil reaches the school's designated
contact (aandachtsfunctionaris) and the region's coordinators fast, and is kept apart,
minimal and short-lived. A concern never ends a match."""
