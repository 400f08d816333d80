"""Writes of the H5P engine: activities (upload, replace, delete) and saved state.

Package services are not decorated with ``@transaction.atomic`` as a whole: files are written to
storage *outside* the database transaction, and removed again if anything fails, so a rejected or
failed import leaves neither a row nor a file. Old files are removed only after the commit.
"""

import json
import uuid
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from h5p.models import H5PActivity, H5PContentState, H5PResult, H5PStatement
from h5p.signals import result_recorded
from h5p.storage import content_prefix, tree_delete, tree_extract
from h5p.structure import CONTENT_JSON
from h5p.validation import PackageManifest, package_validate
from h5p.xapi import ParsedStatement

STATE_TOO_LARGE = _("The saved state is larger than the limit of %(limit)s bytes.")
HOST_NOT_DETECTED = _("%(host)s is not one of the sites this package asks for.")


def activity_create(
    *, package: IO[bytes], title: str = "", is_published: bool = True, offer_download: bool = False
) -> H5PActivity:
    """Validate, extract and store a package as a new activity. Raises ``PackageRejected``.

    No external host is allowed yet. The activity returned carries ``content_changes``, what the semantics
    filter changed in ``content.json`` (``h5p.semantics.Change``; not stored), so the caller can tell the editor.
    """
    manifest = package_validate(package)
    activity = H5PActivity(title=title or manifest.title, is_published=is_published, offer_download=offer_download)
    _package_store(activity=activity, package=package, manifest=manifest)
    try:
        with transaction.atomic():
            activity.save()
    except BaseException:
        _files_delete(content_path=activity.content_path, package_name=activity.package.name)
        raise
    return activity


def activity_update(
    *,
    activity: H5PActivity,
    title: str,
    is_published: bool,
    offer_download: bool | None = None,
    package: IO[bytes] | None = None,
    allowed_hosts: list[str] | None = None,
) -> H5PActivity:
    """Change an activity. A new package is re-extracted; attempts are kept and saved states discarded.

    ``allowed_hosts`` (None: unchanged) must be among the hosts the current package asks for; with a new package,
    allowed hosts that it no longer asks for are dropped. Like ``activity_create``, the activity returned
    carries ``content_changes`` when a new package was stored.
    """
    old_content, old_package = activity.content_path, activity.package.name
    activity.title = title
    activity.is_published = is_published
    if offer_download is not None:
        activity.offer_download = offer_download
    if allowed_hosts is not None:
        if package is None:
            _allowed_hosts_validate(allowed_hosts, external_hosts=activity.external_hosts)
        activity.allowed_hosts = sorted(set(allowed_hosts))
    if package is None:
        activity.save(update_fields=["title", "is_published", "offer_download", "allowed_hosts", "updated_at"])
        return activity
    manifest = package_validate(package)
    _package_store(activity=activity, package=package, manifest=manifest)
    try:
        with transaction.atomic():
            activity.save()
            H5PContentState.objects.filter(activity=activity).delete()
    except BaseException:
        _files_delete(content_path=activity.content_path, package_name=activity.package.name)
        raise
    transaction.on_commit(lambda: _files_delete(content_path=old_content, package_name=old_package))
    return activity


@transaction.atomic
def activity_delete(*, activity: H5PActivity) -> None:
    """Delete an activity with its results and states; its files go once the deletion is committed."""
    content_path, package_name = activity.content_path, activity.package.name
    activity.delete()
    transaction.on_commit(lambda: _files_delete(content_path=content_path, package_name=package_name))


def _package_store(*, activity: H5PActivity, package: IO[bytes], manifest: PackageManifest) -> None:
    activity.package_version = uuid.uuid4()
    activity.content_path = content_prefix(activity.package_version)
    activity.main_library = manifest.main_library
    activity.libraries = manifest.libraries
    activity.license = manifest.license
    activity.authors = manifest.authors
    activity.language = manifest.language
    activity.h5p_json = manifest.h5p_json
    activity.external_hosts = manifest.external_hosts
    activity.allowed_hosts = [host for host in activity.allowed_hosts if host in manifest.external_hosts]
    activity.content_changes = manifest.content_changes
    content = json.dumps(manifest.content, ensure_ascii=False).encode()
    tree_extract(
        package=package, entries=manifest.entries, prefix=activity.content_path, replaced={CONTENT_JSON: content}
    )
    try:
        package.seek(0)
        activity.package.save(f"{activity.package_version}.h5p", File(package), save=False)
    except BaseException:
        tree_delete(prefix=activity.content_path)
        raise


def _allowed_hosts_validate(allowed_hosts: list[str], *, external_hosts: list[str]) -> None:
    for host in allowed_hosts:
        if host not in external_hosts:
            raise ValidationError(HOST_NOT_DETECTED, code="host_not_detected", params={"host": host})


def _files_delete(*, content_path: str, package_name: str) -> None:
    if content_path:
        tree_delete(prefix=content_path)
    if package_name:
        default_storage.delete(package_name)


@transaction.atomic
def content_state_save(
    *, learner, activity: H5PActivity, data_type: str, sub_content_id: str, data: str, max_bytes: int
) -> H5PContentState:
    if len(data.encode("utf-8")) > max_bytes:
        raise ValidationError(STATE_TOO_LARGE, code="too_large", params={"limit": max_bytes})
    state, _created = H5PContentState.objects.update_or_create(
        learner=learner,
        activity=activity,
        data_type=data_type,
        sub_content_id=sub_content_id,
        defaults={"data": data},
    )
    return state


@transaction.atomic
def content_state_delete(*, learner, activity: H5PActivity, data_type: str, sub_content_id: str) -> None:
    H5PContentState.objects.filter(
        learner=learner, activity=activity, data_type=data_type, sub_content_id=sub_content_id
    ).delete()


def statement_record(
    *, learner, activity: H5PActivity, statement: dict, parsed: ParsedStatement, actor: dict
) -> H5PStatement | None:
    """Store an accepted statement and, for a top-level result, update the learner's best result.

    Every attempt stays in ``H5PStatement``; ``H5PResult`` holds the best one. Sends
    ``result_recorded`` after commit when a result was recorded. Returns None for verbs we ignore.
    A statement that is not an attempt (an answer to one question of the activity) is one INSERT; on
    PostgreSQL an attempt is one statement too: the INSERT and the upsert of the best result in one round trip
    (``_STATEMENT_WITH_RESULT_SQL``), atomic as every single statement is.
    """
    if not parsed.is_recorded:
        return None
    if not parsed.counts_as_attempt:
        return _statement_store(learner=learner, activity=activity, statement=statement, parsed=parsed, actor=actor)
    database = router.db_for_write(H5PStatement)
    if connections[database].vendor == "postgresql":
        stored = _statement_store_with_result(
            database, learner=learner, activity=activity, statement=statement, parsed=parsed, actor=actor
        )
    else:
        with transaction.atomic(using=database):
            stored = _statement_store(
                learner=learner, activity=activity, statement=statement, parsed=parsed, actor=actor
            )
            _result_improve(learner=learner, activity=activity, parsed=parsed)
    transaction.on_commit(
        lambda: result_recorded.send(sender=H5PResult, learner=learner, activity_id=activity.pk), using=database
    )
    return stored


_STATEMENT_COLUMNS = (
    "learner_id, activity_id, verb, is_child, raw_score, max_score, scaled, completed, statement, created_at"
)
# The best result as ``_result_improve`` keeps it: a higher score replaces a lower or missing one, completed
# stays completed, every attempt counts.
_STATEMENT_WITH_RESULT_SQL = f"""
WITH stored AS (
    INSERT INTO h5p_h5pstatement ({_STATEMENT_COLUMNS})
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s) RETURNING id
), result AS (
    INSERT INTO h5p_h5presult (learner_id, activity_id, scaled, completed, attempts, updated_at)
    VALUES (%s, %s, %s, %s, 1, %s)
    ON CONFLICT (learner_id, activity_id) DO UPDATE SET
        scaled = CASE
            WHEN EXCLUDED.scaled IS NOT NULL
                AND (h5p_h5presult.scaled IS NULL OR EXCLUDED.scaled > h5p_h5presult.scaled)
            THEN EXCLUDED.scaled ELSE h5p_h5presult.scaled END,
        completed = h5p_h5presult.completed OR EXCLUDED.completed,
        attempts = h5p_h5presult.attempts + 1,
        updated_at = EXCLUDED.updated_at
)
SELECT id FROM stored
"""


def _statement_store_with_result(database, *, learner, activity, statement, parsed, actor) -> H5PStatement:
    now = timezone.now()
    document = {**statement, "actor": actor}
    params = [
        learner.pk,
        activity.pk,
        parsed.verb,
        parsed.is_child,
        parsed.raw_score,
        parsed.max_score,
        parsed.scaled,
        parsed.completed,
        json.dumps(document),
        now,
        learner.pk,
        activity.pk,
        parsed.scaled,
        parsed.completed,
        now,
    ]
    with connections[database].cursor() as cursor:
        cursor.execute(_STATEMENT_WITH_RESULT_SQL, params)
        (pk,) = cursor.fetchone()
    stored = H5PStatement(pk=pk, statement=document, created_at=now, **_statement_fields(learner, activity, parsed))
    stored._state.adding = False
    stored._state.db = database
    return stored


def _statement_store(*, learner, activity, statement: dict, parsed: ParsedStatement, actor: dict) -> H5PStatement:
    return H5PStatement.objects.create(
        statement={**statement, "actor": actor}, **_statement_fields(learner, activity, parsed)
    )


def _statement_fields(learner, activity, parsed: ParsedStatement) -> dict:
    return {
        "learner": learner,
        "activity": activity,
        "verb": parsed.verb,
        "is_child": parsed.is_child,
        "raw_score": parsed.raw_score,
        "max_score": parsed.max_score,
        "scaled": parsed.scaled,
        "completed": parsed.completed,
    }


def _result_improve(*, learner, activity: H5PActivity, parsed: ParsedStatement) -> None:
    result, created = H5PResult.objects.select_for_update().get_or_create(
        learner=learner,
        activity=activity,
        defaults={"scaled": parsed.scaled, "completed": parsed.completed, "attempts": 1},
    )
    if created:
        return
    if parsed.scaled is not None and (result.scaled is None or parsed.scaled > result.scaled):
        result.scaled = parsed.scaled
    result.completed = result.completed or parsed.completed
    result.attempts += 1
    result.save(update_fields=["scaled", "completed", "attempts", "updated_at"])
