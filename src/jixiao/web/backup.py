# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Backup and restore of the whole application (数据备份恢复): database rows and uploaded files.

One approach for SQLite and PostgreSQL alike: a *logical* backup through Django's own
serialisers, in a versioned, checksummed zip archive.

- ``manifest.json``: format and version, jixiao and Django versions, the applied migrations
  (the database schema the rows belong to), and for every model and every file its member
  name, row count and SHA-256.
- ``data/NNN-app.model.jsonl``: every row of every model (JSON Lines, primary keys kept,
  rows in key order), written with an encoder that keeps timestamps to the microsecond
  (Django's own JSON encoder cuts them to milliseconds) and decimals exactly (as text);
  object keys sorted, many-to-many lists sorted, so the same data gives the same bytes on
  either database. Content types and permissions are named by their natural keys (they are
  recreated by ``migrate``); sessions are not backed up (restoring signs everybody out).
- ``media/…``: every file under ``MEDIA_ROOT`` (evidence and uploads), byte for byte.

The rows are read in one read-only snapshot (PostgreSQL ``REPEATABLE READ``; SQLite a
deferred read transaction, which in WAL mode does not block writers), so a backup taken
while people work is consistent.

Restore checks every checksum first, then — in **one transaction** — (with ``force``)
empties the application's tables, loads the rows with ``loaddata``, re-serialises every
model from the database and compares it with the archive's checksums, and writes an audit
record; any difference or error rolls the whole restore back. Files are unpacked beside
``MEDIA_ROOT`` first and swapped in only after the database commit (an existing media folder
is kept, renamed, never deleted). A database that holds any data is refused unless
``force`` is given. The archive must come from the same schema (the same migrations): restore
into an empty database migrates it first; a backup written by an older release is restored
with that release, then the code is upgraded and ``migrate`` run (docs/security.md).
"""

from __future__ import annotations

import getpass
import hashlib
import io
import json
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from jixiao import __version__
from jixiao.domain.errors import JixiaoError

FORMAT = "jixiao-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# Recreated by ``migrate`` (referenced by natural key) or not worth keeping (sessions).
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}
_CHUNK = 1 << 20


class BackupError(JixiaoError):
    """A backup or restore that cannot be done (the message says why, in Chinese)."""


# --- serialisation ---------------------------------------------------------------------------


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but timestamps keep their microseconds (lossless round trip)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class CanonicalSerializer(JsonlSerializer):
    """JSON Lines rows that are the same bytes for the same data on any database.

    Natural keys only for content types and permissions (their ids differ between
    databases). Many-to-many links are not written inside their rows: the link tables are
    backed up as tables of their own (so even their ids come back).
    """

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        use = bool(getattr(self, "use_natural_foreign_keys", False))
        self.use_natural_foreign_keys = _natural(field)
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = use

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        pass  # the link table is a model of its own in the backup


def _natural(field: Any) -> bool:
    return bool(field.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS)


def canonical_line(line: bytes) -> bytes:
    """One serialised row in canonical form: object keys sorted, no insignificant spaces.

    A JSON column's key order is not kept by every database (PostgreSQL's ``jsonb`` sorts
    keys), so rows are compared in this form; the archive itself keeps the database's order.
    """
    value = json.loads(line)
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


class _HashingWriter(io.RawIOBase):
    """Writes through to ``target`` (or nowhere), counting and hashing the bytes, and hashing
    the canonical form of every complete line (:func:`canonical_line`)."""

    def __init__(self, target: IO[bytes] | None = None):
        super().__init__()
        self.target = target
        self.sha256 = hashlib.sha256()
        self.canonical = hashlib.sha256()
        self.size = 0
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self.sha256.update(data)
        self.size += len(data)
        if self.target is not None:
            self.target.write(data)
        start = 0
        while (end := data.find(b"\n", start)) >= 0:
            self._parts.append(data[start:end])
            line = b"".join(self._parts)
            self._parts = []
            if line.strip():
                self.canonical.update(canonical_line(line))
            start = end + 1
        if start < len(data):
            self._parts.append(data[start:])
        return len(data)


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete, managed model of every installed app, except :data:`EXCLUDED`, with the
    many-to-many link tables."""
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in EXCLUDED:
            continue
        chosen.append(model)
    return chosen


def serialize_model(model: type[models.Model], stream: IO[bytes]) -> int:
    """Write every row of ``model`` to ``stream`` (canonical JSON Lines); the row count."""
    queryset = model._base_manager.order_by("pk")
    counted = [0]

    def rows() -> Iterator[models.Model]:
        for obj in queryset.iterator(chunk_size=2000):
            counted[0] += 1
            yield obj

    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    CanonicalSerializer().serialize(
        rows(), stream=text, use_natural_foreign_keys=True, cls=ExactJSONEncoder
    )
    text.flush()
    text.detach()
    return counted[0]


def fingerprint(model: type[models.Model]) -> tuple[int, str]:
    """Row count and SHA-256 of the model's rows in canonical form, as they are now stored."""
    sink = _HashingWriter()
    count = serialize_model(model, sink)  # type: ignore[arg-type]
    return count, sink.canonical.hexdigest()


# --- results ---------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    sha256: str
    size: int
    rows: dict[str, int]
    files: int
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    path: Path
    rows: dict[str, int]
    files: int
    created_at: str
    previous_media: Path | None
    migrated: bool


# --- backup ----------------------------------------------------------------------------------


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """One consistent view of the database for the whole dump."""
    if connection.in_atomic_block:  # already inside a transaction (e.g. tests): use it
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():  # pragma: no cover - other databases
        yield


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _referenced_files() -> set[str]:
    names: set[str] = set()
    for model in backed_up_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                names.update(n for n in model._base_manager.values_list(f.attname, flat=True) if n)
    return names


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            if full.is_file() and not full.is_symlink():
                found.append((full.relative_to(root).as_posix(), full))
    return found


def unreferenced_media() -> list[str]:
    """Files under ``MEDIA_ROOT`` that no row refers to (e.g. the file of an upload whose
    database transaction failed after the file was written). They are backed up like every
    other file; this only lists them, for the operator to review."""
    referenced = _referenced_files()
    return [rel for rel, _ in _media_files(Path(settings.MEDIA_ROOT)) if rel not in referenced]


def default_backup_path(now: datetime | None = None) -> Path:
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.JIXIAO_BACKUP_DIR) / f"jixiao-{stamp}.zip"


def create_backup(path: Path | None = None, *, operator: str | None = None) -> BackupResult:
    """Write a backup archive of the database and ``MEDIA_ROOT`` to ``path``."""
    path = Path(path) if path is not None else default_backup_path()
    if path.exists():
        raise BackupError(f"备份文件已存在, 不会覆盖: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{secrets.token_hex(4)}.partial")
    media_root = Path(settings.MEDIA_ROOT)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "jixiao_version": __version__,
        "django_version": django.get_version(),
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "models": [],
        "media": [],
    }
    rows: dict[str, int] = {}
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # holds password hashes
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        ):
            with _read_snapshot():
                manifest["migrations"] = applied_migrations()
                if not manifest["migrations"]:
                    raise BackupError("数据库尚未初始化 (未运行 migrate), 没有可备份的内容")
                for n, model in enumerate(backed_up_models()):
                    label = model._meta.label_lower
                    member = f"data/{n:03d}-{label}.jsonl"
                    with archive.open(_member(member), "w", force_zip64=True) as out:
                        writer = _HashingWriter(out)
                        count = serialize_model(model, writer)  # type: ignore[arg-type]
                    rows[label] = count
                    manifest["models"].append(
                        {
                            "label": label,
                            "member": member,
                            "count": count,
                            "sha256": writer.sha256.hexdigest(),
                            "fingerprint": writer.canonical.hexdigest(),
                        }
                    )
                referenced = _referenced_files()
            stored = set()
            for rel, full in _media_files(media_root):
                member = f"media/{rel}"
                with (
                    full.open("rb") as src,
                    archive.open(_member(member), "w", force_zip64=True) as out,
                ):
                    writer = _HashingWriter(out)
                    shutil.copyfileobj(src, writer, _CHUNK)
                stored.add(rel)
                manifest["media"].append(
                    {
                        "path": rel,
                        "member": member,
                        "size": writer.size,
                        "sha256": writer.sha256.hexdigest(),
                    }
                )
            manifest["missing_files"] = sorted(referenced - stored)
            archive.writestr(
                MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
            )
        digest = _file_sha256(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    result = BackupResult(
        path=path,
        sha256=digest,
        size=path.stat().st_size,
        rows=rows,
        files=len(manifest["media"]),
        missing_files=manifest["missing_files"],
    )
    _audit(
        "backup",
        operator,
        f"备份至 {path.name} (SHA-256 {digest[:16]}…): "
        f"{sum(rows.values())} 行, {result.files} 个文件",
        {"file": path.name, "sha256": digest, "rows": rows, "files": result.files},
    )
    return result


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _audit(kind: str, operator: str | None, message: str, after: dict[str, Any]) -> None:
    from jixiao.web.audit.log import record
    from jixiao.web.audit.models import Action

    record(
        Action.BACKUP if kind == "backup" else Action.RESTORE,
        object_type="database",
        username=operator or f"cli:{_os_user()}",
        message=message,
        after=after,
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - containers without a login name
        return "unknown"


# --- reading and verifying an archive ------------------------------------------------------


def _safe_media_path(rel: str) -> PurePosixPath:
    p = PurePosixPath(rel)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts):
        raise BackupError(f"备份中的文件路径不安全, 拒绝恢复: {rel!r}")
    return p


def read_manifest(path: Path) -> dict[str, Any]:
    """The archive's manifest, after checking that this is a jixiao backup we can read."""
    if not path.is_file():
        raise BackupError(f"备份文件不存在: {path}")
    try:
        with zipfile.ZipFile(path) as archive:
            manifest: dict[str, Any] = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path.name} 不是有效的 jixiao 备份文件 ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} 不是 jixiao 备份文件")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path.name} 的备份格式版本为 {version}, 本程序只能读取 ≤ {FORMAT_VERSION} 的版本, "
            "请升级 jixiao"
        )
    return manifest


def verify_archive(path: Path) -> dict[str, Any]:
    """Check every member's SHA-256 (and that nothing is missing or extra); the manifest."""
    manifest = read_manifest(path)
    expected: dict[str, str] = {m["member"]: m["sha256"] for m in manifest["models"]}
    for m in manifest["media"]:
        _safe_media_path(m["path"])
        if m["member"] != f"media/{m['path']}":
            raise BackupError(f"备份清单中的文件条目不一致: {m['member']}")
        expected[m["member"]] = m["sha256"]
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist()) - {MANIFEST}
        if names != set(expected):
            missing = sorted(set(expected) - names)[:3]
            extra = sorted(names - set(expected))[:3]
            raise BackupError(f"{path.name} 内容与清单不符 (缺少 {missing}, 多出 {extra})")
        for member, digest in expected.items():
            h = hashlib.sha256()
            try:
                with archive.open(member) as f:
                    while chunk := f.read(_CHUNK):
                        h.update(chunk)
            except (zipfile.BadZipFile, OSError) as exc:
                raise BackupError(f"{path.name} 已损坏: {member} ({exc})") from exc
            if h.hexdigest() != digest:
                raise BackupError(f"{path.name} 已损坏或被修改: {member} 的校验和不符")
    return manifest


# --- restore ---------------------------------------------------------------------------------


def _tables_present() -> set[str]:
    return set(connection.introspection.table_names())


def database_has_data() -> bool:
    """Does any backed-up table hold a row (a database that is not empty)?"""
    present = _tables_present()
    return any(
        model._meta.db_table in present and model._base_manager.exists()
        for model in backed_up_models()
    )


def _latest_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return {key for key in loader.graph.nodes}


def _check_schema(manifest: dict[str, Any]) -> None:
    backup_state = {tuple(m) for m in manifest.get("migrations", [])}
    known = _latest_migrations()
    newer = sorted(backup_state - known)
    if newer:
        raise BackupError(
            f"此备份来自较新的 jixiao 版本 ({manifest.get('jixiao_version')}), "
            f"包含本程序没有的数据库迁移 (如 {newer[0][0]}.{newer[0][1]}); 请先升级 jixiao"
        )
    older = sorted(known - backup_state)
    if older:
        raise BackupError(
            f"此备份由较早的版本 ({manifest.get('jixiao_version')}) 生成, 数据库结构不同 "
            f"(缺少迁移 {older[0][0]}.{older[0][1]} 等 {len(older)} 项)。请用生成它的 jixiao "
            "版本恢复到数据库, 再升级 jixiao 并运行 jixiao manage migrate"
        )


def _flush_tables() -> None:
    """Empty every backed-up table (and the sessions) inside the current transaction."""
    tables = {
        m._meta.db_table for m in [*backed_up_models(), apps.get_model("sessions", "Session")]
    }
    present = _tables_present()
    sql = connection.ops.sql_flush(
        no_style(), sorted(tables & present), reset_sequences=False, allow_cascade=False
    )
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred constraint checks still pending in this
        # transaction: run those checks now (then defer again for the load).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        connection.ops.execute_sql_flush(sql)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    connection.ops.execute_sql_flush(sql)


def _stage_media(archive_path: Path, manifest: dict[str, Any], media_root: Path) -> Path:
    """Unpack the files next to MEDIA_ROOT (same file system, so the swap is a rename)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".jixiao-restore-", dir=media_root.parent))
    mode = getattr(settings, "FILE_UPLOAD_PERMISSIONS", None) or 0o640
    with zipfile.ZipFile(archive_path) as archive:
        for m in manifest["media"]:
            target = stage.joinpath(*_safe_media_path(m["path"]).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(m["member"]) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out, _CHUNK)
            target.chmod(mode)
    return stage


def _swap_media(stage: Path, media_root: Path) -> Path | None:
    """Put the restored files in place; an existing, non-empty media folder is kept aside."""
    previous = None
    if media_root.exists():
        if media_root.is_dir() and not any(media_root.iterdir()):
            media_root.rmdir()
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            previous = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            n = 1
            while previous.exists():
                previous = media_root.with_name(f"{media_root.name}.before-restore-{stamp}-{n}")
                n += 1
            media_root.rename(previous)
    stage.rename(media_root)
    return previous


def restore_backup(
    path: Path, *, force: bool = False, operator: str | None = None
) -> RestoreResult:
    """Restore a backup archive into this database and ``MEDIA_ROOT`` (see module docs)."""
    path = Path(path)
    manifest = verify_archive(path)
    migrated = False
    if set(map(tuple, applied_migrations())) != _latest_migrations():
        if database_has_data():
            raise BackupError("数据库结构不是最新 (有未运行的迁移); 请先运行 jixiao manage migrate")
        call_command("migrate", interactive=False, verbosity=0)
        migrated = True
    _check_schema(manifest)
    if database_has_data() and not force:
        raise BackupError(
            "数据库中已有数据, 恢复会替换全部内容; 确认要覆盖请加 --force "
            "(建议先用 jixiao backup 备份当前数据)"
        )
    media_root = Path(settings.MEDIA_ROOT)
    stage = _stage_media(path, manifest, media_root)
    try:
        with tempfile.TemporaryDirectory(prefix="jixiao-restore-") as tmp:
            fixtures = _extract_rows(path, manifest, Path(tmp))
            _load(manifest, fixtures, path, force, operator)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    try:
        previous = _swap_media(stage, media_root)
    except OSError as exc:
        raise BackupError(
            f"数据库已恢复, 但文件未能放入 {media_root}: {exc}; 恢复的文件在 {stage}"
        ) from exc
    return RestoreResult(
        path=path,
        rows={m["label"]: m["count"] for m in manifest["models"]},
        files=len(manifest["media"]),
        created_at=str(manifest.get("created_at", "")),
        previous_media=previous,
        migrated=migrated,
    )


def _extract_rows(path: Path, manifest: dict[str, Any], into: Path) -> list[Path]:
    fixtures = []
    with zipfile.ZipFile(path) as archive:
        for n, m in enumerate(manifest["models"]):
            if not m["count"]:
                continue
            target = into / f"{n:03d}.jsonl"
            with archive.open(m["member"]) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out, _CHUNK)
            fixtures.append(target)
    return fixtures


def _load(
    manifest: dict[str, Any],
    fixtures: list[Path],
    path: Path,
    force: bool,
    operator: str | None,
) -> None:
    current = {m._meta.label_lower: m for m in backed_up_models()}
    labels = [m["label"] for m in manifest["models"]]
    if set(labels) != set(current):
        raise BackupError("备份中的数据表与本程序的数据表不一致, 无法恢复")
    try:
        with transaction.atomic():
            if force:
                _flush_tables()
            if fixtures:
                call_command("loaddata", *map(str, fixtures), verbosity=0)
            for m in manifest["models"]:
                count, digest = fingerprint(current[m["label"]])
                if (count, digest) != (m["count"], m["fingerprint"]):
                    raise BackupError(
                        f"恢复后的数据与备份不一致 ({m['label']}: {count} 行, "
                        f"备份 {m['count']} 行); 已撤销恢复, 数据库未改变"
                    )
            _audit(
                "restore",
                operator,
                f"从备份 {path.name} (生成于 {manifest.get('created_at')}) 恢复: "
                f"{sum(m['count'] for m in manifest['models'])} 行, "
                f"{len(manifest['media'])} 个文件" + (" (覆盖原有数据)" if force else ""),
                {"file": path.name, "created_at": manifest.get("created_at"), "force": force},
            )
    except (DatabaseError, IntegrityError, serializers.base.DeserializationError) as exc:
        raise BackupError(f"恢复失败, 已撤销, 数据库未改变: {exc}") from exc
