#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The benchmark works end to end at a small size (2,000 messages): generation, import, lists,
search, the app under Xvfb and a sync from a private Dovecot, and it prints valid JSON with every
figure. No timing is asserted: CI machines are shared and noisy.

    check_bench.py SOURCE_ROOT
"""

import json
import os
import subprocess
import sys
import unittest

ROOT = sys.argv.pop(1)


class BenchTest(unittest.TestCase):
    def test_small_run(self):
        result = subprocess.run([os.path.join(ROOT, "bench", "run"), "--sizes", "2000", "--runs", "2",
                                 "--sync-sizes", "2000", "--no-docs"], capture_output=True, text=True, timeout=1500)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        results, _ = json.JSONDecoder().raw_decode(result.stdout)
        figures = results["sizes"]["2000"]
        self.assertEqual(figures["import"]["messages"], 2000)
        for key in ("inbox_first_page", "search", "model_jump_to_middle", "model_read_all_keys"):
            self.assertGreater(figures[key]["median_ms"], 0, key)
        self.assertGreater(figures["app"]["conversations"], 0)
        self.assertGreater(figures["app"]["first_frame_ms"]["median_ms"], 0)
        self.assertGreater(figures["app"]["peak_rss_mib"], 0)
        self.assertGreater(figures["sync"]["first_sync_s"], 0)
        # The first sync's figure is the median of five, each into an empty store.
        self.assertEqual(len(figures["sync"]["first_sync_runs_s"]), 5)
        self.assertGreater(figures["sync"]["resync_running_ms"], 0)
        # The app's own first sync ran to its end with the window open (its stalls are measured, not judged).
        self.assertGreater(figures["sync_ui"]["sync_s"], 0)
        self.assertEqual(figures["sync_ui"]["status"], 0, "the app's sync ended idle, not in error")
        # The resync after another client's changes saw each of them (moved mail is new in Archive).
        changes, seen = figures["sync"]["resync_1pct_changes"], figures["sync"]["resync_1pct_seen"]
        self.assertEqual(seen["flags"], changes["flagged"])
        self.assertEqual(seen["removed"], changes["moved"] + changes["expunged"])
        self.assertEqual(seen["added"], changes["new"] + changes["moved"])
        self.assertIn("cores", results["machine"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
