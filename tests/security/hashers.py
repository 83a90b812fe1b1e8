"""The suite's fast hasher, counting how many passwords it hashes."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    """Every hash (making a password, checking one) goes through ``encode``."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)
