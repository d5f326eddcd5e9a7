#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""inbox-cli sync --watch: IDLE on INBOX brings new mail and flag changes from another client into
the store within seconds, long before the next poll; SIGTERM stops it cleanly.

Runs under: inbox-fixture --imap --smtp --keyring -- test_watch.py INBOX_CLI
"""

import email.utils
import json
import os
import select
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import add_command, imap  # noqa: E402

CLI = sys.argv.pop(1)
ENV = os.environ
SEEDED = int(ENV["INBOX_TEST_INBOX_COUNT"])


def cli(*args, password=None):
    result = subprocess.run([CLI, *args], input=password, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args else result


def wait_until(predicate, what, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out: {what}")


def own_store(name):
    """The environment of a store of the test's own, with the fixture's account added to it."""
    store = os.path.join(ENV["INBOX_TEST_DIR"], name)
    env = dict(ENV, XDG_DATA_HOME=os.path.join(store, "data"), XDG_CACHE_HOME=os.path.join(store, "cache"))
    added = subprocess.run(add_command(CLI), input=ENV["INBOX_TEST_PASSWORD"], capture_output=True, text=True,
                           env=env, timeout=120)
    if added.returncode != 0:
        raise AssertionError(f"account add failed: {added.stderr}")
    return store, env


def cli_in(env, *args):
    result = subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"inbox-cli {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout)


class WatchTest(unittest.TestCase):
    def test_a_folder_made_elsewhere_comes_with_check_now(self):
        """A watching syncer's polls do not ask the server for its folder list again (it is asked
        when connecting, on Check for New Mail, and five minutes after the last time); a
        check-now (SIGUSR1, as the app's Check for New Mail) brings a folder another client made,
        with its mail, and when that client removes it, the folder and its mail leave the store."""
        _, env = own_store("check-now-store")
        first = cli_in(env, "sync", "--json")["accounts"][0]
        self.assertTrue(first["folders_listed"], "a first pass lists the folders")
        passes = cli_in(env, "sync", "--passes", "3", "--json")["accounts"][0]
        self.assertFalse(passes["folders_listed"], "a poll with the connection kept does not list them again")
        self.assertEqual(passes["folders"], first["folders"])
        self.assertEqual(passes["unchanged_folders"], first["folders"], "every folder still checked")

        watcher = subprocess.Popen([CLI, "sync", "--watch", "--poll", "1"], stderr=subprocess.PIPE, text=True, env=env)
        said = []

        def next_pass():
            """Reads what the watch says until a pass has ended (it says "idle" after each)."""
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                if select.select([watcher.stderr], [], [], 0.5)[0]:
                    line = watcher.stderr.readline()
                    said.append(line)
                    if ": idle (" in line:
                        return
            raise AssertionError(f"timed out waiting for a pass: {''.join(said)}")

        def in_projects():
            folders = cli_in(env, "folders", "--json")["folders"]
            projects = [f for f in folders if f["path"] == "Projects"]
            if not projects:
                return False
            listed = cli_in(env, "conversations", "--mailbox", f"folder:{projects[0]['id']}", "--json")
            return any("project-plan@example.com" in c["message_ids"] for c in listed["conversations"])

        connection = imap()
        try:
            next_pass()
            connection.create("Projects")
            connection.append("Projects", None, None, (f"Message-ID: <project-plan@example.com>\r\n"
                                                       f"From: b@example.com\r\nSubject: The plan\r\n"
                                                       f"Date: {email.utils.formatdate()}\r\n\r\nSteps.\r\n").encode())
            next_pass()
            next_pass()
            self.assertFalse(in_projects(), "two polls later, the folder list was not asked for again")
            watcher.send_signal(signal.SIGUSR1)
            wait_until(in_projects, "the new folder and its message after a check-now")

            # Another client removes it again: the next poll, though its folder list still has it,
            # goes on without an error, and the folder and its mail leave the store.
            connection.delete("Projects")
            deleted = len(said)
            next_pass()
            next_pass()
            self.assertNotIn("error", "".join(said[deleted:]))
            self.assertNotIn("Projects", [f["path"] for f in cli_in(env, "folders", "--json")["folders"]])
            self.assertEqual(cli_in(env, "stats", "--json")["messages"], SEEDED)
        finally:
            watcher.send_signal(signal.SIGTERM)
            _, stderr = watcher.communicate(timeout=30)
            stderr = "".join(said) + stderr
            # Later tests count the account's messages.
            if "Projects" in str(connection.list()[1]):
                connection.delete("Projects")
            connection.logout()
        self.assertEqual(watcher.returncode, 0, stderr)

    def test_idle_brings_changes_in_seconds(self):
        cli(*add_command(CLI)[1:], password=ENV["INBOX_TEST_PASSWORD"])
        # Polling every 10 minutes: only IDLE can bring changes within the test's seconds.
        watcher = subprocess.Popen([CLI, "sync", "--watch", "--poll", "600"], stderr=subprocess.PIPE, text=True)
        try:
            messages = lambda: cli("stats", "--json")["messages"]
            wait_until(lambda: messages() == SEEDED, "the first pass")

            connection = imap()
            connection.append("INBOX", None, None, (f"Message-ID: <pushed@example.com>\r\nFrom: a@example.com\r\n"
                                                    f"Subject: Pushed\r\nDate: {email.utils.formatdate()}\r\n\r\nNew.\r\n").encode())
            wait_until(lambda: messages() == SEEDED + 1, "new mail through IDLE")

            connection.select("INBOX")
            typ, data = connection.uid("SEARCH", None, "HEADER", "Message-ID", "<seed-0@fixture.example.com>")
            connection.uid("STORE", data[0].split()[0], "+FLAGS", "(\\Flagged)")
            connection.logout()

            def flagged():
                for conversation in cli("conversations", "--mailbox", "all", "--json")["conversations"]:
                    if "seed-0@fixture.example.com" in conversation["message_ids"]:
                        detail = cli("conversation", str(conversation["id"]), "--json")["messages"]
                        return "flagged" in detail[0]["flags"]
                return False
            wait_until(flagged, "a flag change through IDLE")
        finally:
            watcher.send_signal(signal.SIGTERM)
            _, stderr = watcher.communicate(timeout=30)
        self.assertEqual(watcher.returncode, 0, stderr)
        self.assertIn("idle", stderr)

    def test_an_interrupted_pass_is_tried_again_at_once(self):
        """A pass cut off by a cancellation nobody asked for (Camel cutting its connection short, seen
        at an app's start on a loaded machine) is tried again within seconds, not at the next poll,
        and the account is never said to be in error for it."""
        store, env = own_store("interrupted-store")
        interrupt = os.path.join(store, "interrupt")
        open(interrupt, "w").close()
        watcher = subprocess.Popen([CLI, "sync", "--watch", "--poll", "600"], stderr=subprocess.PIPE, text=True,
                                   env=dict(env, INBOX_SYNC_TEST_INTERRUPT=interrupt))
        try:
            def stored():
                result = subprocess.run([CLI, "stats", "--json"], capture_output=True, text=True, env=env, timeout=60)
                return result.returncode == 0 and json.loads(result.stdout)["messages"] >= SEEDED
            wait_until(stored, "the pass after the interrupted one", timeout=20)
            self.assertFalse(os.path.exists(interrupt), "the first pass was cut off")
        finally:
            watcher.send_signal(signal.SIGTERM)
            _, stderr = watcher.communicate(timeout=30)
        self.assertEqual(watcher.returncode, 0, stderr)
        self.assertIn("was interrupted (Operation was cancelled); trying again", stderr)
        self.assertNotIn("error", stderr.lower(), "never said to be in error")


if __name__ == "__main__":
    unittest.main(verbosity=2)
