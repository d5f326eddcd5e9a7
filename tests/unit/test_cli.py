#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""inbox-cli answers --version and reports bad usage with exit code 2. argv[1] is the binary."""

import subprocess
import sys
import unittest

CLI = sys.argv.pop(1)
VERSION = sys.argv.pop(1)


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=30)


class CliTest(unittest.TestCase):
    def test_version(self):
        result = run("--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, f"inbox-cli {VERSION}\n")

    def test_version_command_lists_libraries(self):
        result = run("version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith(f"inbox-cli {VERSION}\n"))
        for library in ("GLib 2.", "Camel (evolution-data-server) 3.", "libsoup 3.", "SQLite 3.", "JSON-GLib 1."):
            self.assertIn(library, result.stdout)

    def test_unknown_command(self):
        result = run("frobnicate")
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown command “frobnicate”", result.stderr)

    def test_no_command_prints_help(self):
        result = run()
        self.assertEqual(result.returncode, 2)
        self.assertIn("Commands:", result.stderr)
        self.assertIn("version", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
