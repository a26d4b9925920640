"""db encrypt, db key export / import: the station database's encryption at rest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from counter_app.cli.output import emit_json
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_, StoreError
from counter_app.domain.roles import Permission


def _audit(rt: Runtime, actor_name: str, action: str, details: dict[str, Any]) -> None:
    from counter_app.services.audit import append_audit

    ctx = rt.context()
    with ctx.store.write() as session:
        actor = ctx.actor(session, actor_name)
        label = ctx.station(session).label
        append_audit(
            session,
            at=ctx.clock(),
            user_id=actor.user_id,
            username=actor.username,
            station=label,
            action=action,
            entity="station",
            entity_ref=label,
            details=details,
        )


def encrypt(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services.setup import INSECURE_KEY_STORE, _key_store
    from counter_app.store import encrypt as conversion
    from counter_app.store.integrity import refuse_if_damaged
    from counter_app.store.keys import KeyStoreUnavailable, store_new_key
    from counter_app.store.restore import in_use
    from counter_app.store.sqlite_driver import is_encrypted_file

    db = rt.db_path
    actor = rt.actor(args.as_user)
    actor.require(Permission.MANAGE_DATABASE)
    rt.close()  # this process's own connections would count as "another program"
    if is_encrypted_file(db):
        raise conversion.AlreadyEncrypted(db)
    refuse_if_damaged(db)
    if in_use(db):
        raise conversion.InUse(db)
    backend, usable, secure = _key_store()
    if not usable:
        raise KeyStoreUnavailable(backend)
    key = store_new_key()
    converted = conversion.encrypt_file(db, key)
    details: dict[str, Any] = {
        "key_id": key.key_id,
        "tables": converted.tables,
        "rows": converted.rows,
    }
    failure: StoreError | None = None
    backups: list[Path] = []
    try:
        backups = conversion.encrypt_backups(rt.paths.backups, key)
    except StoreError as exc:
        failure = exc
    details["backups"] = len(backups)
    files = None
    if failure is None:
        from counter_app.store.filecrypt import encrypt_existing

        try:  # the scans and answers' files, with the key derived from the database's
            files = encrypt_existing(rt.paths.data_dir, key.file_key())
        except StoreError as exc:
            failure = exc
    details["files"] = files
    _audit(rt, actor.username, "db.encrypt", details)
    tr = rt.tr
    if not secure:
        sys.stderr.write(
            tr("Warning") + ": " + StoreError(INSECURE_KEY_STORE, backend=backend).render(tr) + "\n"
        )
    if failure is not None:
        sys.stderr.write(
            tr(
                "The database is encrypted; its plain backups or files are not all encrypted "
                "yet (run `counter-app db encrypt` again once this is fixed):"
            )
            + "\n"
        )
        raise failure
    if args.json:
        emit_json({"database": str(db), "encrypted": True, **details})
        return 0
    print(
        tr("The database {path} is encrypted ({tables} tables, {rows} rows verified).").format(
            path=str(db), tables=converted.tables, rows=converted.rows
        )
    )
    print(tr("Backups encrypted: {count}").format(count=len(backups)))
    print(tr("Files encrypted: {count}").format(count=files))
    print(tr(KEEP_A_COPY))
    return 0


KEEP_A_COPY = N_(
    "Keep a copy of the key offline: `counter-app db key export --out FILE --as ADMIN` (without "
    "it, a new PC cannot open this database or its backups)."
)


def key_export(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.store.key_transfer import export_key

    actor = rt.actor(args.as_user)
    actor.require(Permission.MANAGE_DATABASE)
    ctx = rt.context()
    label = ctx.station_info().label
    out = Path(args.out)
    key = export_key(rt.db_path, out, station=label)
    _audit(rt, actor.username, "db.key_export", {"key_id": key.key_id})
    from counter_app.store.keys import mark_exported

    mark_exported(rt.db_path, ctx.clock().isoformat(timespec="seconds"))
    if args.json:
        emit_json({"file": str(out), "key_id": key.key_id, "station": label})
        return 0
    tr = rt.tr
    print(
        tr("The database key {key_id} is written to {path}.").format(
            key_id=key.key_id, path=str(out)
        )
    )
    print(
        tr(
            "Keep this file OFFLINE (a USB stick in a safe) and delete it from this computer: "
            "with it, anyone can read the station's database and backups."
        )
    )
    return 0


def key_import(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.store.key_transfer import import_key

    found = import_key(rt.db_path, Path(args.file))
    if args.json:
        emit_json(
            {"database": str(rt.db_path), "key_id": found.key.key_id, "station": found.station}
        )
        return 0
    print(
        rt.tr(
            "The key {key_id} opens {path} and is kept in this computer's credential store."
        ).format(key_id=found.key.key_id, path=str(rt.db_path))
    )
    return 0
