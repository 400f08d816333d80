"""The ZIP that "Mijn gegevens" downloads: one JSON file per kind and a summary a person can read."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.export import PersonalData

SUMMARY_NAME = "overzicht.html"
KIND_LABELS = {
    "account": _("Account"),
    "memberships": _("Organisations, invitations and assignments"),
    "classes": _("Classes"),
    "enrolments": _("Courses"),
    "progress": _("Progress per lesson"),
    "quiz_answers": _("Quiz attempts and answers"),
    "h5p_statements": _("Exercises: what you did"),
    "h5p_results": _("Exercises: results"),
    "h5p_state": _("Exercises: saved state"),
    "certificates": _("Certificates"),
    "audit_entries": _("Log entries about you or by you"),
}


def _sections(data: PersonalData) -> list[dict]:
    sections = []
    for kind, rows in data.kinds.items():
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sections.append(
            {
                "kind": kind,
                "label": KIND_LABELS.get(kind, kind),
                "columns": columns,
                "rows": [[_cell(row.get(column)) for column in columns] for row in rows],
            }
        )
    return sections


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)[:500]
    return str(value)


def personal_data_zip(*, data: PersonalData, request=None) -> bytes:
    buffer = io.BytesIO()
    made_at = timezone.now()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind, rows in data.kinds.items():
            body = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(f"{kind}.json", body)
        summary = render_to_string(
            "privacy/export_summary.html", {"sections": _sections(data), "made_at": made_at}, request=request
        )
        archive.writestr(SUMMARY_NAME, summary)
    return buffer.getvalue()
