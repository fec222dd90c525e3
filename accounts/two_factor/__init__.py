"""Two-factor sign-in: a code from an authenticator app (TOTP) after the password,
recovery codes for a lost phone, a workspace rule that every member uses it, and
an admin that only staff who passed it can open.

The devices, their secrets, codes and throttling are django-otp's (its TOTP and
static-token plugins); this package adds the pages, the step after the password
and the rules of who must use it.
"""
