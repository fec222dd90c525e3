from django import forms

from accounts.models import User, Workspace
from accounts.two_factor import codes

CODE_SHAPE = (
    "Enter the 6 digits your authenticator app shows, or one of your recovery "
    "codes (8 letters and numbers)."
)
APP_CODE_SHAPE = "Enter the 6 digits your authenticator app shows."


def code_input() -> forms.TextInput:
    # "one-time-code" lets phones offer the code; no capitals or spell checks.
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
        }
    )


class CodeForm(forms.Form):
    """A code from the app, or a recovery code; the view checks it."""

    code = forms.CharField(
        label="Code",
        max_length=codes.MAX_TYPED_LENGTH,
        help_text=(
            "The 6-digit code your authenticator app shows now. No phone at hand? "
            "Enter one of your recovery codes instead."
        ),
        widget=code_input(),
    )

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if not (codes.is_app_code(code) or codes.is_recovery_code(code)):
            raise forms.ValidationError(CODE_SHAPE, code="shape")
        return code


class ConfirmSetupForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=codes.MAX_TYPED_LENGTH,
        help_text="After scanning, your app shows a 6-digit code. Type it here.",
        widget=code_input(),
    )

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if not codes.is_app_code(code):
            raise forms.ValidationError(APP_CODE_SHAPE, code="shape")
        return code


class PasswordCheckMixin:
    """A form's `password` field, checked against the `user=` it was made for."""

    refusal = "That isn't your password."

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(self.refusal, code="password")
        return password


class TurnOffForm(PasswordCheckMixin, CodeForm):
    """Turning two-factor off asks for the password and a code."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Workspace
        fields = ["require_two_factor"]
        labels = {"require_two_factor": "Require two-factor sign-in for everyone here"}
        help_texts = {
            "require_two_factor": (
                "Anyone who hasn't turned it on is taken to set it up before they "
                "can open any page of this workspace."
            )
        }

    def __init__(self, *args, owner_has_two_factor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_has_two_factor = owner_has_two_factor

    def clean_require_two_factor(self) -> bool:
        required = self.cleaned_data["require_two_factor"]
        if required and not self.owner_has_two_factor:
            raise forms.ValidationError(
                "Turn on two-factor sign-in for your own account first, so this "
                "rule can't lock you out.",
                code="owner_first",
            )
        return required
