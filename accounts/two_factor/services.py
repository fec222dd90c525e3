"""Turning two-factor sign-in on and off, recovery codes, and checking a code.

A user's devices are django-otp's: one TOTPDevice (their authenticator app) and
one StaticDevice whose tokens are their recovery codes. The app's device is made
unconfirmed and confirmed only once its owner types a code from it, so a setup
left halfway never asks anyone for codes. django-otp refuses a TOTP code at or
before the last one accepted (no reuse within its window), deletes a recovery
code once used, and slows down guesses on each device; the code step also counts
wrong codes per account (throttling.py).
"""

from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User, Workspace
from accounts.two_factor import codes

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


@dataclass(frozen=True)
class CodeCheck:
    """The device that accepted a code (None if it was refused), and whether it
    was refused unchecked because the device is waiting after wrong codes."""

    device: Device | None
    must_wait: bool = False

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def start_setup(*, user: User) -> TOTPDevice:
    """A new, unconfirmed app device with a fresh secret (a restarted setup
    replaces the one before)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def setup_in_progress(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).last()


def confirm_setup(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Confirm `device` with a code from it (then its owner needs new recovery
    codes)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(device=None, must_wait=True)
        if not device.verify_token(codes.normalise(code)):
            return CodeCheck(device=None)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return CodeCheck(device=device)


def replace_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes for `user`; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    new_codes = [
        StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in new_codes
    )
    return new_codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def turn_off(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def check_code(*, user: User, code: str) -> CodeCheck:
    """Check a code typed by `user` against the one device its shape names (six
    digits: the app; else the recovery codes), so that a wrong code counts
    against that device only, as django-otp advises."""
    code = codes.normalise(code)
    model = TOTPDevice if codes.is_app_code(code) else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return CodeCheck(device=None)
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(device=None, must_wait=True)
    return CodeCheck(device=django_otp.verify_token(user, device.persistent_id, code))


def set_requirement(*, workspace: Workspace, required: bool) -> None:
    workspace.require_two_factor = required
    workspace.save(update_fields=["require_two_factor"])
