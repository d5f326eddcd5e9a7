#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The translation template builds (meson compile inbox-pot) and holds strings from every kind of
file that has them. argv[1] is the build dir, argv[2] the source root."""

import os
import subprocess
import sys
import unittest

BUILD = sys.argv.pop(1)
ROOT = sys.argv.pop(1)

EXPECTED = {
    "resources/ui/inbox-window.ui": 'msgid "Welcome to Inbox"',
    "resources/gtk/help-overlay.ui": 'msgid "Show keyboard shortcuts"',
    "src/ui/inbox-window.c": 'msgid "Add an account to write to %s"',
    "src/cli/inbox-cli.c": 'msgid "Print the version and exit"',
    "data/com.example.Inbox.desktop.in": 'msgid "Read and write email, fast and private"',
    "data/com.example.Inbox.metainfo.xml.in": 'msgid "Fast, private email for your IMAP accounts"',
    "data/com.example.Inbox.gschema.xml": 'msgid "Window width"',
}


class PotTest(unittest.TestCase):
    def test_pot_builds_with_every_kind_of_source(self):
        result = subprocess.run(["meson", "compile", "-C", BUILD, "inbox-pot"],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(os.path.join(ROOT, "po", "inbox.pot"), encoding="utf-8") as f:
            pot = f.read()
        for source, msgid in EXPECTED.items():
            self.assertIn(msgid, pot, f"strings of {source} reach the template")
            self.assertIn(f"#: {source}", pot)


if __name__ == "__main__":
    unittest.main(verbosity=2)
