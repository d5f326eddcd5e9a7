#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""inbox-cli account against the fixture's real Dovecot and SMTP server, with a real keyring:
verify before saving, distinct errors, certificate pinning, no duplicates, removal.

Runs under: inbox-fixture --imap --smtp --keyring -- test_accounts.py INBOX_CLI
"""

import hashlib
import json
import os
import socket
import ssl
import subprocess
import sys
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
HOST = ENV["INBOX_TEST_IMAP_HOST"]


def fingerprint():
    with open(ENV["INBOX_TEST_CA_CERT"]) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def add_args(port=None, security="tls", pin=True, extra=(), smtp_port=None, smtp_security="none"):
    args = ["account", "add", "--email", ENV["INBOX_TEST_USER"], "--name", "Test Person",
            "--imap-host", HOST, "--imap-port", str(port or ENV["INBOX_TEST_IMAPS_PORT"]), "--imap-security", security,
            "--smtp-host", HOST, "--smtp-port", smtp_port or ENV["INBOX_TEST_SMTP_PORT"], "--smtp-security", smtp_security,
            "--password-stdin", "--json", *extra]
    if pin:
        args += ["--pin-certificate", fingerprint()]
    return args


class AccountTest(unittest.TestCase):
    def cli(self, *args, password=None, code=0):
        result = subprocess.run([CLI, *args], input=password, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, code, result.stderr)
        return json.loads(result.stdout) if "--json" in args and result.stdout else None

    def accounts(self):
        return self.cli("account", "list", "--json")["accounts"]

    def keyring_password(self, uid):
        result = subprocess.run(["secret-tool", "lookup", "account-id", uid, "protocol", "imap"],
                                capture_output=True, text=True, timeout=30)
        return result.stdout if result.returncode == 0 else None

    def tearDown(self):
        for account in self.accounts():
            self.cli("account", "remove", account["uid"])

    def test_add_verifies_then_saves_and_keeps_the_password_in_the_keyring(self):
        added = self.cli(*add_args(), password=ENV["INBOX_TEST_PASSWORD"])
        self.assertFalse(added["updated"])
        account = added["account"]
        self.assertEqual((account["email"], account["name"], account["imap_user"]),
                         (ENV["INBOX_TEST_USER"], "Test Person", ENV["INBOX_TEST_USER"]))
        self.assertEqual(self.keyring_password(account["uid"]), ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual([a["uid"] for a in self.accounts()], [account["uid"]])
        # The password is nowhere in the store.
        with open(os.path.join(ENV["XDG_DATA_HOME"], "inbox", "inbox.db"), "rb") as f:
            self.assertNotIn(ENV["INBOX_TEST_PASSWORD"].encode(), f.read())
        self.cli("account", "verify", account["uid"])

    def smtp_server_password(self, password):
        """What the fixture's SMTP server accepts from now on (it reads the file at each log-in)."""
        with open(ENV["INBOX_TEST_SMTP_PASSWORD_FILE"], "w") as f:
            f.write(password + "\n")

    def test_separate_smtp_password(self):
        self.addCleanup(self.smtp_server_password, ENV["INBOX_TEST_PASSWORD"])
        self.smtp_server_password("smtp-secret")
        with open(os.path.join(ENV["INBOX_TEST_DIR"], "smtp-password"), "w") as f:
            f.write("smtp-secret\n")
        # The IMAP password alone is refused by the SMTP server, which adding verifies.
        failed = self.cli(*add_args(), password=ENV["INBOX_TEST_PASSWORD"], code=1)
        self.assertEqual(failed["error"]["code"], "authentication")
        self.assertIn("SMTP server", failed["error"]["message"])
        self.assertEqual(self.accounts(), [])
        added = self.cli(*add_args(extra=("--smtp-password-file", f.name)), password=ENV["INBOX_TEST_PASSWORD"])
        uid = added["account"]["uid"]
        self.assertEqual(self.keyring_password(uid), ENV["INBOX_TEST_PASSWORD"])
        smtp = subprocess.run(["secret-tool", "lookup", "account-id", uid, "protocol", "smtp"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(smtp.stdout, "smtp-secret")

    def test_starttls_works_too(self):
        added = self.cli(*add_args(port=ENV["INBOX_TEST_IMAP_PORT"], security="starttls"), password=ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual(added["account"]["imap_security"], "starttls")
        # And the sync's own bulk connection goes through STARTTLS too: every body comes in bulk.
        result = subprocess.run([CLI, "sync", "--json"], capture_output=True, text=True, timeout=120)
        synced = json.loads(result.stdout)["accounts"][0]
        self.assertEqual(synced["status"], "idle", result.stderr)
        self.assertNotIn("Bulk fetch unavailable", result.stderr)
        self.assertEqual(synced["fetched_in_bulk"], synced["added"])
        self.assertGreater(synced["added"], 0)

    def test_smtp_over_starttls_and_over_tls(self):
        # Port 587's way: STARTTLS, then the log-in (the server offers AUTH only after it).
        added = self.cli(*add_args(smtp_port=ENV["INBOX_TEST_SMTP_STARTTLS_PORT"], smtp_security="starttls"),
                         password=ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual(added["account"]["smtp_security"], "starttls")
        # Port 465's way: TLS from the first byte. The certificate is the pinned one, for SMTP too.
        again = self.cli(*add_args(smtp_port=ENV["INBOX_TEST_SMTPS_PORT"], smtp_security="tls"),
                         password=ENV["INBOX_TEST_PASSWORD"])
        self.assertTrue(again["updated"])
        self.assertEqual(again["account"]["smtp_security"], "tls")
        self.cli("account", "verify", again["account"]["uid"])

    def test_smtp_that_wants_starttls_says_so(self):
        failed = self.cli(*add_args(smtp_port=ENV["INBOX_TEST_SMTP_STARTTLS_PORT"]), password=ENV["INBOX_TEST_PASSWORD"],
                          code=1)
        self.assertEqual(failed["error"]["code"], "security")
        self.assertIn("Choose STARTTLS", failed["error"]["message"])
        self.assertEqual(self.accounts(), [])

    def test_untrusted_certificate_shows_its_fingerprint_and_saves_nothing(self):
        failed = self.cli(*add_args(pin=False), password=ENV["INBOX_TEST_PASSWORD"], code=1)
        self.assertEqual(failed["error"]["code"], "certificate")
        self.assertIn(fingerprint(), failed["error"]["message"])
        self.assertEqual(self.accounts(), [])
        # Without --json, how to trust it, on the command line's terms.
        plain = subprocess.run([CLI, *[a for a in add_args(pin=False) if a != "--json"]], input=ENV["INBOX_TEST_PASSWORD"],
                               capture_output=True, text=True, timeout=120)
        self.assertIn(f"To trust it, add the account again with --pin-certificate {fingerprint()}", plain.stderr)

    def test_wrong_password(self):
        failed = self.cli(*add_args(), password="not-the-password", code=1)
        self.assertEqual(failed["error"]["code"], "authentication")
        self.assertIn("IMAP server", failed["error"]["message"])
        self.assertIn("app-specific password", failed["error"]["message"])
        self.assertEqual(self.accounts(), [])

    def test_verify_logs_in_to_smtp_too(self):
        uid = self.cli(*add_args(), password=ENV["INBOX_TEST_PASSWORD"])["account"]["uid"]
        self.addCleanup(self.smtp_server_password, ENV["INBOX_TEST_PASSWORD"])
        self.smtp_server_password("changed-on-the-web")
        failed = self.cli("account", "verify", uid, "--json", code=1)
        self.assertEqual(failed["error"]["code"], "authentication")
        self.assertIn("The SMTP server 127.0.0.1 did not accept", failed["error"]["message"])

    def test_closed_port(self):
        failed = self.cli(*add_args(port=1), password=ENV["INBOX_TEST_PASSWORD"], code=1)
        self.assertEqual(failed["error"]["code"], "connection-refused")

    def test_a_server_that_never_answers_times_out(self):
        # It takes the connection and says nothing, as behind a broken firewall: Camel gives up after
        # 90 s (Thunderbird waits 100 s), with its own error, and nothing is saved.
        silent = socket.socket()
        silent.bind((HOST, 0))
        silent.listen(1)
        self.addCleanup(silent.close)
        failed = self.cli(*add_args(port=str(silent.getsockname()[1])), password=ENV["INBOX_TEST_PASSWORD"], code=1)
        self.assertEqual(failed["error"]["code"], "timed-out")
        self.assertIn("did not answer", failed["error"]["message"])
        self.assertEqual(self.accounts(), [])

    def test_tls_to_a_plain_port_is_a_security_error(self):
        failed = self.cli(*add_args(port=ENV["INBOX_TEST_IMAP_PORT"], security="tls"), password=ENV["INBOX_TEST_PASSWORD"], code=1)
        self.assertEqual(failed["error"]["code"], "security")

    def test_adding_again_updates_and_never_narrows_history(self):
        first = self.cli(*add_args(), password=ENV["INBOX_TEST_PASSWORD"])["account"]
        again = self.cli(*add_args(extra=("--history", "1y", "--name", "New Name")), password=ENV["INBOX_TEST_PASSWORD"])
        self.assertTrue(again["updated"])
        self.assertEqual(again["account"]["uid"], first["uid"])
        self.assertEqual(again["account"]["history"], "all")
        accounts = self.accounts()
        self.assertEqual(len(accounts), 1)
        self.assertEqual(accounts[0]["name"], "New Name")

    def test_remove_deletes_the_secret(self):
        uid = self.cli(*add_args(), password=ENV["INBOX_TEST_PASSWORD"])["account"]["uid"]
        self.cli("account", "remove", ENV["INBOX_TEST_USER"])
        self.assertEqual(self.accounts(), [])
        self.assertIsNone(self.keyring_password(uid))
        missing = self.cli("account", "verify", "nobody@example.com", "--json", code=1)
        self.assertIn("no account", missing["error"]["message"])

    def test_unknown_provider_needs_servers(self):
        failed = self.cli("account", "add", "--email", "someone@unknown-provider.example", "--password-stdin", "--json",
                          password="x", code=1)
        self.assertEqual(failed["error"]["code"], "invalid")
        self.assertIn("--imap-host", failed["error"]["message"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
