"""What a typed code is, and how secrets and recovery codes are shown: pure rules,
the standard library only.

An authenticator app shows six digits. A recovery code is django-otp's static
token: eight characters of lowercase base32 (a-z, 2-7). People copy codes with
spaces, dashes and capitals, so both are compared once those are taken out; the
two shapes never overlap, so a code goes to one kind of device only.
"""

import re
from base64 import b32encode

APP_CODE = re.compile(r"[0-9]{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
# Spaces (of any kind) and dashes that people type or paste between groups.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
# Longer than any code with separators; the form field's limit.
MAX_TYPED_LENGTH = 32


def normalise(typed: str) -> str:
    """The code without separators, in lower case."""
    return SEPARATORS.sub("", typed).lower()


def is_app_code(code: str) -> bool:
    return APP_CODE.fullmatch(code) is not None


def is_recovery_code(code: str) -> bool:
    return RECOVERY_CODE.fullmatch(code) is not None


def grouped(text: str, size: int = 4) -> str:
    """`text` in groups of `size`, easier to read out and type."""
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def secret_for_typing(hex_key: str) -> str:
    """The key authenticator apps ask for when it is typed, not scanned: the
    device's hex key in base32 without padding, in groups of four."""
    return grouped(b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("="))


def recovery_codes_text(codes: list[str], *, account: str, site: str) -> str:
    """The downloadable file of recovery codes: plain text a person can print."""
    lines = [
        f"Recovery codes for {account} at {site}",
        "",
        "Each code lets you sign in once if you can't use your authenticator app.",
        "Keep them somewhere safe, away from your phone.",
        "",
        *(grouped(code) for code in codes),
        "",
    ]
    return "\n".join(lines)
