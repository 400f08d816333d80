import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.managers import UserManager


class User(AbstractUser):
    """A person using the platform.

    Staff, teachers and editors log in with their e-mail address. The e-mail is optional in the
    database so that pupils can have an account without one; ``public_id`` is the opaque id used
    wherever a learner must be named outside the platform (xAPI actors, exports).
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email or str(self.public_id)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email or _("learner")
