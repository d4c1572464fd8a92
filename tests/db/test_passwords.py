"""Passwords are stored as Argon2id hashes and checked against them."""

from matcher.accounts.passwords import hash_password, needs_rehash, verify_password


def test_a_hashed_password_verifies_and_a_wrong_one_does_not():
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "Correct horse battery staple")
    assert not needs_rehash(stored)


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("same") != hash_password("same")


def test_an_account_without_or_with_a_broken_hash_never_verifies():
    assert not verify_password(None, "")
    assert not verify_password("", "anything")
    assert not verify_password("not-a-hash", "anything")
