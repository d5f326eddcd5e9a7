#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file with user-visible strings is listed in po/POTFILES, and every listed file exists.
argv[1] is the source root."""

import os
import re
import sys
import unittest

ROOT = sys.argv.pop(1)
TRANSLATABLE = {
    ".c": re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\('),
    ".ui": re.compile(r'translatable="yes"'),
    ".in": re.compile(r"."),   # desktop and metainfo templates are always translated
    ".xml": re.compile(r"<summary>|<description>"),
}
SEARCHED = ["src", "resources", "data"]


def listed():
    with open(os.path.join(ROOT, "po", "POTFILES"), encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


class PotfilesTest(unittest.TestCase):
    def test_listed_files_exist(self):
        for path in sorted(listed()):
            self.assertTrue(os.path.isfile(os.path.join(ROOT, path)), f"po/POTFILES lists missing {path}")

    def test_translatable_files_are_listed(self):
        names = listed()
        missing = []
        for top in SEARCHED:
            for directory, _dirs, files in os.walk(os.path.join(ROOT, top)):
                for name in files:
                    path = os.path.relpath(os.path.join(directory, name), ROOT)
                    ext = os.path.splitext(name)[1]
                    if ext not in TRANSLATABLE or name.endswith(".gresource.xml") or name.endswith(".service.in"):
                        continue
                    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                        if TRANSLATABLE[ext].search(f.read()) and path not in names:
                            missing.append(path)
        self.assertEqual(missing, [], "add these to po/POTFILES")

    def test_ui_strings_are_marked(self):
        # A visible property in a template must be translatable.
        visible = re.compile(r'<(?:property|attribute) name="(?:label|title|description|tooltip-text|placeholder-text)"(?P<attrs>[^>]*)>(?P<text>[^<]+)<')
        unmarked = []
        for directory, _dirs, files in os.walk(os.path.join(ROOT, "resources")):
            for name in files:
                if name.endswith(".ui"):
                    with open(os.path.join(directory, name), encoding="utf-8") as f:
                        for m in visible.finditer(f.read()):
                            if 'translatable="yes"' not in m.group("attrs"):
                                unmarked.append(f"{name}: {m.group('text')}")
        self.assertEqual(unmarked, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
