#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fixture's servers are real and behave like the servers Inbox will meet.

Runs under: inbox-fixture --imap --smtp -- test_mail_servers.py
"""

import email
import email.policy
import imaplib
import mailbox
import os
import re
import smtplib
import ssl
import unittest
from email.message import EmailMessage

ENV = os.environ
HOST = ENV["INBOX_TEST_IMAP_HOST"]
SPECIAL_USE = {"\\Drafts": "Drafts", "\\Sent": "Sent", "\\Trash": "Trash", "\\Junk": "Junk", "\\Archive": "Archive"}


def verified_context():
    """Trust exactly the fixture's self-signed certificate, and check the host name."""
    context = ssl.create_default_context(cafile=ENV["INBOX_TEST_CA_CERT"])
    context.check_hostname = True
    return context


class ImapTest(unittest.TestCase):
    def login_imaps(self):
        imap = imaplib.IMAP4_SSL(HOST, int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=verified_context())
        self.addCleanup(imap.logout)
        imap.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
        return imap

    def test_starttls_login(self):
        imap = imaplib.IMAP4(HOST, int(ENV["INBOX_TEST_IMAP_PORT"]))
        self.addCleanup(imap.logout)
        self.assertIn("STARTTLS", imap.capabilities)
        imap.starttls(ssl_context=verified_context())
        typ, _ = imap.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual(typ, "OK")

    def test_imaps_lists_special_use_folders(self):
        imap = self.login_imaps()
        typ, lines = imap.list()
        self.assertEqual(typ, "OK")
        roles = {}
        for line in lines:
            match = re.match(rb'\((?P<flags>[^)]*)\) "(?P<sep>[^"]*)" (?P<name>.+)', line)
            self.assertIsNotNone(match, line)
            name = match.group("name").decode().strip('"')
            for flag in match.group("flags").decode().split():
                if flag in SPECIAL_USE:
                    roles[flag] = name
        self.assertEqual(roles, SPECIAL_USE)

    def test_inbox_is_seeded(self):
        imap = self.login_imaps()
        typ, data = imap.select("INBOX", readonly=True)
        self.assertEqual(typ, "OK")
        self.assertEqual(int(data[0]), int(ENV["INBOX_TEST_INBOX_COUNT"]))
        typ, data = imap.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT IN-REPLY-TO)] FLAGS)")
        headers = email.message_from_bytes(data[0][1], policy=email.policy.default)
        self.assertEqual(headers["Subject"], "Re: Project update 0")
        self.assertEqual(headers["In-Reply-To"], "<seed-0@fixture.example.com>")
        typ, data = imap.search(None, "UNSEEN")
        self.assertEqual(len(data[0].split()), int(ENV["INBOX_TEST_INBOX_COUNT"]) // 3)

    def test_wrong_password_is_refused(self):
        imap = imaplib.IMAP4_SSL(HOST, int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=verified_context())
        self.addCleanup(imap.shutdown)
        with self.assertRaisesRegex(imaplib.IMAP4.error, "AUTHENTICATIONFAILED"):
            imap.login(ENV["INBOX_TEST_USER"], "not-the-password")

    def test_untrusted_certificate_is_rejected(self):
        # With the system's CAs only, the self-signed certificate must fail verification.
        with self.assertRaises(ssl.SSLCertVerificationError):
            imaplib.IMAP4_SSL(HOST, int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=ssl.create_default_context())


class SmtpTest(unittest.TestCase):
    def test_server_keeps_what_it_receives(self):
        message = EmailMessage()
        message["From"] = "Inbox Test <test@example.com>"
        message["To"] = "Zoë <zoe@example.org>"
        message["Subject"] = "Grüße from the fixture"
        message["Message-ID"] = "<smtp-test-1@example.com>"
        message.set_content("Körper of the message.\n")
        with smtplib.SMTP(HOST, int(ENV["INBOX_TEST_SMTP_PORT"]), timeout=10) as smtp:
            # Like a submission server, it sends for a logged-in user only, with the right password.
            with self.assertRaises(smtplib.SMTPSenderRefused) as refused:
                smtp.send_message(message)
            self.assertEqual(refused.exception.smtp_code, 530)
            with self.assertRaises(smtplib.SMTPAuthenticationError):
                smtp.login(ENV["INBOX_TEST_USER"], "not-the-password")
            smtp.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
            refused = smtp.send_message(message)
        self.assertEqual(refused, {})

        spool = mailbox.Maildir(ENV["INBOX_TEST_SMTP_SPOOL"], create=False)
        received = [email.message_from_bytes(spool.get_bytes(key), policy=email.policy.default) for key in spool.keys()]
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0]["Message-ID"], "<smtp-test-1@example.com>")
        self.assertEqual(received[0]["Subject"], "Grüße from the fixture")
        self.assertIn("Körper of the message.", received[0].get_content())


if __name__ == "__main__":
    unittest.main(verbosity=2)
