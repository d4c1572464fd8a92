"""Data files shipped with the package: the table of Dutch four-digit postcodes with
their centroids (read with ``importlib.resources`` by :mod:`matcher.shared.postcodes`)."""
