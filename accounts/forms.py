from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
)
from django.core.exceptions import NON_FIELD_ERRORS

from accounts import emails, throttling
from accounts.models import Membership, TeamInvite, User
from accounts.two_factor.forms import PasswordCheckMixin
from core import ratelimit

TOO_MANY_ATTEMPTS = (
    "Too many failed attempts to log in to this account from here. For its "
    "safety, logging in to it from here is paused for 15 minutes. You can still "
    "log in from a device you have used before, or reset your password, which "
    "lifts the pause."
)


class SignUpForm(BaseUserCreationForm):
    workspace_name = forms.CharField(
        label="Name of your practice",
        max_length=120,
        help_text="You can change it later. Teammates you invite will see it.",
    )

    class Meta:
        model = User
        fields = ("name", "email")
        labels = {"name": "Your name"}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        """An address that has an account is not refused here: the page must
        not tell who has one. services.request_signup emails its owner
        instead. (The address is the user's only unique field.)"""

    def validate_constraints(self) -> None:
        """As validate_unique: the user's constraints are about the address."""


class SignupConfirmForm(PasswordCheckMixin, forms.Form):
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="The one you chose when you signed up.",
    )
    refusal = (
        "That is not the password chosen at signup. If someone else signed up with "
        "your address, sign up again: the newest link is the one that works."
    )


class ThrottledLoginMixin:
    """Refuse to check passwords after too many failures for the account from
    this address (or on known devices), and count each failure
    (accounts/throttling.py)."""

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        attempt = {
            "email": email,
            "address": ratelimit.client_address(self.request),
            "known_device": throttling.is_known_device(self.request, email),
        }
        if throttling.login_blocked(**attempt):
            raise forms.ValidationError(TOO_MANY_ATTEMPTS, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.record_login_failure(**attempt)
            raise
        throttling.clear_login_failures(**attempt)
        return cleaned

    @property
    def throttled(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="throttled")


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email sent through the outbox."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        emails.send_password_reset(user=context["user"], context=context)


class WorkspaceForm(forms.Form):
    name = forms.CharField(label="Name of your practice", max_length=120)


class TeamInviteForm(forms.Form):
    email = forms.EmailField(
        label="Teammate's email",
        max_length=TeamInvite._meta.get_field("email").max_length,
        help_text="We'll email them a link that works once and expires in 7 days.",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            workspace=self.workspace, user__email__iexact=email
        ).exists():
            raise forms.ValidationError("This person is already in your workspace.")
        if (
            TeamInvite.objects.for_workspace(self.workspace)
            .pending()
            .filter(email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError(
                "An invite to this address is still waiting to be accepted."
            )
        return email
