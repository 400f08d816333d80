"""Every message a rejected package can produce: one human-readable line, naming the file where that applies.

English source strings; Dutch lives in the project's locale. Tests assert on these constants.
"""

from django.utils.translation import gettext_lazy as _

NOT_A_ZIP = _("This is not a valid .h5p file: it is not a zip archive.")
TOO_MANY_ENTRIES = _("The package holds more than %(limit)s files.")
FILE_TOO_LARGE = _("%(file)s is larger than the limit of %(limit)s bytes.")
TOTAL_TOO_LARGE = _("The package unpacks to more than the limit of %(limit)s bytes.")
RATIO_TOO_HIGH = _("%(file)s is compressed more than %(limit)s times; this looks like a zip bomb.")
PATH_TRAVERSAL = _("%(file)s points outside the package (“..” in its path).")
PATH_ABSOLUTE = _("%(file)s has an absolute path or a drive letter.")
PATH_BACKSLASH = _("%(file)s has a backslash in its path.")
PATH_CONTROL_CHARACTER = _("%(file)s has a control character in its name.")
PATH_EMPTY_PART = _("%(file)s has an empty or “.” part in its path.")
SYMLINK = _("%(file)s is a symbolic link; links are not allowed.")
DUPLICATE_NAME = _("%(file)s occurs more than once in the package.")
ENCRYPTED = _("%(file)s is encrypted; encrypted packages are not allowed.")
UNSUPPORTED_COMPRESSION = _("%(file)s uses a compression method that is not supported.")
CORRUPT_ENTRY = _("%(file)s is damaged (checksum or header error).")
EXTENSION_NOT_ALLOWED = _("%(file)s has a file type that is not allowed in an H5P package.")
UNEXPECTED_ROOT_FILE = _("%(file)s is outside the content and library folders.")
CONTENT_MISMATCH = _("%(file)s does not contain what its extension says.")
SVG_SCRIPT = _("%(file)s is an SVG image that carries script; that is not allowed.")
SVG_INVALID = _("%(file)s is not a valid SVG image.")
H5P_JSON_MISSING = _("The package has no h5p.json.")
JSON_INVALID = _("%(file)s is not valid JSON.")
JSON_NOT_OBJECT = _("%(file)s does not hold a JSON object.")
FIELD_MISSING = _("%(file)s lacks the required field “%(field)s”.")
DEPENDENCY_INVALID = _("%(file)s lists a dependency without machineName, majorVersion and minorVersion.")
MAIN_LIBRARY_NOT_PRELOADED = _("h5p.json: the main library %(library)s is not among the preloaded dependencies.")
CONTENT_JSON_MISSING = _("The package has no content/content.json.")
LIBRARY_MISSING = _("The package lacks the library %(library)s (%(file)s).")
LIBRARY_JSON_INVALID = _("%(file)s is not valid JSON (library %(library)s).")
LIBRARY_JSON_MISMATCH = _("%(file)s does not match its folder %(library)s.")
PRELOADED_FILE_MISSING = _("%(file)s is listed in the library.json of %(library)s but is missing from the package.")
