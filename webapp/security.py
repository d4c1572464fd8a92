"""Security headers on every response, NUL-free input and safe redirect targets."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request

# No inline script or style anywhere: every asset comes from /static.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def init_app(app: Flask) -> None:
    """Attach the headers to every response the app sends, error pages included."""
    production = app.config["KOPPEL_ENV"] == "production"

    @app.before_request
    def refuse_nul_characters() -> None:
        # No text anyone types contains NUL, and PostgreSQL refuses to store it: a
        # request carrying one gets the plain "bad request" page, never a 500.
        fields = (*request.args.items(multi=True), *request.form.items(multi=True))
        if any("\x00" in key or "\x00" in value for key, value in fields):
            abort(400)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if production:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Pages may show personal data (and every page shows who is signed in), so
        # nothing but static assets may be kept by browsers or proxies.
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else ``None``.

    Refuses absolute URLs, scheme-relative ``//host`` and the ``/\\host`` form that
    browsers treat as ``//host``, and anything with control characters.
    """
    if not target or not target.startswith("/"):
        return None
    if any(ord(char) < 32 or char == "\\" for char in target):
        return None
    if target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
