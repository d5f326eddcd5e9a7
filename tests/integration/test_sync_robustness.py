#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync that is killed (-9) at random points loses and doubles nothing, and the history window
decides what is fetched (and only ever widens).

Runs under: inbox-fixture --imap --smtp --keyring --seed 1500 -- test_sync_robustness.py INBOX_CLI
"""

import email.utils
import hashlib
import imaplib
import json
import os
import random
import signal
import sqlite3
import ssl
import subprocess
import sys
import time
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
SEEDED = int(ENV["INBOX_TEST_INBOX_COUNT"])
DB = os.path.join(ENV["XDG_DATA_HOME"], "inbox", "inbox.db")


def cli(*args, password=None):
    result = subprocess.run([CLI, *args], input=password, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args else result


def add_account(history):
    with open(ENV["INBOX_TEST_CA_CERT"]) as f:
        digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()
    cli("account", "add", "--email", ENV["INBOX_TEST_USER"], "--imap-host", ENV["INBOX_TEST_IMAP_HOST"],
        "--imap-port", ENV["INBOX_TEST_IMAPS_PORT"], "--imap-security", "tls",
        "--smtp-host", ENV["INBOX_TEST_IMAP_HOST"], "--smtp-port", ENV["INBOX_TEST_SMTP_PORT"],
        "--smtp-security", "none", "--pin-certificate", digest, "--history", history,
        "--password-stdin", password=ENV["INBOX_TEST_PASSWORD"])


class RobustnessTest(unittest.TestCase):
    def test_1_history_window(self):
        # The seeded mail is from 2023: a one-year window fetches none of it...
        add_account("1y")
        cli("sync")
        self.assertEqual(cli("stats", "--json")["messages"], 0)
        # ...but new mail, yes.
        context = ssl.create_default_context(cafile=ENV["INBOX_TEST_CA_CERT"])
        connection = imaplib.IMAP4_SSL(ENV["INBOX_TEST_IMAP_HOST"], int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=context)
        connection.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
        connection.append("INBOX", None, None, (f"Message-ID: <fresh@example.com>\r\nFrom: a@example.com\r\n"
                                                f"Subject: Fresh\r\nDate: {email.utils.formatdate()}\r\n\r\nNew.\r\n").encode())
        connection.logout()
        cli("sync")
        self.assertEqual(cli("stats", "--json")["messages"], 1)

    def test_2_kill_at_random_points_then_finish(self):
        add_account("all")  # widening the window: the next syncs fetch the rest
        rng = random.Random(int(ENV.get("INBOX_TEST_SEED_RANDOM", "7")))
        for _ in range(3):
            process = subprocess.Popen([CLI, "sync"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 2.5))
            process.send_signal(signal.SIGKILL)
            process.wait()
        finished = cli("sync", "--progress")
        # Progress on stderr: "address: INBOX: done/total", ending at total/total.
        lines = [line for line in finished.stderr.splitlines() if ": INBOX: " in line]
        if lines:  # (nothing is left to fetch when the killed runs got it all)
            done, total = lines[-1].rsplit(" ", 1)[1].split("/")
            self.assertEqual(done, total)

        with sqlite3.connect(DB) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            total, distinct = db.execute("SELECT count(*), count(DISTINCT message_id) FROM messages").fetchone()
            self.assertEqual(total, distinct, "no message stored twice")
            self.assertEqual(total, SEEDED + 1, "every seeded message, and the fresh one")
            orphans = db.execute("SELECT count(*) FROM messages m WHERE NOT EXISTS "
                                 "(SELECT 1 FROM message_locations l WHERE l.message_id = m.id)").fetchone()[0]
            self.assertEqual(orphans, 0)
            fts = db.execute("SELECT count(*) FROM message_fts").fetchone()[0]
            self.assertEqual(fts, total, "one index row per message")
        stats = cli("stats", "--json")
        self.assertEqual(stats["conversations"], SEEDED // 3 + 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
