"""Backup and restore (数据备份恢复): a lossless round trip of every table, row by row, and of
every uploaded file; refusals that protect data (non-empty database, damaged or foreign
archive); a failed restore changes nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from jixiao.web import backup
from jixiao.web.accounts.models import Organisation, OrgKind
from jixiao.web.audit.models import AuditEvent
from jixiao.web.plans.models import Evidence, Project

from .backup_world import (
    MUST_HAVE_ROWS,
    TRICKY,
    fill_every_table,
    media_files,
    table_rows,
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _rewrite(src: Path, dst: Path, change: Any) -> None:
    """Copy an archive, letting ``change(members)`` edit the members (bytes by name); the
    manifest's checksums are recomputed, so only the content is wrong, not the seals."""
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    change(members)
    manifest = json.loads(members["manifest.json"])
    for m in manifest["models"]:
        data = members[m["member"]]
        writer = backup._HashingWriter()
        writer.write(data)
        m["sha256"] = writer.sha256.hexdigest()
        m["fingerprint"] = writer.canonical.hexdigest()
        m["count"] = sum(1 for line in data.splitlines() if line.strip())
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def test_round_trip_keeps_every_row_and_file(
    world: Any, make_plan: Any, media: Path, tmp_path: Path
) -> None:
    plan = fill_every_table(world, make_plan)
    before = table_rows()
    files = media_files()
    empty = sorted(label for label in MUST_HAVE_ROWS if not before.get(label))
    assert empty == [], f"the fixture leaves tables empty: {empty}"
    assert len(files) == 2

    result = backup.create_backup(tmp_path / "b.zip")
    assert result.files == 2 and result.missing_files == []
    assert result.rows["plans.project"] == 2 and result.rows["plans.evidence"] == 2

    # Damage the live data in every way: delete, change, add rows and files.
    Project.objects.filter(plan=plan).first().delete()  # type: ignore[union-attr]
    Organisation.objects.filter(pk=world.b1.pk).update(name="改名")
    Organisation.objects.create(name="新单位", kind=OrgKind.UNIT, parent=world.b)
    first = Evidence.objects.order_by("pk").first()
    assert first is not None
    Path(first.file.path).unlink()
    (media / "stray.txt").write_text("x")

    restored = backup.restore_backup(tmp_path / "b.zip", force=True)
    after = table_rows()
    restore_records = [r for r in after["audit.auditevent"] if r["action"] == "restore"]
    assert len(restore_records) == 1 and "覆盖原有数据" in restore_records[0]["message"]
    assert after["audit.auditevent"][-1] == restore_records[0]
    after["audit.auditevent"] = after["audit.auditevent"][:-1]
    for label in before:
        assert after[label] == before[label], label
    assert after == before
    assert media_files() == files
    # the damaged media folder is kept aside, never deleted
    assert restored.previous_media is not None
    assert (restored.previous_media / "stray.txt").read_text() == "x"
    # the exact values came back, and the sequences go on after the restored keys
    project = Project.objects.get(purpose=TRICKY)
    assert str(project.budget_amount) == "12345678.123456"
    new = Organisation.objects.create(name="恢复后新增", kind=OrgKind.UNIT, parent=world.a)
    assert new.pk > max(r["id"] for r in before["accounts.organisation"])


def test_restore_refuses_a_database_with_data(world: Any, media: Path, tmp_path: Path) -> None:
    backup.create_backup(tmp_path / "b.zip")
    Organisation.objects.create(name="之后新增", kind=OrgKind.UNIT, parent=world.a)
    before = table_rows()
    with pytest.raises(backup.BackupError, match=r"已有数据.*--force"):
        backup.restore_backup(tmp_path / "b.zip")
    assert table_rows() == before


def test_failed_restore_changes_nothing(world: Any, make_plan: Any, media: Path, tmp_path: Path):
    fill_every_table(world, make_plan)
    backup.create_backup(tmp_path / "b.zip")

    def dangling_indicator(members: dict[str, bytes]) -> None:
        name = next(n for n in members if n.endswith("plans.indicator.jsonl"))
        lines = members[name].decode().splitlines()
        row = json.loads(lines[-1])
        row["fields"]["project"] = 999_999  # a project that is not in the backup
        lines[-1] = json.dumps(row, ensure_ascii=False)
        members[name] = ("\n".join(lines) + "\n").encode()

    _rewrite(tmp_path / "b.zip", tmp_path / "bad.zip", dangling_indicator)
    Organisation.objects.create(name="恢复前的数据", kind=OrgKind.UNIT, parent=world.a)
    before, files = table_rows(), media_files()
    with pytest.raises(backup.BackupError, match="已撤销"):
        backup.restore_backup(tmp_path / "bad.zip", force=True)
    assert table_rows() == before  # flush, loaded rows and audit record all rolled back
    assert media_files() == files
    assert not list(media.parent.glob(".jixiao-restore-*"))  # staged files cleaned up


def test_restore_checks_what_it_loaded(world: Any, media: Path, tmp_path: Path) -> None:
    backup.create_backup(tmp_path / "b.zip")

    def wrong_fingerprint(members: dict[str, bytes]) -> None:
        pass

    _rewrite(tmp_path / "b.zip", tmp_path / "c.zip", wrong_fingerprint)
    with zipfile.ZipFile(tmp_path / "c.zip") as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(members["manifest.json"])
    entry = next(m for m in manifest["models"] if m["label"] == "accounts.organisation")
    entry["fingerprint"] = "0" * 64  # rows load fine but are not what the backup promised
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(tmp_path / "d.zip", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    before = table_rows()
    with pytest.raises(backup.BackupError, match=r"不一致.*accounts\.organisation"):
        backup.restore_backup(tmp_path / "d.zip", force=True)
    assert table_rows() == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("flip", "校验和不符"),
        ("extra", "内容与清单不符"),
        ("traversal", "路径不安全"),
        ("newer-format", "格式版本"),
        ("older-schema", "较早的版本"),
        ("newer-schema", "较新的 jixiao 版本"),
        ("not-a-zip", "不是有效的 jixiao 备份文件"),
    ],
)
def test_damaged_or_foreign_archives_are_refused(
    world: Any, media: Path, tmp_path: Path, damage: str, message: str
) -> None:
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "a.pdf").write_bytes(b"pdf")
    backup.create_backup(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(members["manifest.json"])
    if damage == "flip":
        members["media/evidence/a.pdf"] = b"pdF"
    elif damage == "extra":
        members["media/evil.sh"] = b"#!"
    elif damage == "traversal":
        members["media/../../evil"] = members.pop("media/evidence/a.pdf")
        manifest["media"][0].update(path="../../evil", member="media/../../evil")
    elif damage == "newer-format":
        manifest["format_version"] = backup.FORMAT_VERSION + 1
    elif damage == "older-schema":
        manifest["migrations"] = [m for m in manifest["migrations"] if m[0] != "audit"]
    elif damage == "newer-schema":
        manifest["migrations"].append(["plans", "9999_future"])
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "bad.zip"
    if damage == "not-a-zip":
        bad.write_bytes(b"PK\x03\x04 not really")
    else:
        with zipfile.ZipFile(bad, "w") as z:
            for name, data in members.items():
                z.writestr(name, data)
    AuditEvent.objects.create(action="create", message="marker")
    before = table_rows()
    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(bad, force=True)
    assert table_rows() == before
    assert not (tmp_path / "evil").exists() and not (media.parent / "evil").exists()


def test_backup_file_is_private_sealed_and_audited(world: Any, media: Path, tmp_path: Path) -> None:
    import hashlib

    result = backup.create_backup(tmp_path / "sub" / "b.zip", operator="cli:tester")
    assert result.path.stat().st_mode & 0o777 == 0o600  # password hashes inside
    sidecar = (tmp_path / "sub" / "b.zip.sha256").read_text()
    assert sidecar == f"{hashlib.sha256(result.path.read_bytes()).hexdigest()}  b.zip\n"
    event = AuditEvent.objects.get(action="backup")
    assert event.actor_username == "cli:tester" and "b.zip" in event.message
    assert event.after["rows"]["accounts.user"] == len(world.users)
    manifest = backup.verify_archive(result.path)
    assert manifest["database"] == connection.vendor
    assert ["audit", "0003_purge_and_actions"] in manifest["migrations"]
    # never overwrites
    with pytest.raises(backup.BackupError, match="已存在"):
        backup.create_backup(result.path)


def test_timestamps_keep_microseconds(world: Any, media: Path, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    at = datetime(2023, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    AuditEvent.objects.create(action="create", message="µs", at=at)
    backup.create_backup(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        name = next(n for n in z.namelist() if n.endswith("audit.auditevent.jsonl"))
        text = z.read(name).decode()
    assert "2023-05-06T07:08:09.123456+00:00" in text  # Django's own encoder would cut to .123
