#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""inbox-cli sync against the fixture's real Dovecot: the first sync stores what was seeded (counts,
conversations, flags, folder roles), and changes made by another client (imaplib) appear after a
resync: new mail, flags, moves and expunges; a conversation left empty disappears.

Runs under: inbox-fixture --imap --smtp --keyring -- test_sync.py INBOX_CLI
"""

import email.utils
import hashlib
import imaplib
import json
import os
import ssl
import subprocess
import sys
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import run_cli  # noqa: E402
# The fixture's Dovecot has CONDSTORE and QRESYNC, unless the test runs against a plainer server
# (inbox-fixture --imap-capability, as the sync-plain-server test does).
CONDSTORE = "CONDSTORE" in ENV.get("INBOX_TEST_IMAP_CAPABILITY", "CONDSTORE")
SEEDED = int(ENV["INBOX_TEST_INBOX_COUNT"])  # 9: three threads of three, every third unseen


def fingerprint():
    with open(ENV["INBOX_TEST_CA_CERT"]) as f:
        digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def cli(*args, password=None):
    result = run_cli([CLI, *args], stdin=password)
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args else result.stdout


def imap():
    context = ssl.create_default_context(cafile=ENV["INBOX_TEST_CA_CERT"])
    connection = imaplib.IMAP4_SSL(ENV["INBOX_TEST_IMAP_HOST"], int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=context)
    connection.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
    return connection


def uid_of(connection, message_id):
    typ, data = connection.uid("SEARCH", None, "HEADER", "Message-ID", message_id)
    return data[0].split()[0].decode()


class SyncTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cli("account", "add", "--email", ENV["INBOX_TEST_USER"], "--imap-host", ENV["INBOX_TEST_IMAP_HOST"],
            "--imap-port", ENV["INBOX_TEST_IMAPS_PORT"], "--imap-security", "tls",
            "--smtp-host", ENV["INBOX_TEST_IMAP_HOST"], "--smtp-port", ENV["INBOX_TEST_SMTP_PORT"],
            "--smtp-security", "none", "--pin-certificate", fingerprint(), "--password-stdin",
            password=ENV["INBOX_TEST_PASSWORD"])
        cls.first = cli("sync", "--json")["accounts"][0]

    def conversations(self, mailbox="all"):
        return cli("conversations", "--mailbox", mailbox, "--limit", "100", "--json")["conversations"]

    def conversation_with(self, message_id):
        for conversation in self.conversations():
            if message_id in conversation["message_ids"]:
                return conversation
        return None

    def test_1_first_sync_stores_what_was_seeded(self):
        self.assertIsNone(self.first["error"])
        # Every body came through the bulk fetch, none through Camel's one-by-one path.
        self.assertEqual(self.first["fetched_in_bulk"], self.first["added"])
        self.assertEqual(self.first["folders"], 6)  # INBOX and the five SPECIAL-USE folders
        stats = cli("stats", "--json")
        # The copy in Sent is the same message as INBOX's second one: stored once, in two folders.
        self.assertEqual((stats["messages"], stats["conversations"], stats["folders"]), (SEEDED, 3, 6))
        for conversation in self.conversations("inbox"):
            self.assertEqual(conversation["message_count"], 3)
            self.assertEqual(conversation["unread"], 1)
        self.assertEqual(len(self.conversations("sent")), 1)
        self.assertEqual(self.conversation_with("seed-1@fixture.example.com")["folders"], ["INBOX", "Sent"])
        for mailbox in ("drafts", "trash", "spam", "archive"):
            self.assertEqual(self.conversations(mailbox), [], mailbox)

    def test_2_resync_with_no_change_changes_nothing(self):
        again = cli("sync", "--json")["accounts"][0]
        self.assertEqual((again["added"], again["flags"], again["removed"]), (0, 0, 0))
        # With CONDSTORE, EXAMINE alone shows that no folder changed, so none is listed; without
        # it, every folder is listed (and still nothing changes).
        self.assertEqual(again["unchanged_folders"], again["folders"] if CONDSTORE else 0)

    def test_2b_a_flag_change_alone_is_seen(self):
        # No new mail and no expunge: only HIGHESTMODSEQ moves, and that must be enough.
        connection = imap()
        connection.select("INBOX")
        connection.uid("STORE", uid_of(connection, "<seed-1@fixture.example.com>"), "+FLAGS", "(\\Flagged)")
        connection.logout()
        result = cli("sync", "--json")["accounts"][0]
        self.assertEqual((result["added"], result["flags"], result["removed"]), (0, 1, 0))
        self.assertEqual(result["unchanged_folders"], result["folders"] - 1 if CONDSTORE else 0)
        # Only what changed since the last sync was asked for (CHANGEDSINCE), not the whole folder.
        self.assertEqual(result["incremental_folders"], 1 if CONDSTORE else 0)
        detail = cli("conversation", str(self.conversation_with("seed-1@fixture.example.com")["id"]), "--json")["messages"]
        self.assertIn("flagged", next(m for m in detail if m["message_id"] == "seed-1@fixture.example.com")["flags"])
        connection = imap()
        connection.select("INBOX")
        connection.uid("STORE", uid_of(connection, "<seed-1@fixture.example.com>"), "-FLAGS", "(\\Flagged)")
        connection.logout()
        self.assertEqual(cli("sync", "--json")["accounts"][0]["flags"], 1)

    def test_3_changes_by_another_client_appear(self):
        connection = imap()
        connection.select("INBOX")
        # New mail: a reply into thread 2.
        reply = (f"Message-ID: <new-reply@elsewhere.example>\r\nFrom: Ada <ada@example.net>\r\nTo: {ENV['INBOX_TEST_USER']}\r\n"
                 f"Subject: Re: Project update 2\r\nDate: {email.utils.formatdate()}\r\n"
                 "In-Reply-To: <seed-8@fixture.example.com>\r\nReferences: <seed-6@fixture.example.com> <seed-8@fixture.example.com>\r\n"
                 "\r\nA new reply.\r\n").encode()
        connection.append("INBOX", None, None, reply)
        # Flags: star one, read the unread one of thread 0.
        connection.uid("STORE", uid_of(connection, "<seed-0@fixture.example.com>"), "+FLAGS", "(\\Flagged)")
        connection.uid("STORE", uid_of(connection, "<seed-2@fixture.example.com>"), "+FLAGS", "(\\Seen)")
        # A move to Archive, and thread 1 expunged entirely.
        connection.uid("MOVE", uid_of(connection, "<seed-5@fixture.example.com>"), "Archive")
        for n in (3, 4):
            connection.uid("STORE", uid_of(connection, f"<seed-{n}@fixture.example.com>"), "+FLAGS", "(\\Deleted)")
        connection.expunge()
        connection.logout()

        result = cli("sync", "--json")["accounts"][0]
        self.assertIsNone(result["error"])
        self.assertGreaterEqual(result["added"], 2)   # the reply, and the moved message's new copy in Archive
        self.assertGreaterEqual(result["flags"], 2)
        self.assertGreaterEqual(result["removed"], 3)
        # INBOX and Archive each told only what changed (new mail, CHANGEDSINCE, a UID SEARCH for expunges).
        if CONDSTORE:
            self.assertGreaterEqual(result["incremental_folders"], 2)

        thread2 = self.conversation_with("new-reply@elsewhere.example")
        self.assertIsNotNone(thread2)
        self.assertIn("seed-8@fixture.example.com", thread2["message_ids"])
        self.assertEqual(thread2["message_count"], 4)

        thread0 = self.conversation_with("seed-0@fixture.example.com")
        self.assertEqual(thread0["unread"], 0)
        detail = cli("conversation", str(thread0["id"]), "--json")["messages"]
        self.assertIn("flagged", next(m for m in detail if m["message_id"] == "seed-0@fixture.example.com")["flags"])

        # Thread 1 lost two messages to the expunge and one to Archive: it lives on in Archive only.
        thread1 = self.conversation_with("seed-5@fixture.example.com")
        self.assertEqual(thread1["message_ids"], ["seed-5@fixture.example.com"])
        self.assertEqual(thread1["folders"], ["Archive"])
        self.assertNotIn(thread1["id"], [c["id"] for c in self.conversations("inbox")])

        # Expunging its last message makes the conversation disappear.
        connection = imap()
        connection.select("Archive")
        connection.uid("STORE", uid_of(connection, "<seed-5@fixture.example.com>"), "+FLAGS", "(\\Deleted)")
        connection.expunge()
        connection.logout()
        cli("sync")
        self.assertIsNone(self.conversation_with("seed-5@fixture.example.com"))
        self.assertEqual(cli("stats", "--json")["conversations"], 2)

    def test_4_new_uidvalidity_refetches_without_loss(self):
        before = cli("stats", "--json")
        subprocess.run(["doveadm", "-c", ENV["INBOX_TEST_DOVECOT_CONF"], "mailbox", "update", "-u", ENV["INBOX_TEST_USER"],
                        "--uid-validity", "4242", "INBOX"], check=True)
        result = cli("sync", "--json")["accounts"][0]
        self.assertIsNone(result["error"])
        after = cli("stats", "--json")
        self.assertEqual((after["messages"], after["conversations"]), (before["messages"], before["conversations"]))
        self.assertGreater(result["added"], 0, "INBOX was fetched again under its new UIDVALIDITY")
        again = cli("sync", "--json")["accounts"][0]
        self.assertEqual((again["added"], again["removed"]), (0, 0))

    def test_4b_changed_password_is_its_own_state(self):
        users = os.path.join(os.path.dirname(ENV["INBOX_TEST_DOVECOT_CONF"]), "users")
        with open(users) as f:
            original = f.read()
        with open(users, "w") as f:
            f.write(original.replace(ENV["INBOX_TEST_PASSWORD"], "a-new-password"))
        subprocess.run(["doveadm", "-c", ENV["INBOX_TEST_DOVECOT_CONF"], "reload"], check=True)  # auth re-reads it
        try:
            result = subprocess.run([CLI, "sync", "--json"], capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 1)
            account = json.loads(result.stdout)["accounts"][0]
            self.assertEqual(account["status"], "authentication-failed")
            self.assertIn("did not accept the user name or password", account["error"])
        finally:
            with open(users, "w") as f:
                f.write(original)
            subprocess.run(["doveadm", "-c", ENV["INBOX_TEST_DOVECOT_CONF"], "reload"], check=True)
        self.assertEqual(cli("sync", "--json")["accounts"][0]["status"], "idle")

    def test_4c_a_password_missing_from_the_keyring_is_said_as_such(self):
        uid = cli("account", "list", "--json")["accounts"][0]["uid"]
        subprocess.run(["secret-tool", "clear", "account-id", uid, "protocol", "imap"], check=True, timeout=30)
        try:
            result = subprocess.run([CLI, "sync", "--json"], capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 1)
            account = json.loads(result.stdout)["accounts"][0]
            # Fixed as a refused one is (the password entered again), and said for what it is.
            self.assertEqual(account["status"], "authentication-failed")
            self.assertIn("keyring holds no password", account["error"])
        finally:
            subprocess.run(["secret-tool", "store", "--label", "Inbox test", "xdg:schema", "com.example.Inbox.Account",
                            "account-id", uid, "protocol", "imap"],
                           input=ENV["INBOX_TEST_PASSWORD"], text=True, check=True, timeout=30)
        self.assertEqual(cli("sync", "--json")["accounts"][0]["status"], "idle")

    def test_5_removing_the_account_removes_its_mail(self):
        cli("account", "remove", ENV["INBOX_TEST_USER"])
        stats = cli("stats", "--json")
        self.assertEqual((stats["accounts"], stats["folders"], stats["messages"], stats["conversations"]), (0, 0, 0, 0))


if __name__ == "__main__":
    unittest.main(verbosity=2)
