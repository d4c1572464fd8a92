"""Suite-wide settings: hypothesis profiles.

The ``ci`` profile (chosen when ``CI=true``) keeps property tests few but
meaningful so the whole suite stays well inside CI's time; ``dev`` explores more.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
