from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .demo_accounts import demo_accounts_refused, is_demo_email

User = get_user_model()


class RegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
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

    def get_invalid_login_error(self):
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        user = User.objects.filter(email__iexact=email.strip()).first()
        if (
            user is not None
            and not user.email_verified
            and not user.is_active
            and user.check_password(password)
        ):
            return forms.ValidationError(
                self.error_messages["unverified"], code="unverified"
            )
        return super().get_invalid_login_error()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
