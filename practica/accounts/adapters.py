import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.html import strip_tags

from practica.accounts.forms import INVITATION_SESSION_KEY
from practica.accounts.models import RegisterEntry
from practica.accounts.services.members import complete_signup
from practica.core.outbox import enqueue_email


def axes_username(request, credentials):
    """django-axes locks out by the address people sign in with; allauth passes it as `email`."""
    credentials = credentials or {}
    return (credentials.get("email") or credentials.get("login") or credentials.get("username") or "").lower()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # The sign-up form itself decides: only people on the register, or holding an invitation, get through.
        return True

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"].strip()
        user.save()
        complete_signup(
            user=user,
            register_entry=getattr(form, "register_entry", None),
            invitation=getattr(form, "invitation", None),
        )
        request.session.pop(INVITATION_SESSION_KEY, None)
        return user

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (address verification, password reset ...) go through the outbox like every other,
        rendered from allauth's templates as they are; only the sending moves to the worker."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        text = message.body
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        if message.content_subtype == "html":
            text, html = strip_tags(message.body), message.body
        user = context.get("user")
        with transaction.atomic():
            # Each request is its own e-mail (two password resets send two), so the key is fresh every time.
            enqueue_email(
                key=f"account:{template_prefix}:{uuid.uuid4().hex}",
                to=email,
                subject=message.subject,
                text=text,
                html=html,
                recipient=user if getattr(user, "pk", None) else None,
                category="account:" + template_prefix.rsplit("/", 1)[-1],
            )

    def build_absolute_uri(self, request, location, protocol=None):
        # Links in e-mails come from the configured site URL, never from the Host header.
        return settings.SITE_URL + location


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: people are matched on the provider's subject identifier (allauth's uid), never on
    e-mail alone; claims keep the register up to date."""

    def is_open_for_signup(self, request, sociallogin):
        return self._register_entry_for(sociallogin) is not None

    def _register_entry_for(self, sociallogin):
        number = str(sociallogin.account.extra_data.get(settings.SSO_MEMBERSHIP_NUMBER_CLAIM, "") or "").strip()
        if not number:
            return None
        return RegisterEntry.objects.filter(membership_number__iexact=number).first()

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            self._refresh_expiry(sociallogin)

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        claims = sociallogin.account.extra_data
        user.display_name = str(claims.get("name") or claims.get("given_name") or user.email.split("@")[0])[:120]
        user = super().save_user(request, sociallogin, form)
        entry = self._register_entry_for(sociallogin)
        if entry is not None and entry.user_id is None:
            complete_signup(user=user, register_entry=entry, invitation=None)
        self._refresh_expiry(sociallogin)
        return user

    @staticmethod
    def _refresh_expiry(sociallogin):
        raw = sociallogin.account.extra_data.get(settings.SSO_MEMBERSHIP_EXPIRY_CLAIM)
        expires_on = parse_date(str(raw)) if raw else None
        user = sociallogin.user
        if expires_on and user.pk and user.membership_expires_on != expires_on:
            user.membership_expires_on = expires_on
            user.save(update_fields=["membership_expires_on"])
            RegisterEntry.objects.filter(user=user).update(expires_on=expires_on)
