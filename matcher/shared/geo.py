"""Great-circle distance, as rule 7 of the matching contract defines it."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km between points given in degrees (scalars or arrays).

    One formula for candidate generation, explanations and tests, so a distance
    exactly at a volunteer's limit is judged the same everywhere.

    >>> round(float(haversine_km(52.0907, 5.1214, 52.3676, 4.9041)), 1)
    34.2
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = np.radians(np.subtract(lon2, lon1)) / 2
    a = np.sin(half_dphi) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
