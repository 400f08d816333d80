"""What a person is told when single sign-on refuses them. Module constants, so tests can assert them."""

from django.utils.translation import gettext_lazy as _

SSO_REPLAYED = _(
    "This sign-in link was already used or does not belong to this browser. Start signing in again; nothing was "
    "changed."
)
SSO_WRONG_ISSUER = _(
    "The sign-in came from another identity provider than the one your organisation set up. Nothing was changed."
)
SSO_WRONG_AUDIENCE = _("The sign-in was meant for another application than Signaal. Nothing was changed.")
SSO_EXPIRED = _("The sign-in took too long and has expired. Start signing in again; nothing was changed.")
SSO_INVALID_TOKEN = _("Your organisation's sign-in could not be checked. Try again; nothing was changed.")
SSO_EMAIL_MISSING = _("Your organisation's sign-in gave no e-mail address. Ask your IT department to send it.")
SSO_EMAIL_UNVERIFIED = _(
    "Your organisation's sign-in did not confirm that the e-mail address is yours, so Signaal cannot use it. "
    "Nothing was created. Ask your IT department to send a verified address."
)
SSO_DOMAIN_NOT_OURS = _(
    "Your e-mail address does not belong to the organisation you signed in with. Nothing was changed."
)
SSO_NOT_INVITED = _(
    "You are not a member of %(organisation)s in Signaal yet, and it admits only people it invited. Ask your "
    "coordinator for an invitation. Nothing was created."
)
SSO_ACCOUNT_DISABLED = _("This Signaal account is switched off. Ask your coordinator.")
SSO_PROVIDER_UNREACHABLE = _(
    "Your organisation's sign-in service cannot be reached right now. Try again in a few minutes."
)
SSO_ACCESS_ENDED = _("Your organisation has ended your access to Signaal, so you were logged out.")
SSO_UNKNOWN_DOMAIN = _(
    "No organisation signs in %(domain)s addresses through its own account. Log in with your e-mail address and "
    "password instead."
)
PASSWORD_LOGIN_OFF = _(
    "%(organisation)s signs you in with its own account. Choose “Sign in with your organisation” below."
)
DOMAIN_TAKEN = _(
    "The domain %(domain)s already signs in through %(organisation)s. A domain can belong to one organisation "
    "only; ask the platform administrator if this is wrong."
)
SSO_CONNECT_REFUSED = _(
    "Your organisation's account is linked by signing in with it (“Sign in with your organisation”), not from here."
)
