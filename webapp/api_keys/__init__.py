"""The page where a school contact or coordinator makes, reads and revokes API tokens.

A web page with a session and CSRF, apart from the API itself (``webapp.api``), which
knows tokens only. It asks what the web asks of the role: a school contact's password,
a coordinator's password and second factor (``MANAGE_OWN_API_TOKENS``).
"""

from flask import Blueprint

bp = Blueprint("api_keys", __name__)

from webapp.api_keys import views  # noqa: E402,F401  (registers the routes on bp)
