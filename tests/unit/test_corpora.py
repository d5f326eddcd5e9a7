#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real-world and deliberately broken mail: every message is stored, none is lost, nothing crashes.

argv: INBOX_CLI FETCH_CORPORA CORPORA_DIR. Under the sanitizer build this runs the ASan/UBSan
inbox-cli, so a memory error in parsing fails the test.
"""

import email
import email.policy
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI, FETCH, CORPORA = sys.argv[1:4]
del sys.argv[1:4]


def message_files(root):
    return sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files)


def header_message_id(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.compat32)
    value = message.get("Message-ID")
    if value is None:
        return None
    value = str(value).strip()
    if value.startswith("<") and value.endswith(">") and value.count("<") == 1:
        return value[1:-1]
    return None  # unusual forms: Camel's reading of them is checked by the count, not by text


class CorporaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        result = subprocess.run([FETCH, CORPORA], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("cannot fetch the corpora: " + result.stderr)

    def import_corpus(self, name):
        files = message_files(os.path.join(CORPORA, name))
        self.assertGreater(len(files), 40)
        with tempfile.TemporaryDirectory() as data_home:
            env = dict(os.environ, XDG_DATA_HOME=data_home)
            result = subprocess.run([CLI, "import", "--json", os.path.join(CORPORA, name)],
                                    capture_output=True, text=True, env=env, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr[-3000:])
            report = json.loads(result.stdout)
            listing = subprocess.run([CLI, "conversations", "--mailbox", "all", "--limit", "100000", "--json"],
                                     capture_output=True, text=True, env=env, timeout=120)
            self.assertEqual(listing.returncode, 0, listing.stderr)
            stats = json.loads(subprocess.run([CLI, "stats", "--json"], capture_output=True, text=True,
                                              env=env, timeout=60).stdout)
        stored_ids = {mid for c in json.loads(listing.stdout)["conversations"] for mid in c["message_ids"]}
        return files, report, stored_ids, stats

    def check(self, name):
        files, report, stored_ids, stats = self.import_corpus(name)
        # Every file was read and became a message, or was recognised as a copy of one.
        self.assertEqual(report["failed"], 0, report["problems"])
        self.assertEqual(report["added"] + report["duplicates"], len(files))
        self.assertEqual(stats["messages"], report["added"])
        self.assertEqual(len(stored_ids), report["added"])
        # Every message that had a Message-ID can be found by it.
        for path in files:
            message_id = header_message_id(path)
            if message_id is not None:
                self.assertIn(message_id, stored_ids, path)
        # What was malformed carries a note, and was reported.
        self.assertEqual(report["malformed"], len(report["problems"]))
        return report

    def test_python_email_corpus(self):
        report = self.check("python")
        self.assertGreaterEqual(report["added"], 40)

    def test_enmime_broken_mime_corpus(self):
        report = self.check("enmime")
        self.assertGreater(report["malformed"], 0, "the broken corpus is reported as broken")


if __name__ == "__main__":
    unittest.main(verbosity=2)
