#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Autoconfig, served by a local HTTP server (INBOX_AUTOCONFIG_TEST_BASE): the lookup order, and an
account added from the address alone, verified against the fixture's Dovecot.

Runs under: inbox-fixture --imap --smtp --keyring -- test_autoconfig.py INBOX_CLI
"""

import hashlib
import http.server
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ

CONFIG = """<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="{domain}"><domain>{domain}</domain>
<incomingServer type="imap"><hostname>127.0.0.1</hostname><port>{imap}</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username></incomingServer>
<outgoingServer type="smtp"><hostname>127.0.0.1</hostname><port>{smtp}</port><socketType>plain</socketType></outgoingServer>
</emailProvider></clientConfig>"""


def write(root, path, domain):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(CONFIG.format(domain=domain, imap=ENV["INBOX_TEST_IMAPS_PORT"], smtp=ENV["INBOX_TEST_SMTP_PORT"]))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class AutoconfigTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.TemporaryDirectory()
        root = cls.root.name
        # example.com (the fixture's user) at step 2; others at steps 3 and 4 only.
        write(root, "autoconfig.example.com/mail/config-v1.1.xml", "example.com")
        write(root, "well-known.example/.well-known/autoconfig/mail/config-v1.1.xml", "well-known.example")
        write(root, "ispdb/ispdb.example", "ispdb.example")
        handler = lambda *a, **k: Quiet(*a, directory=root, **k)
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.env = dict(ENV, INBOX_AUTOCONFIG_TEST_BASE=f"http://127.0.0.1:{cls.server.server_address[1]}")

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.root.cleanup()

    def cli(self, *args, password=None, code=0):
        result = subprocess.run([CLI, *args], input=password, capture_output=True, text=True, env=self.env, timeout=120)
        self.assertEqual(result.returncode, code, result.stderr)
        return json.loads(result.stdout)

    def test_lookup_order(self):
        for address, source in (("someone@example.com", "autoconfig"), ("someone@well-known.example", "well-known"),
                                ("someone@ispdb.example", "ispdb"), ("someone@me.com", "preset")):
            found = self.cli("account", "lookup", address, "--json")
            self.assertEqual(found["source"], source, address)
        found = self.cli("account", "lookup", "someone@example.com", "--json")["account"]
        self.assertEqual((found["imap_host"], found["imap_port"], found["imap_security"], found["imap_user"]),
                         ("127.0.0.1", int(ENV["INBOX_TEST_IMAPS_PORT"]), "tls", "someone@example.com"))
        missing = self.cli("account", "lookup", "someone@nothing.example", "--json", code=1)
        self.assertIn("No settings were found", missing["error"]["message"])

    def test_add_from_the_address_alone(self):
        with open(ENV["INBOX_TEST_CA_CERT"]) as f:
            digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()
        added = self.cli("account", "add", "--email", ENV["INBOX_TEST_USER"], "--pin-certificate", digest,
                         "--password-stdin", "--json", password=ENV["INBOX_TEST_PASSWORD"])
        self.assertEqual(added["account"]["imap_port"], int(ENV["INBOX_TEST_IMAPS_PORT"]))
        # No SMTP user in the answer: the IMAP one is used (one app-specific password serves both).
        self.assertEqual(added["account"]["smtp_user"], ENV["INBOX_TEST_USER"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
