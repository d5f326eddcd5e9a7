#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A server that keeps its folders the old way (Courier, cPanel, older Cyrus): every folder under
"INBOX." with "." between levels, no SPECIAL-USE, and iCloud's names ("Sent Messages", "Deleted
Messages"). The roles are found by name right below INBOX (a project's "Sent" subfolder is not the
account's), and archiving, trash, sending and mail in a nested folder all reach the right folders
on the server; the bulk connection names folders as the server does, in modified UTF-7 too.

Runs under: inbox-fixture --imap --smtp --keyring --imap-old-style -- test_folder_names.py INBOX_CLI
"""

import base64
import email.utils
import json
import os
import subprocess
import sys
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import add_and_sync, imap, run_cli  # noqa: E402


def cli(*args):
    result = run_cli([CLI, *args])
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args else result.stdout


def message_ids(folder):
    """The Message-IDs in one folder on the server."""
    connection = imap()
    typ, count = connection.select(f'"{folder}"', readonly=True)
    found = set()
    if typ == "OK" and int(count[0]) > 0:
        typ, data = connection.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        for item in data:
            if isinstance(item, tuple):
                found.add(item[1].decode().split(":", 1)[1].strip().strip("<>"))
    connection.logout()
    return found


class FolderNamesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        add_and_sync(CLI)

    def conversation_with(self, message_id, mailbox="inbox"):
        for conversation in cli("conversations", "--mailbox", mailbox, "--limit", "100", "--json")["conversations"]:
            if message_id in conversation["message_ids"]:
                return conversation
        return None

    def test_1_roles_are_found_by_name_below_inbox(self):
        roles = {folder["path"]: folder["role"] for folder in cli("folders", "--json")["folders"]}
        self.assertEqual(roles["INBOX/Sent Messages"], "sent")
        self.assertEqual(roles["INBOX/Deleted Messages"], "trash")
        self.assertEqual(roles["INBOX/Junk"], "junk")
        self.assertEqual(roles["INBOX/Archive"], "archive")
        self.assertEqual(roles["INBOX/Drafts"], "drafts")
        self.assertEqual(roles["INBOX/Projects/Sent"], "none")
        # The fixture's one sent message is in Sent.
        self.assertEqual(cli("conversations", "--mailbox", "sent", "--json")["total"], 1)

    def test_2_archive_and_trash_reach_the_right_folders(self):
        archived = self.conversation_with("seed-0@fixture.example.com")
        trashed = self.conversation_with("seed-3@fixture.example.com")
        cli("move", str(archived["id"]), "archive")
        cli("move", str(trashed["id"]), "trash")
        cli("sync")
        self.assertIn("seed-0@fixture.example.com", message_ids("INBOX.Archive"))
        self.assertIn("seed-3@fixture.example.com", message_ids("INBOX.Deleted Messages"))
        self.assertNotIn("seed-0@fixture.example.com", message_ids("INBOX"))

    def test_3_sent_mail_is_kept_in_sent_messages(self):
        sent = cli("send", "--account", ENV["INBOX_TEST_USER"], "--to", "ada@example.net", "--subject", "Filed right",
                   "--body", "x", "--json")
        self.assertIn(sent["message_id"], message_ids("INBOX.Sent Messages"))

    def test_4_mail_in_a_nested_folder_arrives(self):
        connection = imap()
        connection.append("INBOX.Projects.Sent", None, None,
                          (f"Message-ID: <nested@elsewhere.example>\r\nFrom: Ada <ada@example.net>\r\n"
                           f"To: {ENV['INBOX_TEST_USER']}\r\nSubject: Filed in a project\r\n"
                           f"Date: {email.utils.formatdate()}\r\n\r\nDeep down.\r\n").encode())
        connection.logout()
        result = run_cli([CLI, "sync", "--json"])
        # Fetched on the bulk connection, which names the folder as the server does (INBOX.Projects.Sent).
        self.assertGreaterEqual(json.loads(result.stdout)["accounts"][0]["fetched_in_bulk"], 1, result.stderr)
        for fallback in ("Cannot list", "Bulk fetch", "answered unexpectedly"):
            self.assertNotIn(fallback, result.stderr)
        folder = next(f for f in cli("folders", "--json")["folders"] if f["path"] == "INBOX/Projects/Sent")
        self.assertIsNotNone(self.conversation_with("nested@elsewhere.example", mailbox=f"folder:{folder['id']}"))

    def test_5_a_folder_named_in_utf8_comes_in_bulk(self):
        # Another client makes "Réunions & Co" (modified UTF-7 on the wire: "R&AOk-unions &- Co") and files
        # mail there; doveadm takes the UTF-8 name.
        name = "INBOX.Réunions & Co"
        doveadm = ["doveadm", "-c", ENV["INBOX_TEST_DOVECOT_CONF"]]
        subprocess.run(doveadm + ["mailbox", "create", "-u", ENV["INBOX_TEST_USER"], name], check=True)
        message = (f"Message-ID: <reunion@elsewhere.example>\r\nFrom: Zoé <zoe@example.net>\r\n"
                   f"To: {ENV['INBOX_TEST_USER']}\r\nSubject: Ordre du jour\r\nDate: {email.utils.formatdate()}\r\n"
                   "\r\nÀ demain.\r\n")
        subprocess.run(doveadm + ["save", "-u", ENV["INBOX_TEST_USER"], "-m", name], input=message.encode(), check=True)
        result = run_cli([CLI, "sync", "--json"])
        self.assertEqual(json.loads(result.stdout)["accounts"][0]["fetched_in_bulk"], 1, result.stderr)
        folder = next(f for f in cli("folders", "--json")["folders"] if f["path"] == "INBOX/Réunions & Co")
        self.assertIsNotNone(self.conversation_with("reunion@elsewhere.example", mailbox=f"folder:{folder['id']}"))

    def test_6_a_message_too_big_for_the_bulk_connection(self):
        # Over the 64 MB the bulk connection holds in memory: read past, fetched by Camel (which
        # streams it), while the messages around it still come in bulk.
        attachment = base64.encodebytes(os.urandom(50 * 1024 * 1024)).decode()
        big = (f"Message-ID: <too-big@elsewhere.example>\r\nFrom: Ada <ada@example.net>\r\n"
               f"To: {ENV['INBOX_TEST_USER']}\r\nSubject: The whole archive\r\nDate: {email.utils.formatdate()}\r\n"
               "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
               "Content-Type: text/plain\r\n\r\nAttached.\r\n--b\r\nContent-Type: application/octet-stream\r\n"
               "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=archive.bin\r\n\r\n"
               + attachment.replace("\n", "\r\n") + "--b--\r\n").encode()
        self.assertGreater(len(big), 64 * 1024 * 1024)
        connection = imap()
        for message_id in ("before-big", None, "after-big"):
            data = big if message_id is None else (
                f"Message-ID: <{message_id}@elsewhere.example>\r\nFrom: Ada <ada@example.net>\r\n"
                f"To: {ENV['INBOX_TEST_USER']}\r\nSubject: {message_id}\r\nDate: {email.utils.formatdate()}\r\n"
                "\r\nSmall.\r\n").encode()
            connection.append("INBOX.Projects", None, None, data)
        connection.logout()
        result = run_cli([CLI, "sync", "--json"], timeout=300)
        synced = json.loads(result.stdout)["accounts"][0]
        self.assertEqual((synced["added"], synced["fetched_in_bulk"]), (3, 2), result.stderr)
        folder = next(f for f in cli("folders", "--json")["folders"] if f["path"] == "INBOX/Projects")
        for message_id in ("before-big", "too-big", "after-big"):
            self.assertIsNotNone(self.conversation_with(f"{message_id}@elsewhere.example", mailbox=f"folder:{folder['id']}"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
