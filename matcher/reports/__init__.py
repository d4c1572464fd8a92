"""What coordinators read about their regions: the dashboard figures, filtered lists
and their CSV export.

Read-only; may import every context below it.
"""
