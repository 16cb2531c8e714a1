"""Passwords are argon2-hashed; tokens are random, recognisable, and stored as SHA-256."""

from __future__ import annotations

import hashlib

from pactmap.api.security import (
    check_password_strength,
    hash_password,
    hash_token,
    new_token,
    verify_password,
)


def test_a_password_hash_verifies_only_its_password() -> None:
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse battery!")


def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("same password") != hash_password("same password")


def test_an_empty_or_foreign_hash_never_verifies() -> None:
    assert not verify_password("", "")
    assert not verify_password("not-a-hash", "anything")


def test_new_tokens_are_prefixed_unique_and_returned_with_their_sha256() -> None:
    plaintext, token_hash = new_token()
    other, _ = new_token()
    assert plaintext.startswith("pm_")
    assert len(plaintext) >= 40  # 32 random bytes in url-safe base64
    assert plaintext != other
    # the stored hash is the SHA-256 hex digest of the token (hashlib as the reference)
    assert token_hash == hashlib.sha256(plaintext.encode()).hexdigest() == hash_token(plaintext)


def test_weak_passwords_are_named() -> None:
    assert check_password_strength("short") is not None
    assert check_password_strength("aaaaaaaaaaaa") is not None
    assert check_password_strength("a long enough passphrase") is None
