"""Two-factor helpers for tests: give someone an authenticator app, compute the
codes it would show (with django-otp's own TOTP), log in with a verified session."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def give_app(user: User) -> TOTPDevice:
    """A confirmed authenticator app for `user`."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app")


def code_for(device: TOTPDevice, *, steps_from_now: int = 0) -> str:
    """The code `device`'s app shows now, or `steps_from_now` periods away."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_from_now * device.step
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str) -> str:
    """The code an app set up by typing `secret` (base32, spaced) shows now."""
    from base64 import b32decode

    key = secret.replace(" ", "")
    key += "=" * (-len(key) % 8)
    totp = TOTP(b32decode(key))
    return f"{totp.token():06d}"


def force_verified_login(client: Client, user: User) -> TOTPDevice:
    """Log `user` in as if they had given a code from their (new) app, as the
    admin requires of staff."""
    device = give_app(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
