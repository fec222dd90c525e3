"""Single-use link tokens: random, at least 128 bits, stored only as a SHA-256."""

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits of randomness, well above the 128-bit floor.


def new_token() -> tuple[str, str]:
    """Return (raw token for the link, hash to store)."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
