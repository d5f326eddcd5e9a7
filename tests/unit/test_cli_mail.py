#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""inbox-cli's mail commands: import (eml, mbox, Maildir), conversations, conversation, search and
stats, each honouring XDG_DATA_HOME and printing one JSON document with --json. argv[1] is inbox-cli."""

import json
import mailbox
import os
import subprocess
import sys
import tempfile
import unittest

CLI = sys.argv.pop(1)


def message(n, subject, date, extra=""):
    return (f"Message-ID: <cli-{n}@example.com>\r\nFrom: Ada <ada@example.net>\r\nTo: me@example.com\r\n"
            f"Subject: {subject}\r\nDate: {date}\r\n{extra}MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\nBody {n} with grüße.\r\n").encode()


class CliMailTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.env = dict(os.environ, XDG_DATA_HOME=os.path.join(self.tmp.name, "data"))

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, *args, code=0):
        result = subprocess.run([CLI, *args], capture_output=True, text=True, env=self.env, timeout=60)
        self.assertEqual(result.returncode, code, result.stderr)
        return result

    def json_of(self, *args):
        return json.loads(self.run_cli(*args, "--json").stdout)

    def make_sources(self):
        root = self.tmp.name
        eml = os.path.join(root, "one.eml")
        with open(eml, "wb") as f:
            f.write(message(1, "Standalone", "Mon, 6 Nov 2023 10:00:00 +0000"))
        box = mailbox.mbox(os.path.join(root, "Archive.mbox"))
        box.add(message(2, "From the archive", "Tue, 7 Nov 2023 10:00:00 +0000"))
        box.add(message(3, "Re: From the archive", "Wed, 8 Nov 2023 10:00:00 +0000", "In-Reply-To: <cli-2@example.com>\r\n"))
        box.close()
        maildir = mailbox.Maildir(os.path.join(root, "Maildir"))
        maildir.add(message(4, "In the inbox", "Thu, 9 Nov 2023 10:00:00 +0000"))
        sent = maildir.add_folder("Sent")
        sent.add(message(5, "Re: In the inbox", "Fri, 10 Nov 2023 10:00:00 +0000", "References: <cli-4@example.com>\r\n"))
        return [eml, os.path.join(root, "Archive.mbox"), os.path.join(root, "Maildir")]

    def test_import_and_read(self):
        sources = self.make_sources()
        report = self.json_of("import", *sources)
        self.assertEqual((report["added"], report["duplicates"], report["failed"]), (5, 0, 0))
        self.assertEqual(report["account"], "Local")
        self.assertTrue(os.path.exists(os.path.join(self.env["XDG_DATA_HOME"], "inbox", "inbox.db")))

        again = self.json_of("import", *sources)
        self.assertEqual((again["added"], again["duplicates"]), (0, 5))

        stats = self.json_of("stats")
        self.assertEqual({k: stats[k] for k in ("accounts", "messages", "conversations")},
                         {"accounts": 1, "messages": 5, "conversations": 3})
        self.assertGreaterEqual(stats["folders"], 4)
        self.assertGreaterEqual(stats["contacts"], 2)

        inbox = self.json_of("conversations", "--mailbox", "inbox")
        self.assertEqual(inbox["total"], 1)
        conversation = inbox["conversations"][0]
        self.assertEqual(conversation["subject"], "Re: In the inbox")
        self.assertEqual(conversation["message_ids"], ["cli-4@example.com", "cli-5@example.com"])
        self.assertEqual(conversation["message_count"], 2)
        self.assertEqual(conversation["last_activity"], "2023-11-10T10:00:00Z")
        self.assertEqual(conversation["participants"][0], {"name": "Ada", "address": "ada@example.net"})
        self.assertEqual(conversation["folders"], ["INBOX", "Sent"])
        self.assertEqual(conversation["accounts"], ["Local"])
        for key in ("id", "snippet", "unread"):
            self.assertIn(key, conversation)

        everything = self.json_of("conversations", "--mailbox", "all", "--limit", "2", "--offset", "1")
        self.assertEqual(everything["total"], 3)
        self.assertEqual([c["subject"] for c in everything["conversations"]], ["Re: From the archive", "Standalone"])

        detail = self.json_of("conversation", str(conversation["id"]))
        self.assertEqual([m["message_id"] for m in detail["messages"]], ["cli-4@example.com", "cli-5@example.com"])
        first, second = detail["messages"]
        self.assertEqual(first["folders"], ["INBOX"])
        self.assertEqual(second["folders"], ["Sent"])
        self.assertEqual(first["from"]["address"], "ada@example.net")
        self.assertEqual(first["to"], ["me@example.com"])
        self.assertEqual(first["date"], "2023-11-09T10:00:00Z")
        self.assertFalse(first["has_attachments"])
        self.assertIsNone(first["parse_error"])
        self.assertIsInstance(first["flags"], list)

        found = self.json_of("search", "archive")
        self.assertEqual([c["subject"] for c in found["conversations"]], ["Re: From the archive"])
        self.assertEqual(sorted(found["conversations"][0]["matching_message_ids"]), ["cli-2@example.com", "cli-3@example.com"])
        self.assertEqual(self.json_of("search", "GRUße", "-archive")["conversations"][0]["subject"], "Re: In the inbox")

    def test_errors(self):
        bad = self.run_cli("search", "bogus:thing", code=2)
        self.assertIn("Unknown search operator", bad.stderr)
        self.run_cli("conversations", "--mailbox", "nowhere", code=2)
        self.run_cli("conversation", "12345", code=1)
        self.run_cli("conversation", "abc", code=2)
        self.run_cli("import", code=2)
        missing = self.json_of("import", os.path.join(self.tmp.name, "no-such-file.eml"))
        self.assertEqual(missing["failed"], 1)
        self.assertIn("no such file", missing["problems"][0]["message"])

    def test_json_is_utf8_in_any_locale(self):
        self.run_cli("import", self.make_sources()[0])
        self.env["LC_ALL"] = "C"
        result = subprocess.run([CLI, "conversations", "--mailbox", "all", "--json"], capture_output=True, env=self.env)
        self.assertIn("grüße".encode(), result.stdout)

    def test_newer_database_is_refused(self):
        db_dir = os.path.join(self.env["XDG_DATA_HOME"], "inbox")
        os.makedirs(db_dir)
        subprocess.run(["sqlite3", os.path.join(db_dir, "inbox.db"), "PRAGMA user_version = 999;"], check=True)
        result = self.run_cli("stats", code=1)
        self.assertIn("newer version of Inbox", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
