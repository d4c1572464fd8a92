"""A region around Utrecht for the volunteer tests."""

from tests.volunteers.volunteer_helpers import utrecht  # noqa: F401 - the fixture
