"""Koppel's web application: Flask app factory, blueprints, forms, templates and mail."""
