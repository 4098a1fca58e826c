"""Single sign-on with OpenID Connect (e.g. Microsoft Entra ID), when configured.

Users are matched on the identity provider's stable subject: Entra ID's object id
(`oid`), or the standard `sub` where there is no `oid`. E-mail is never used to match,
because an address can move to another person. A first sign-in creates an account with
no role; an administrator then gives it one (until then every staff page says so)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import ExternalIdentity


def subject_of(claims: dict) -> str:
    return str(claims.get("oid") or claims.get("sub") or "")


class SubjectMatchingBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID gives `oid` only in the verified ID token, not from /userinfo: start
        # from the token's claims and let /userinfo add names and e-mail, never replace
        # the identifiers.
        claims = dict(payload)
        if self.get_settings("OIDC_OP_USER_ENDPOINT", ""):
            extra = super().get_userinfo(access_token, id_token, payload)
            claims.update({k: v for k, v in extra.items() if k not in ("oid", "sub")})
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(subject_of(claims))

    def filter_users_by_claims(self, claims):
        subject = subject_of(claims)
        if not subject:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(external_identities__subject=subject, is_active=True)

    @transaction.atomic
    def create_user(self, claims):
        user_model = get_user_model()
        username = _free_username(
            claims.get("preferred_username") or claims.get("upn") or subject_of(claims)
        )
        user = user_model.objects.create_user(username=username, email=claims.get("email", ""))
        user.set_unusable_password()
        _copy_names(user, claims)
        user.save()
        ExternalIdentity.objects.create(user=user, subject=subject_of(claims))
        return user

    def update_user(self, user, claims):
        _copy_names(user, claims)
        if claims.get("email"):
            user.email = claims["email"]
        user.save(update_fields=["first_name", "last_name", "email"])
        return user


def _copy_names(user, claims: dict) -> None:
    user.first_name = (claims.get("given_name") or "")[:150]
    user.last_name = (claims.get("family_name") or "")[:150]


def _free_username(wanted: str) -> str:
    user_model = get_user_model()
    base = wanted[:140] or "sso-user"
    candidate, n = base, 1
    while user_model.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
