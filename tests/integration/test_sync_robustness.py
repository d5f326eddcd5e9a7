#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync that is killed (-9) at random points loses and doubles nothing, the history window
decides what is fetched (and only ever widens), and a server gone in the middle of a first sync ends
it with that said, and nothing lost.

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
import socket
import ssl
import subprocess
import sys
import threading
import time
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
SEEDED = int(ENV["INBOX_TEST_INBOX_COUNT"])
DB = os.path.join(ENV["XDG_DATA_HOME"], "inbox", "inbox.db")


def cli(*args, password=None, env=None):
    result = subprocess.run([CLI, *args], input=password, capture_output=True, text=True, timeout=600, env=env)
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args else result


def add_account(history, env=None, imap_port=None):
    with open(ENV["INBOX_TEST_CA_CERT"]) as f:
        digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()
    cli("account", "add", "--email", ENV["INBOX_TEST_USER"], "--imap-host", ENV["INBOX_TEST_IMAP_HOST"],
        "--imap-port", str(imap_port or ENV["INBOX_TEST_IMAPS_PORT"]), "--imap-security", "tls",
        "--smtp-host", ENV["INBOX_TEST_IMAP_HOST"], "--smtp-port", ENV["INBOX_TEST_SMTP_PORT"],
        "--smtp-security", "none", "--pin-certificate", digest, "--history", history,
        "--password-stdin", password=ENV["INBOX_TEST_PASSWORD"], env=env)


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

    def test_3_server_gone_during_the_first_sync(self):
        """The network goes (a proxy standing for it slows the bodies down, then closes everything and
        listens no more) while a first sync fetches: the sync says the server can't be reached and ends,
        rather than asking for each message left one by one (it did: a log line and a failed connection
        for every one, an hour of time-outs on a real network). Then, with the way back, it all arrives."""
        store = os.path.join(ENV["INBOX_TEST_DIR"], "gone-store")
        env = dict(ENV, XDG_DATA_HOME=os.path.join(store, "data"), XDG_CACHE_HOME=os.path.join(store, "cache"))
        proxy = Proxy(int(ENV["INBOX_TEST_IMAPS_PORT"]), bytes_per_second=40_000)
        try:
            add_account("all", env=env, imap_port=proxy.port)
            process = subprocess.Popen([CLI, "sync", "--progress"], env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
            # The first line is the newest 100, fetched before INBOX is listed; past it, the bodies of
            # the listed messages are on their way.
            done, lines = 0, []
            while done <= 100:
                lines.append(process.stderr.readline())
                self.assertIn(": INBOX: ", lines[-1])
                done = int(lines[-1].rsplit(" ", 1)[1].split("/")[0])
            self.assertLess(done, SEEDED)
            # Each line says something new (the count where the listed bodies start was said twice).
            self.assertEqual(len(lines), len(set(lines)), lines)
            proxy.close()
            stderr = process.stderr.read()
            process.stderr.close()
            process.wait(timeout=120)
        finally:
            proxy.close()
        self.assertEqual(process.returncode, 1, stderr)
        self.assertIn(f"Cannot reach 127.0.0.1 (connection refused on port {proxy.port})", stderr)
        self.assertLessEqual(stderr.count("Cannot fetch message"), 1, stderr[:2000])

        again = Proxy(int(ENV["INBOX_TEST_IMAPS_PORT"]), port=proxy.port)
        try:
            result = subprocess.run([CLI, "sync"], env=env, capture_output=True, text=True, timeout=300)
        finally:
            again.close()
        self.assertEqual(result.returncode, 0, result.stderr)
        with sqlite3.connect(os.path.join(store, "data", "inbox", "inbox.db")) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            total, distinct = db.execute("SELECT count(*), count(DISTINCT message_id) FROM messages").fetchone()
            self.assertEqual((total, distinct), (SEEDED + 1, SEEDED + 1))
            self.assertEqual(db.execute("SELECT count(*) FROM message_fts").fetchone()[0], total)

    def test_4_mailbox_changes_under_a_first_sync(self):
        """A first sync fetches a folder by sequence number, newest first, without listing it. Another
        client expunges (newest and oldest messages: later ranges shift down), flags an old message and
        delivers one while it runs: the sync stores each message once, and the next sync removes
        what went, adds what came and has the flag. (Last: it changes the server's mailbox.)"""
        store = os.path.join(ENV["INBOX_TEST_DIR"], "changing-store")
        env = dict(ENV, XDG_DATA_HOME=os.path.join(store, "data"), XDG_CACHE_HOME=os.path.join(store, "cache"))
        database = os.path.join(store, "data", "inbox", "inbox.db")
        context = ssl.create_default_context(cafile=ENV["INBOX_TEST_CA_CERT"])
        other = imaplib.IMAP4_SSL(ENV["INBOX_TEST_IMAP_HOST"], int(ENV["INBOX_TEST_IMAPS_PORT"]), ssl_context=context)
        other.login(ENV["INBOX_TEST_USER"], ENV["INBOX_TEST_PASSWORD"])
        other.select("INBOX")
        uids = other.uid("SEARCH", None, "ALL")[1][0].split()
        before = len(uids)
        gone = uids[-3:] + uids[:3]  # three of the newest 100 (fetched first), three of the oldest
        flagged = uids[10]
        proxy = Proxy(int(ENV["INBOX_TEST_IMAPS_PORT"]), bytes_per_second=1_000_000)
        try:
            add_account("all", env=env, imap_port=proxy.port)
            process = subprocess.Popen([CLI, "sync", "--progress"], env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
            done = 0
            while done <= 100:
                line = process.stderr.readline()
                self.assertIn(": INBOX: ", line)
                done = int(line.rsplit(" ", 1)[1].split("/")[0])
            other.uid("STORE", b",".join(gone).decode(), "+FLAGS.SILENT", "(\\Deleted)")
            other.expunge()
            other.uid("STORE", flagged.decode(), "+FLAGS.SILENT", "(\\Flagged)")
            other.append("INBOX", None, None, (f"Message-ID: <during-first-sync@example.com>\r\nFrom: a@example.com\r\n"
                                               f"Subject: Came during the first sync\r\nDate: {email.utils.formatdate()}"
                                               f"\r\n\r\nNew.\r\n").encode())
            stderr = process.stderr.read()
            process.stderr.close()
            self.assertEqual(process.wait(timeout=300), 0, stderr)
        finally:
            proxy.close()
        self.assertLess(done, before, "the changes came while INBOX was being fetched")
        with sqlite3.connect(database) as db:
            total, distinct = db.execute("SELECT count(*), count(DISTINCT message_id) FROM messages").fetchone()
            self.assertEqual(total, distinct, "no message stored twice")

        again = Proxy(int(ENV["INBOX_TEST_IMAPS_PORT"]), port=proxy.port)  # the account's port, at full speed
        try:
            result = subprocess.run([CLI, "sync"], env=env, capture_output=True, text=True, timeout=300)
        finally:
            again.close()
        self.assertEqual(result.returncode, 0, result.stderr)
        other.select("INBOX", readonly=True)
        left = set(other.uid("SEARCH", None, "ALL")[1][0].split())
        other.logout()
        self.assertEqual(len(left), before - len(gone) + 1)
        with sqlite3.connect(database) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            stored = {str(uid).encode() for (uid,) in db.execute(
                "SELECT l.uid FROM message_locations l JOIN folders f ON f.id = l.folder_id WHERE f.path = 'INBOX'")}
            self.assertEqual(stored, left, "INBOX in the store is INBOX on the server")
            flags = db.execute("SELECT l.flags FROM message_locations l JOIN folders f ON f.id = l.folder_id "
                               "WHERE f.path = 'INBOX' AND l.uid = ?", (int(flagged),)).fetchone()[0]
            self.assertTrue(flags & 4, f"flagged on the server: flags {flags}")
            total, distinct = db.execute("SELECT count(*), count(DISTINCT message_id) FROM messages").fetchone()
            self.assertEqual(total, distinct)
            self.assertEqual(db.execute("SELECT count(*) FROM message_fts").fetchone()[0], total)


class Proxy:
    """The network between the client and Dovecot, on 127.0.0.1: bytes go through unchanged (TLS
    included), from the server at most bytes_per_second; close() drops every connection and stops
    listening, as a server gone from the network."""

    def __init__(self, target_port, bytes_per_second=None, port=0):
        self.target_port, self.rate = target_port, bytes_per_second
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.sockets, self.closed = [self.listener], False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, server]
            threading.Thread(target=self.pump, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, self.rate), daemon=True).start()

    def pump(self, source, sink, rate):
        try:
            while True:
                data = source.recv(4096)
                if not data:
                    break
                sink.sendall(data)
                if rate:
                    time.sleep(len(data) / rate)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.closed = True
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
