"""Authentication of REST API clients by personal token (``Authorization: Bearer rvm_…``)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """The token acts as its user; ``request.auth`` is the token (its scope decides writes)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”, without spaces."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from exc
        token = api_token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid: unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: HTTP bearer."""

    target_class = ApiTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "A personal API token, created in your profile (or by the secretariat): "
                "`Authorization: Bearer rvm_…`. It acts as you, with your role and State."
            ),
        }
