"""Secrets at rest: argon2 password hashes, and API / session tokens stored as SHA-256 hashes.

A token is shown once (``pm_`` + 43 url-safe characters, 256 bits of randomness) and only its
hash is kept, so a leaked database does not leak usable tokens. SHA-256 suffices for tokens (they
are random, unlike passwords) and lets a store find one by its hash.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "pm_"  # noqa: S105 - a prefix, not a secret
SESSION_PREFIX = "pms_"
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted, with the library's recommended costs)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; False for an empty or unreadable hash."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def hash_token(plaintext: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def new_token(prefix: str = TOKEN_PREFIX) -> tuple[str, str]:
    """A fresh token and its hash: ``(plaintext, hash_token(plaintext))``."""
    plaintext = prefix + secrets.token_urlsafe(32)
    return plaintext, hash_token(plaintext)


def check_password_strength(password: str) -> str | None:
    """Why ``password`` is too weak to accept, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password has at least {MIN_PASSWORD_LENGTH} characters"
    if len(set(password)) < 4:
        return "a password uses at least 4 different characters"
    return None
