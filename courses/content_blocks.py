"""One lesson block written as data into the raw StreamField data of ``courses.blocks.LessonBodyBlock``.

Readable references stand for database rows: a reporting route by its name, a quiz by its key in the course
folder, an image by its file in the course folder, an H5P activity by its package file. Media are stored the
first time they are met (images by content hash, video embeds by URL, H5P packages by their ``h5p.json``), so
loading again stores nothing new. Block and list-item ids derive from the lesson and the block's position in
the file, so a reload keeps them.
"""

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from courses.blocks import LessonBodyBlock
from h5p.content import activity_from_package
from h5p.validation import PackageRejected
from quizzes.models import Quiz
from reporting.models import ReportingRoute

_NAMESPACE = uuid.UUID("0f6c2a8e-3d5b-4c1e-9a7f-2b8d4e6f1a30")
_BLOCK_KEYS = {"type", "value", "oembed", "optional"}
_OEMBED_FIELDS = {"type", "html", "title", "author_name", "provider_name", "thumbnail_url", "width", "height"}


class BlockContentError(ValueError):
    """A lesson block that cannot be loaded; the message is one line without the file name."""


@dataclass(frozen=True)
class LessonSources:
    """Where a lesson's references point: its course folder, the course's quizzes and the H5P packages."""

    folder: Path
    quizzes: dict[str, Quiz]
    h5p_packages: Path | None = None


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _items(values: list, *id_parts: str) -> list[dict]:
    """A plain list as ListBlock raw data, with ids derived from a stable name so reloads keep them."""
    return [
        {"type": "item", "id": stable_id(*id_parts, str(index)), "value": value} for index, value in enumerate(values)
    ]


def _route_ids(names) -> list[int]:
    routes = dict(ReportingRoute.objects.values_list("name", "pk"))
    unknown = [str(name) for name in names or [] if str(name) not in routes]
    if unknown:
        raise BlockContentError(f"unknown reporting route {unknown[0]!r} (known: {', '.join(sorted(routes))})")
    return [routes[str(name)] for name in names or []]


def _file_name(value, what: str) -> str:
    name = str(value or "")
    if not name or Path(name).name != name:
        raise BlockContentError(f"{what} must be a file name, without folders")
    return name


def _image_id(folder: Path, spec) -> int:
    """The image stored from a file in the course folder (``image: {file, title}``); stored now if new."""
    if not isinstance(spec, Mapping) or not spec.get("title"):
        raise BlockContentError("image needs file and title")
    path = folder / _file_name(spec.get("file"), "image file")
    if not path.is_file():
        raise BlockContentError(f"no image file {path.name!r} in the course folder")
    data = path.read_bytes()
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()  # the hash Wagtail keeps for duplicates
    image_model = get_image_model()
    image = image_model.objects.filter(file_hash=digest).order_by("pk").first()
    if image is None:
        with path.open("rb") as handle:
            image = image_model(
                title=spec["title"], file=ImageFile(handle, name=path.name), file_hash=digest, file_size=len(data)
            )
            image.save()
    return image.pk


def _embed_store(url: str, oembed) -> None:
    """Store a video's oEmbed answer as if Wagtail had fetched it, so the lesson needs no internet to load."""
    if not isinstance(oembed, Mapping) or not oembed.get("html"):
        raise BlockContentError("video blocks need an oembed mapping with at least html (nothing is fetched online)")
    unknown = sorted(set(oembed) - _OEMBED_FIELDS)
    if unknown:
        raise BlockContentError(f"unknown oembed field(s): {', '.join(unknown)}")
    wanted = {"url": url, "max_width": None, "type": "video", **oembed}
    embed_hash = get_embed_hash(url)  # what Wagtail looks up; the block sets no maximum size
    embed = Embed.objects.filter(hash=embed_hash).first()
    if embed is None:
        Embed.objects.create(hash=embed_hash, **wanted)
    elif any(getattr(embed, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(embed, name, value)
        embed.save()


def _h5p_activity_id(value: dict, packages: Path | None, optional: bool) -> int | None:
    name = _file_name(value.pop("package", None), "h5p package")
    path = packages / name if packages else None
    if path is None or not path.is_file():
        if optional:
            return None
        raise BlockContentError(f"H5P package {name!r} not found in {packages or 'the H5P packages folder'}")
    try:
        return activity_from_package(path=path).pk
    except PackageRejected as error:
        raise BlockContentError(f"H5P package {name}: {error.messages[0]}") from error


def _check(block) -> tuple[str, object]:
    if not isinstance(block, Mapping) or "type" not in block or "value" not in block:
        raise BlockContentError("needs type and value")
    kind = block["type"]
    if kind not in LessonBodyBlock.base_blocks:
        raise BlockContentError(f"unknown block type {kind!r} (known: {', '.join(LessonBodyBlock.base_blocks)})")
    unknown = sorted(set(block) - _BLOCK_KEYS)
    if unknown:
        raise BlockContentError(f"unknown field(s): {', '.join(unknown)}")
    if "oembed" in block and kind != "video":
        raise BlockContentError("only video blocks have oembed")
    if "optional" in block and kind != "h5p":
        raise BlockContentError("only h5p blocks can be optional")
    return kind, dict(block["value"]) if isinstance(block["value"], Mapping) else block["value"]


def lesson_block(block, *, block_id: str, sources: LessonSources) -> dict | None:
    """Raw stream data for one block of a lesson file; ``None`` for an optional block whose source is missing.

    Raises ``BlockContentError``. Images, embeds and H5P activities are stored on the way.
    """
    kind, value = _check(block)
    if kind == "reporting_routes":
        value.setdefault("heading", "Waar meld je het?")
        value["routes"] = _items(_route_ids(value.get("routes")), block_id, "routes")
    elif kind == "quiz":
        key = value.get("quiz")
        if key not in sources.quizzes:
            raise BlockContentError(f"unknown quiz {key!r} (quiz files in this course: {sorted(sources.quizzes)})")
        value["quiz"] = sources.quizzes[key].pk
        value.setdefault("is_required", True)
    elif kind == "case_story":
        value["signals"] = _items(value.get("signals") or [], block_id, "signals")
    elif kind == "signal_list":
        groups = [
            {**group, "signals": _items(group.get("signals") or [], block_id, "groups", str(index))}
            for index, group in enumerate(value.get("groups") or [])
        ]
        value["groups"] = _items(groups, block_id, "groups")
    elif kind == "image":
        value["image"] = _image_id(sources.folder, value.get("image"))
    elif kind == "video":
        _embed_store(str(value.get("video") or ""), block.get("oembed"))
    elif kind == "h5p":
        value["activity"] = _h5p_activity_id(value, sources.h5p_packages, bool(block.get("optional")))
        if value["activity"] is None:
            return None
    return {"type": kind, "id": block_id, "value": value}
