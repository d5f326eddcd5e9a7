#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write-back: actions change the store at once, queue for the server in the same transaction,
and the next sync replays them exactly once; with the server down they wait, and drain when it is
back. Checked on the server with imaplib.

Runs under: inbox-fixture --imap --smtp --keyring -- test_writeback.py INBOX_CLI
"""

import hashlib
import imaplib
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import run_cli  # noqa: E402


def cli(*args, password=None, code=0):
    result = run_cli([CLI, *args], stdin=password)
    if result.returncode != code:
        raise AssertionError(f"inbox-cli {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args and result.stdout else result


def imap():
    context = ssl.create_default_context(cafile=ENV["INBOX_TEST_CA_CERT"])
    connection = imaplib.IMAP4_SSL(ENV["INBOX_TEST_IMAP_HOST"], int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=context)
    connection.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
    return connection


def server_state(folder):
    """Message-ID → flags, for one folder on the server."""
    connection = imap()
    typ, count = connection.select(folder, readonly=True)
    state = {}
    if int(count[0]) == 0:
        connection.logout()
        return state
    typ, data = connection.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    for item in data:
        if isinstance(item, tuple):
            flags = item[0].decode()
            message_id = item[1].decode().split(":", 1)[1].strip().strip("<>")
            state[message_id] = flags
    connection.logout()
    return state


def wait_for_port(port, up=True):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise AssertionError(f"port {port} did not go {'up' if up else 'down'}")


class WriteBackTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(ENV["INBOX_TEST_CA_CERT"]) as f:
            digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()
        cli("account", "add", "--email", ENV["INBOX_TEST_USER"], "--imap-host", ENV["INBOX_TEST_IMAP_HOST"],
            "--imap-port", ENV["INBOX_TEST_IMAPS_PORT"], "--imap-security", "tls",
            "--smtp-host", ENV["INBOX_TEST_IMAP_HOST"], "--smtp-port", ENV["INBOX_TEST_SMTP_PORT"],
            "--smtp-security", "none", "--pin-certificate", digest, "--password-stdin",
            password=ENV["INBOX_TEST_PASSWORD"])
        cli("sync")

    def conversation_with(self, message_id):
        for mailbox in ("all", "trash"):  # what is only in Trash is not in All
            for conversation in cli("conversations", "--mailbox", mailbox, "--limit", "100", "--json")["conversations"]:
                if message_id in conversation["message_ids"]:
                    return conversation
        raise AssertionError(f"no conversation holds {message_id}")

    def delivered(self, message_id, subject, time_of_day):
        """A message put in INBOX by another client, synced: its conversation."""
        connection = imap()
        connection.append("INBOX", None, None, (f"Message-ID: <{message_id}>\r\nFrom: a@example.com\r\n"
                                                f"Subject: {subject}\r\nDate: Mon, 6 Nov 2023 {time_of_day} +0000"
                                                f"\r\n\r\nHi\r\n").encode())
        connection.logout()
        cli("sync")
        return self.conversation_with(message_id)

    def pending(self):
        return cli("stats", "--json")["pending_actions"]

    def test_1_flags_are_local_at_once_then_on_the_server(self):
        thread0 = self.conversation_with("seed-0@fixture.example.com")
        thread1 = self.conversation_with("seed-3@fixture.example.com")
        cli("mark", str(thread0["id"]), "read")
        cli("mark", str(thread1["id"]), "starred")
        self.assertEqual(self.conversation_with("seed-0@fixture.example.com")["unread"], 0)
        self.assertGreater(self.pending(), 0)

        result = cli("sync", "--json")["accounts"][0]
        self.assertIsNone(result["error"])
        self.assertGreaterEqual(result["written_back"], 2)
        self.assertEqual(self.pending(), 0)
        inbox = server_state("INBOX")
        self.assertIn("\\Seen", inbox["seed-2@fixture.example.com"])
        for n in (3, 4, 5):
            self.assertIn("\\Flagged", inbox[f"seed-{n}@fixture.example.com"])
        # Replayed once: a second sync has nothing to write back and nothing new to learn.
        again = cli("sync", "--json")["accounts"][0]
        self.assertEqual((again["written_back"], again["flags"]), (0, 0))

    def test_2_archive_moves_on_the_server(self):
        thread2 = self.conversation_with("seed-6@fixture.example.com")
        cli("move", str(thread2["id"]), "archive")
        local = self.conversation_with("seed-6@fixture.example.com")
        self.assertEqual(local["folders"], ["Archive"])
        inbox_ids = [c["id"] for c in cli("conversations", "--mailbox", "inbox", "--json")["conversations"]]
        self.assertNotIn(local["id"], inbox_ids)

        cli("sync")
        self.assertEqual(self.pending(), 0)
        archive, inbox = server_state("Archive"), server_state("INBOX")
        for n in (6, 7, 8):
            self.assertIn(f"seed-{n}@fixture.example.com", archive)
            self.assertNotIn(f"seed-{n}@fixture.example.com", inbox)
        after = self.conversation_with("seed-6@fixture.example.com")
        self.assertEqual((after["folders"], after["message_count"]), (["Archive"], 3))

    def test_3_offline_actions_wait_and_drain_in_order(self):
        thread1 = self.conversation_with("seed-3@fixture.example.com")
        thread0 = self.conversation_with("seed-0@fixture.example.com")
        conf = ENV["INBOX_TEST_DOVECOT_CONF"]
        subprocess.run(["doveadm", "-c", conf, "stop"], check=True)
        wait_for_port(int(ENV["INBOX_TEST_IMAPS_PORT"]), up=False)
        try:
            cli("move", str(thread1["id"]), "trash")
            cli("mark", str(thread0["id"]), "unread")
            queued = self.pending()
            self.assertGreaterEqual(queued, 4)
            failed = cli("sync", code=1)
            # Said as an outage with nothing lost, not as a change the server turned down.
            self.assertIn(f"Cannot reach 127.0.0.1 (connection refused on port {ENV['INBOX_TEST_IMAPS_PORT']}). "
                          "Your changes wait until it is back.", failed.stderr)
            self.assertNotIn("Cannot write a change back", failed.stderr)
            self.assertEqual(self.pending(), queued)
            # Still readable and searchable offline.
            self.assertEqual(self.conversation_with("seed-3@fixture.example.com")["folders"], ["Trash"])
            self.assertTrue(cli("search", "Project", "--json")["conversations"])
        finally:
            subprocess.run(["dovecot", "-c", conf], check=True)
            wait_for_port(int(ENV["INBOX_TEST_IMAPS_PORT"]))
        cli("sync")
        self.assertEqual(self.pending(), 0)
        trash, inbox = server_state("Trash"), server_state("INBOX")
        for n in (3, 4, 5):
            self.assertIn(f"seed-{n}@fixture.example.com", trash)
            self.assertNotIn(f"seed-{n}@fixture.example.com", inbox)
        self.assertNotIn("\\Seen", inbox["seed-0@fixture.example.com"])

    def test_5_roles_chosen_by_the_user_stick(self):
        cli("folder-role", "--account", ENV["INBOX_TEST_USER"], "Drafts", "archive")
        cli("sync")  # the server still says \\Archive on Archive: the choice stays
        roles = {f["path"]: (f["role"], f["role_chosen"]) for f in cli("folders", "--json")["folders"]
                 if f["account"] == ENV["INBOX_TEST_USER"]}
        self.assertEqual(roles["Drafts"], ("archive", True))
        self.assertEqual(roles["Archive"], ("none", True))
        thread0 = self.conversation_with("seed-0@fixture.example.com")
        cli("move", str(thread0["id"]), "archive")
        cli("sync")
        self.assertIn("seed-0@fixture.example.com", server_state("Drafts"))
        failed = cli("folder-role", "--account", ENV["INBOX_TEST_USER"], "Nowhere", "archive", code=1)
        self.assertIn("no folder", failed.stderr)

    def test_6_labels_folders_spam_and_delete_forever(self):
        connection = imap()
        connection.create("Projects")
        connection.logout()
        cli("sync")
        thread0 = self.conversation_with("seed-0@fixture.example.com")
        thread2 = self.conversation_with("seed-6@fixture.example.com")

        cli("label", str(thread0["id"]), "Projects")          # a copy: it stays where it was too
        cli("move", str(thread2["id"]), "spam")
        cli("sync")
        projects = server_state("Projects")
        self.assertIn("seed-0@fixture.example.com", projects)
        self.assertIn("seed-0@fixture.example.com", server_state("Drafts"))
        for n in (6, 7, 8):
            self.assertIn(f"seed-{n}@fixture.example.com", server_state("Junk"))

        cli("move", str(thread2["id"]), "inbox")               # not spam after all
        cli("sync")
        for n in (6, 7, 8):
            self.assertIn(f"seed-{n}@fixture.example.com", server_state("INBOX"))
            self.assertNotIn(f"seed-{n}@fixture.example.com", server_state("Junk"))

        cli("move", str(thread2["id"]), "folder:Projects")
        cli("sync")
        self.assertIn("seed-6@fixture.example.com", server_state("Projects"))
        self.assertNotIn("seed-6@fixture.example.com", server_state("INBOX"))

        # Forever only from Trash or Spam: thread 1 went to the Trash in test 3.
        refused = cli("delete", str(thread0["id"]), code=1)
        self.assertIn("Trash", refused.stderr)
        thread1 = self.conversation_with("seed-3@fixture.example.com")
        cli("delete", str(thread1["id"]))
        with self.assertRaises(AssertionError):
            self.conversation_with("seed-3@fixture.example.com")
        cli("sync")
        self.assertEqual(self.pending(), 0)
        trash = server_state("Trash")
        for n in (3, 4, 5):
            self.assertNotIn(f"seed-{n}@fixture.example.com", trash)

    def test_7_a_refused_move_comes_back(self):
        """The folder is gone from the server when the move is replayed: the server refuses, the move is
        undone here and the conversation is back in the Inbox; nothing stays queued."""
        connection = imap()
        connection.create("Doomed")
        connection.logout()
        thread = self.delivered("refused@example.com", "Stays put", "10:00:00")
        cli("move", str(thread["id"]), "folder:Doomed")
        inbox = cli("conversations", "--mailbox", "inbox", "--limit", "100", "--json")["conversations"]
        self.assertNotIn(thread["id"], [c["id"] for c in inbox])

        connection = imap()
        connection.delete("Doomed")
        connection.logout()
        result = cli("sync")
        self.assertIn("refused", result.stderr)
        self.assertEqual(self.pending(), 0)
        inbox = cli("conversations", "--mailbox", "inbox", "--limit", "100", "--json")["conversations"]
        self.assertIn("refused@example.com", [m for c in inbox for m in c["message_ids"]])
        self.assertIn("refused@example.com", server_state("INBOX"))

    def test_8_undo_during_a_pass_keeps_the_conversation(self):
        """An archive, then its Undo while a pass is under way, after that pass replayed the archive: the
        Undo's place in INBOX waits for its own replay, and the pass's listing of INBOX (where the server
        no longer has the message) does not take it for gone. It did: the conversation left the Inbox
        again until the next pass, and in a pass over INBOX alone (IDLE's) the message lost its only
        place and was deleted, then came back from the server as a new conversation."""
        thread = self.delivered("undone@example.com", "Undone in time", "11:00:00")
        cli("move", str(thread["id"]), "archive")
        hold = os.path.join(ENV["INBOX_TEST_DIR"], "hold-sync")
        open(hold, "w").close()
        sync = subprocess.Popen([CLI, "sync"], env=dict(ENV, INBOX_SYNC_TEST_HOLD=hold),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            self.assertIn("held after the replay", sync.stderr.readline())
            self.assertNotIn("undone@example.com", server_state("INBOX"))  # the archive is on the server
            cli("move", str(thread["id"]), "folder:INBOX")              # back, as Undo does
        finally:
            os.unlink(hold)
            sync.stderr.read()
            sync.stderr.close()
            sync.wait(timeout=120)
        # Still in the Inbox here, where Undo put it (the pass took it out, until the next one).
        held = self.conversation_with("undone@example.com")
        self.assertEqual(held["id"], thread["id"])
        self.assertIn("INBOX", held["folders"])
        cli("sync")
        self.assertEqual(self.pending(), 0)
        after = self.conversation_with("undone@example.com")
        self.assertEqual((after["id"], after["folders"]), (thread["id"], ["INBOX"]))
        self.assertIn("undone@example.com", server_state("INBOX"))

    def test_4_missing_role_says_so(self):
        with tempfile.NamedTemporaryFile("w", suffix=".eml", delete=False) as f:
            f.write("Message-ID: <local@example.com>\r\nFrom: a@example.com\r\nSubject: Local\r\n"
                    "Date: Mon, 6 Nov 2023 10:00:00 +0000\r\n\r\nHi\r\n")
        cli("import", f.name)
        os.unlink(f.name)
        local = self.conversation_with("local@example.com")
        failed = cli("move", str(local["id"]), "archive", code=1)
        self.assertIn("Mailboxes not configured: no Archive folder", failed.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
