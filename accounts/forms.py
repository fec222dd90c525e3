from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
)
from django.template.loader import render_to_string

from accounts import throttling
from accounts.models import Membership, TeamInvite, User
from core import ratelimit
from core.tasks import enqueue_after_commit, send_email

TOO_MANY_ATTEMPTS = (
    "Too many failed attempts. For your safety, logging in is paused for a while; "
    "try again in 15 minutes or reset your password."
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
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in or reset your "
                "password instead."
            )
        return email


class ThrottledLoginMixin:
    """Refuse to check passwords after too many failures for the account or the
    address, and count each failure."""

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        address = ratelimit.client_address(self.request)
        if throttling.login_blocked(email=email, address=address):
            raise forms.ValidationError(TOO_MANY_ATTEMPTS, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.record_login_failure(email=email, address=address)
            raise
        throttling.clear_login_failures(email=email)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email sent from the task worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = render_to_string(subject_template_name, context)
        enqueue_after_commit(
            send_email,
            to=[to_email],
            subject=" ".join(subject.split()),
            body=render_to_string(email_template_name, context),
        )


class WorkspaceForm(forms.Form):
    name = forms.CharField(label="Name of your practice", max_length=120)


class TeamInviteForm(forms.Form):
    email = forms.EmailField(
        label="Teammate's email",
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
