#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A full disk: the store lives on a 3 MB tmpfs, too small for the seeded mailbox. The first sync
stops with "The disk is full" on stderr and a failing exit status, not a crash; what it stored is
intact, readable and searchable; an action then fails plainly and changes nothing; once there is
room, the next sync fetches the rest, nothing twice.

A tmpfs needs a mount namespace of our own (root, or a user namespace): where the machine refuses
one, the test is skipped (exit 77) rather than failed.

Runs under: inbox-fixture --imap --smtp --keyring --seed 1500 -- test_full_disk.py INBOX_CLI
"""

import ctypes
import json
import os
import sqlite3
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import add_command, run_cli  # noqa: E402

CLI = sys.argv.pop(1)
ENV = os.environ
SEEDED = int(ENV["INBOX_TEST_INBOX_COUNT"])
SMALL = os.path.join(ENV["INBOX_TEST_DIR"], "small-disk")
DB = os.path.join(SMALL, "inbox", "inbox.db")
CLONE_NEWNS = 0x00020000


def own_mount_namespace():
    """A mount namespace of this process's own, its mounts private, so that the tmpfs is seen by
    this test and the inbox-cli it starts, and by nothing else on the machine."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNS) != 0:
        return f"unshare: {os.strerror(ctypes.get_errno())}"
    made_private = subprocess.run(["mount", "--make-rprivate", "/"], capture_output=True, text=True)
    if made_private.returncode != 0:
        return made_private.stderr.strip()
    os.makedirs(SMALL, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", SMALL],
                             capture_output=True, text=True)
    return mounted.stderr.strip() if mounted.returncode != 0 else None


def cli(*args, password=None):
    return run_cli([CLI, *args], stdin=password, timeout=300)


def cli_json(*args):
    result = cli(*args, "--json")
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout)


def store_check():
    with sqlite3.connect(DB) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        total, distinct = db.execute("SELECT count(*), count(DISTINCT message_id) FROM messages").fetchone()
        indexed = db.execute("SELECT count(*) FROM message_fts").fetchone()[0]
    return integrity, total, distinct, indexed


class FullDiskTest(unittest.TestCase):
    def test_full_disk_then_room(self):
        added = run_cli(add_command(CLI), stdin=ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual(added.returncode, 0, added.stderr)

        # The disk fills during the first sync: a plain error, the exit status says so.
        full = cli("sync", "--wait-bodies")
        self.assertEqual(full.returncode, 1, full.stderr)
        self.assertIn("The disk is full", full.stderr)
        self.assertIn(SMALL, full.stderr, "where to free space")
        self.assertNotIn("CRITICAL", full.stderr)

        # What was stored before is whole, one index row per message, and can be read and searched.
        integrity, stored, distinct, indexed = store_check()
        self.assertEqual(integrity, "ok")
        self.assertGreater(stored, 0, "some mail fits in 3 MB")
        self.assertLess(stored, SEEDED, "not all of it")
        self.assertEqual(stored, distinct)
        self.assertEqual(indexed, stored)
        listed = cli_json("conversations", "--limit", "5")
        self.assertGreater(len(listed["conversations"]), 0)
        first = listed["conversations"][0]
        words = first["subject"].replace("Re:", "").strip()
        found = cli_json("search", f'"{words}"')
        self.assertIn(first["id"], [c["id"] for c in found["conversations"]])

        # An action either fits in the space the store's log already holds (it is shown at once and
        # queued for the server) or fails plainly and changes nothing (the store and the queue row
        # go in one transaction).
        unread_before = first["unread"]
        marked = cli("mark", str(first["id"]), "read" if unread_before else "unread")
        now = cli_json("conversations", "--limit", "5")["conversations"][0]
        if marked.returncode == 0:
            self.assertNotEqual(bool(now["unread"]), bool(unread_before))
            self.assertEqual(cli_json("stats")["pending_actions"], 1)
        else:
            self.assertIn("The disk is full", marked.stderr)
            self.assertEqual(now["unread"], unread_before)
            self.assertEqual(cli_json("stats")["pending_actions"], 0)

        # Room again: the next sync fetches the rest, nothing twice, and the store stays whole.
        grown = subprocess.run(["mount", "-o", "remount,size=256m", SMALL], capture_output=True, text=True)
        self.assertEqual(grown.returncode, 0, grown.stderr)
        finished = cli("sync", "--wait-bodies")
        self.assertEqual(finished.returncode, 0, finished.stderr)
        integrity, stored, distinct, indexed = store_check()
        self.assertEqual(integrity, "ok")
        self.assertEqual(stored, SEEDED)
        self.assertEqual(distinct, SEEDED)
        self.assertEqual(indexed, SEEDED)
        self.assertEqual(cli_json("stats")["pending_actions"], 0, "the action was written back")


if __name__ == "__main__":
    refused = own_mount_namespace()
    if refused is not None:
        print(f"SKIP: this machine gives the test no tmpfs of its own ({refused})", file=sys.stderr)
        sys.exit(77)
    os.environ["XDG_DATA_HOME"] = SMALL
    try:
        unittest.main(verbosity=2)
    finally:
        subprocess.run(["umount", SMALL], capture_output=True)
