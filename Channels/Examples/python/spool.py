"""The adapter's durable spool: one file per contact, fsync'd before the sender hears "accepted".

A contact stays in the spool until the case writer's receipt for it arrives; whatever is in the
spool when the adapter starts is published again. One process owns a spool at a time (flock).
"""

import fcntl
import hashlib
import json
import os
import threading


class SpoolLocked(Exception):
    pass


class Spool:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        self._lock_file = open(os.path.join(directory, "lock"), "w")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SpoolLocked(f"{directory} is used by another adapter process")
        self._mutex = threading.Lock()
        # Leftovers of a write cut short by a crash: never answered "accepted", so never promised.
        for name in os.listdir(directory):
            if name.endswith(".tmp"):
                os.unlink(os.path.join(directory, name))

    def _path(self, contact_id):
        # Ids may hold ':' and '@'; the file name is a hash of the id.
        return os.path.join(self.directory, hashlib.sha256(contact_id.encode()).hexdigest()[:40] + ".json")

    def _sync_directory(self):
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def add(self, envelope):
        """Writes the envelope durably: file data, then its name in the directory. Returns False
        if a contact with this id is already spooled (a provider's retry), which is kept as it was."""
        path = self._path(envelope["id"])
        with self._mutex:
            if os.path.exists(path):
                return False
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode())
                f.flush()
                os.fsync(f.fileno())
            os.rename(tmp, path)
            self._sync_directory()
            return True

    def get(self, contact_id):
        try:
            with open(self._path(contact_id), "rb") as f:
                return json.loads(f.read())
        except FileNotFoundError:
            return None

    def remove(self, contact_id):
        with self._mutex:
            try:
                os.unlink(self._path(contact_id))
            except FileNotFoundError:
                return False
            self._sync_directory()
            return True

    def pending(self):
        """Every spooled envelope, oldest first."""
        entries = []
        for name in os.listdir(self.directory):
            if not name.endswith(".json"):
                continue
            path = os.path.join(self.directory, name)
            try:
                with open(path, "rb") as f:
                    entries.append((os.path.getmtime(path), json.loads(f.read())))
            except FileNotFoundError:
                continue  # removed by a receipt meanwhile
        return [e for _, e in sorted(entries, key=lambda x: x[0])]
