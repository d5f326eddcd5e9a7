#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""New mail notifies: the real app runs with an account; another client (imaplib) puts a new message in
INBOX; IDLE brings it in and the desktop's notification server (python3-dbusmock's standard
notification-daemon mock on the fixture's session bus) receives one notification with the sender, the
subject and Archive / Mark as Read buttons. Pressing Archive there archives the message on the server.

Runs under: inbox-fixture --imap --smtp --keyring --xvfb -- test_notifications.py INBOX_CLI INBOX
"""

import email.utils
import hashlib
import imaplib
import os
import re
import ssl
import subprocess
import sys
import time
import unittest

CLI, INBOX = sys.argv.pop(1), sys.argv.pop(1)
ENV = os.environ
APP_ID = "com.example.Inbox"


def run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=60, **kwargs)


def wait_for(predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def has_owner(name):
    result = run("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                 "--method", "org.freedesktop.DBus.NameHasOwner", name)
    return "true" in result.stdout


def imap():
    context = ssl.create_default_context(cafile=ENV["INBOX_TEST_CA_CERT"])
    connection = imaplib.IMAP4_SSL(ENV["INBOX_TEST_IMAP_HOST"], int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=context)
    connection.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
    return connection


def in_folder(folder, message_id):
    connection = imap()
    connection.select(folder, readonly=True)
    typ, data = connection.search(None, "HEADER", "Message-ID", f"<{message_id}>")
    connection.logout()
    return bool(data[0].split())


class NotificationTest(unittest.TestCase):
    def setUp(self):
        self.log = os.path.join(ENV["INBOX_TEST_DIR"], "notifications.log")
        self.daemon = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--template", "notification_daemon",
                                        "-l", self.log], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: has_owner("org.freedesktop.Notifications"), "the notification server")

        with open(ENV["INBOX_TEST_CA_CERT"]) as f:
            digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()
        result = run(CLI, "account", "add", "--email", ENV["INBOX_TEST_USER"], "--imap-host", ENV["INBOX_TEST_IMAP_HOST"],
                     "--imap-port", ENV["INBOX_TEST_IMAPS_PORT"], "--imap-security", "tls",
                     "--smtp-host", ENV["INBOX_TEST_IMAP_HOST"], "--smtp-port", ENV["INBOX_TEST_SMTP_PORT"],
                     "--smtp-security", "none", "--pin-certificate", digest, "--password-stdin",
                     input=ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(run(CLI, "sync").returncode, 0)
        self.app = subprocess.Popen([INBOX], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: has_owner(APP_ID), "Inbox on the session bus")

    def tearDown(self):
        run("gapplication", "action", APP_ID, "quit")
        try:
            self.app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.app.kill()
        self.daemon.terminate()
        self.daemon.wait(timeout=10)

    def notifications(self):
        """The Notify calls the server received; a call spans lines when its body does."""
        with open(self.log, encoding="utf-8", errors="replace") as f:
            calls = re.split(r"\n(?=\d+\.\d+ )", f.read())
        return [call for call in calls if " Notify " in call]

    def test_new_mail_notifies_and_archive_works(self):
        time.sleep(3)  # the app's first pass, then IDLE on INBOX
        self.assertEqual(self.notifications(), [], "old mail does not notify")

        message = (f"Message-ID: <fresh@example.org>\r\nFrom: Notify Tester <nt@example.org>\r\n"
                   f"To: {ENV['INBOX_TEST_USER']}\r\nSubject: Fresh news\r\nDate: {email.utils.formatdate()}\r\n"
                   f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJust arrived.\r\n")
        connection = imap()
        connection.append("INBOX", None, None, message.encode())
        connection.logout()

        line = wait_for(lambda: next((l for l in self.notifications() if "Fresh news" in l), None),
                        "the new-mail notification")
        self.assertIn("Notify Tester", line)
        self.assertIn("Archive", line)
        self.assertIn("Mark as Read", line)
        archive = re.search(r'"(app\.notification-archive[^"]*)"', line)
        self.assertIsNotNone(archive, line)

        # The user presses Archive in the notification.
        result = run("gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
                     "--object-path", "/org/freedesktop/Notifications", "--method", "org.freedesktop.DBus.Mock.EmitSignal",
                     "org.freedesktop.Notifications", "ActionInvoked", "us", f'[<uint32 1>, <"{archive.group(1)}">]')
        self.assertEqual(result.returncode, 0, result.stderr)
        wait_for(lambda: in_folder("Archive", "fresh@example.org"), "the message to be archived on the server")
        self.assertFalse(in_folder("INBOX", "fresh@example.org"))
        self.assertEqual(len([l for l in self.notifications() if "Fresh news" in l]), 1, "one notification, not more")


if __name__ == "__main__":
    unittest.main(verbosity=2)
