"""Media in two places: public files (Wagtail images) and private ones (certificate PDFs, H5P packages and their
extracted files, Wagtail documents).

``MediaStorage`` is the default storage. It sends every name under ``PRIVATE_MEDIA_PREFIXES`` to the ``private``
storage and everything else to the ``public`` one, so the apps keep using ``default_storage`` and their
``FileField``s as they are. Private files reach a browser only through the platform's own views (the H5P
sandbox, the certificate download, Wagtail's document view), which check who may see them; their ``url()``
is a signed link that expires after ``S3_PRIVATE_URL_SECONDS`` on object storage.

Both storages come from the environment (``elearning/settings/base.py``): S3 or any S3-compatible service when
``S3_BUCKET`` is set, otherwise the local disk.
"""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


def is_private(name: str) -> bool:
    name = str(name).lstrip("/")
    return any(name.startswith(prefix) for prefix in settings.PRIVATE_MEDIA_PREFIXES)


@deconstructible(path="elearning.storage.MediaStorage")
class MediaStorage(Storage):
    """The default storage: routes each name to the ``public`` or the ``private`` storage by its prefix."""

    def backend(self, name: str) -> Storage:
        return storages["private" if is_private(name) else "public"]

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        return self.backend(name).save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self.backend(name).open(name, mode)

    def _save(self, name, content):  # save() above hands the whole job to the chosen storage
        return self.backend(name).save(name, content)

    def get_valid_name(self, name):
        return self.backend(name).get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend(filename).generate_filename(filename)

    def delete(self, name):
        return self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def listdir(self, path):
        return self.backend(path if str(path).endswith("/") else f"{path}/").listdir(path)

    def size(self, name):
        return self.backend(name).size(name)

    def url(self, name):
        return self.backend(name).url(name)

    def path(self, name):
        return self.backend(name).path(name)

    def get_accessed_time(self, name):
        return self.backend(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)


def storages_from_environment(env) -> dict:
    """``STORAGES["public"]`` and ``STORAGES["private"]`` from the environment (see the README's deploy section)."""
    bucket = env("S3_BUCKET", default="")
    if not bucket:
        private_root = env("PRIVATE_MEDIA_ROOT", default="")
        return {
            # No location: they follow MEDIA_ROOT, also when a test changes it.
            "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": private_root, "base_url": None} if private_root else {},
            },
        }
    common = {
        "bucket_name": bucket,
        "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
        "region_name": env("S3_REGION", default="") or None,
        "access_key": env("S3_ACCESS_KEY_ID", default="") or None,  # empty: the instance's role or environment
        "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
        "file_overwrite": False,
        "addressing_style": env("S3_ADDRESSING_STYLE", default="") or None,  # "path" for most S3-compatibles
        "signature_version": "s3v4",
    }
    public_acl = env("S3_PUBLIC_ACL", default="public-read")  # empty: the bucket policy decides
    return {
        "public": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": env("S3_PUBLIC_LOCATION", default="public"),
                "default_acl": public_acl or None,
                "querystring_auth": False,
                "custom_domain": env("S3_CUSTOM_DOMAIN", default="") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": env("S3_PRIVATE_BUCKET", default="") or bucket,
                "location": env("S3_PRIVATE_LOCATION", default="private"),
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": env.int("S3_PRIVATE_URL_SECONDS", default=300),
                "custom_domain": None,  # a CDN domain cannot carry S3's signature
            },
        },
    }
