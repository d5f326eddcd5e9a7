#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`meson install` puts every file a desktop needs in its place, and they point at each other.
argv[1] is the build dir, argv[2] the install prefix the build was configured with."""

import configparser
import os
import subprocess
import sys
import tempfile
import unittest

BUILD = sys.argv.pop(1)
PREFIX = sys.argv.pop(1)
APP_ID = "com.example.Inbox"

FILES = [
    "bin/inbox",
    "bin/inbox-cli",
    f"share/applications/{APP_ID}.desktop",
    f"share/metainfo/{APP_ID}.metainfo.xml",
    f"share/glib-2.0/schemas/{APP_ID}.gschema.xml",
    f"share/dbus-1/services/{APP_ID}.service",
    f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    f"share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg",
]


def read_ini(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        result = subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet", "--destdir", cls.tmp.name],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        cls.root = cls.tmp.name + PREFIX

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_files_are_installed(self):
        for path in FILES:
            self.assertTrue(os.path.isfile(os.path.join(self.root, path)), path)
        for binary in ("bin/inbox", "bin/inbox-cli"):
            self.assertTrue(os.access(os.path.join(self.root, binary), os.X_OK), binary)

    def test_desktop_file_is_mailto_handler_and_dbus_activatable(self):
        entry = read_ini(os.path.join(self.root, f"share/applications/{APP_ID}.desktop"))["Desktop Entry"]
        self.assertEqual(entry["Exec"], "inbox %u")
        self.assertIn("x-scheme-handler/mailto;", entry["MimeType"])
        self.assertEqual(entry["DBusActivatable"], "true")
        self.assertEqual(entry["Icon"], APP_ID)

    def test_dbus_service_starts_the_installed_binary(self):
        service = read_ini(os.path.join(self.root, f"share/dbus-1/services/{APP_ID}.service"))["D-BUS Service"]
        self.assertEqual(service["Name"], APP_ID)
        self.assertEqual(service["Exec"], f"{PREFIX}/bin/inbox --gapplication-service")


if __name__ == "__main__":
    unittest.main(verbosity=2)
