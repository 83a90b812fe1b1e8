from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kernel.limits import EMAIL_MAX_LENGTH

from .backends import awaits_confirmation
from .demo_accounts import demo_accounts_refused, is_demo_email

User = get_user_model()


class RegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=User.Language.choices
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(
                email=cleaned.get("email", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class DemoAccountRefusalMixin:
    """For login forms: on a production site a demonstration account is told
    why it cannot log in, before its password is even checked (the addresses
    and their password are public). The backend refuses it anyway."""

    demo_account_message = _(
        "Demonstration accounts cannot log in to this site: they exist only on "
        "development copies of the portal, to try it out."
    )

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if demo_accounts_refused() and is_demo_email(username):
            raise forms.ValidationError(self.demo_account_message, code="demo_account")
        return username


class LoginForm(DemoAccountRefusalMixin, AuthenticationForm):
    """Log in by e-mail; tells an unconfirmed account what to do."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong e-mail address or password."),
        "unverified": _(
            "Please confirm your e-mail address first: open the link we sent you "
            "when you registered."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        bound_address_length(self.fields["username"])

    def confirm_login_allowed(self, user):
        refuse_unconfirmed(self, user)
        super().confirm_login_allowed(user)


def bound_address_length(field) -> None:
    """AuthenticationForm gives the field its max_length once it is built, so
    Django never checks it: an address of any length reached the database (on
    SQLite, a pattern past 50,000 bytes is a server error)."""
    field.max_length = EMAIL_MAX_LENGTH
    field.widget.attrs["maxlength"] = EMAIL_MAX_LENGTH
    field.validators.append(
        MaxLengthValidator(
            EMAIL_MAX_LENGTH,
            message=_(
                "An e-mail address has at most %(limit_value)d characters "
                "(this one has %(show_value)d)."
            ),
        )
    )


def refuse_unconfirmed(form, user) -> None:
    """The right password of an account whose address is not confirmed yet
    (see concertation.backends): say what to do, and do not log in."""
    if awaits_confirmation(user):
        raise forms.ValidationError(
            form.error_messages["unverified"], code="unverified"
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
