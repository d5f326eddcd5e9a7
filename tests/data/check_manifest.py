#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest as far as a machine without Flatpak remotes can: valid JSON,
flatpak-builder parses it without a WARNING, and the keys the app depends on are present.
argv[1] is the manifest."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

MANIFEST = os.path.abspath(sys.argv.pop(1))

REQUIRED_FINISH_ARGS = {
    "--share=network",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--talk-name=org.freedesktop.secrets",
    "--talk-name=org.freedesktop.portal.Notification",
    "--talk-name=org.freedesktop.portal.Background",
}


class ManifestTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MANIFEST, encoding="utf-8") as f:
            cls.manifest = json.load(f)  # strict JSON: no comments, no trailing commas

    def test_flatpak_builder_parses_without_warning(self):
        # flatpak-builder leaves a .flatpak-builder dir in its working dir: keep it out of the tree.
        with tempfile.TemporaryDirectory() as cwd:
            result = subprocess.run(["flatpak-builder", "--show-manifest", MANIFEST],
                                    capture_output=True, text=True, timeout=60, cwd=cwd)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("WARNING", result.stderr + result.stdout)
        self.assertEqual(json.loads(result.stdout)["id"], "com.example.Inbox")

    def test_identity_and_runtime(self):
        m = self.manifest
        self.assertEqual(m["id"], "com.example.Inbox")
        self.assertEqual(m["command"], "inbox")
        self.assertEqual(m["runtime"], "org.gnome.Platform")
        self.assertEqual(m["sdk"], "org.gnome.Sdk")
        self.assertRegex(m["runtime-version"], r"^\d+$", "a stable branch, not master")

    def test_finish_args(self):
        args = set(self.manifest["finish-args"])
        self.assertLessEqual(REQUIRED_FINISH_ARGS, args)
        self.assertNotIn("--socket=x11", args, "X11 only as a fallback")
        self.assertFalse([a for a in args if a.startswith("--filesystem=home") or a == "--filesystem=host"],
                         "no blanket file system access")

    def test_modules(self):
        modules = self.manifest["modules"]
        names = [m["name"] for m in modules]
        self.assertEqual(names[-1], "inbox", "the app is built last, on top of what it needs")
        self.assertIn("evolution-data-server", names)
        self.assertEqual(modules[-1]["buildsystem"], "meson")
        for module in modules[:-1]:
            self.assertIn("x-why", module, f"module {module['name']} says why it is there")
            for source in module["sources"]:
                self.assertTrue("tag" in source or "commit" in source or "sha256" in source,
                                f"{module['name']} is pinned to a release")
        eds = modules[names.index("evolution-data-server")]
        self.assertIn("-DENABLE_GTK=OFF", eds["config-opts"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
