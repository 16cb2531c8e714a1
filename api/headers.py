"""Security headers on every HTTP response (issue 13).

The web UI and the GraphQL explorer load their scripts from files (no inline script), so the
Content-Security-Policy allows scripts from this origin only. ``frame-ancestors 'none'``
(and ``X-Frame-Options: DENY`` for older browsers) forbid framing; HSTS is sent when the
request came over HTTPS or cookies are Secure (``PACTMAP_COOKIE_SECURE``, on in production).
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # style attributes set by the UI's code
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",  # fetch and the subscriptions' WebSocket, same origin
        "worker-src 'self' blob:",  # the map's layout runs in a worker built from a blob
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = b"max-age=31536000; includeSubDomains"

SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def add_security_headers(
    headers: list[tuple[bytes, bytes]], *, secure: bool
) -> list[tuple[bytes, bytes]]:
    """``headers`` with every security header the response did not set itself."""
    names = {name.lower() for name, _ in headers}
    wanted = [*SECURITY_HEADERS, *([(b"strict-transport-security", HSTS)] if secure else [])]
    return headers + [(name, value) for name, value in wanted if name not in names]
