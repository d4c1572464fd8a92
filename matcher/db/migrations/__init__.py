"""Alembic migrations for Koppel's schema; packaged so the wheel carries them."""
