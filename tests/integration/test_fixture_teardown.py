#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fixture leaves nothing behind: no server, no daemon, no temp dir, even when the test fails.

Runs the fixture itself (given as argv[1]) with every service, a command that detaches a daemon
and then fails, and checks afterwards that every process it saw is gone.
"""

import os
import subprocess
import sys
import tempfile
import time
import unittest

FIXTURE = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures", "inbox-fixture")

# Records the fixture's pids, detaches a sleeper with setsid (its parent exits at once), then fails.
COMMAND = r"""
echo "$INBOX_TEST_DOVECOT_PID $INBOX_TEST_SMTP_PID $INBOX_TEST_XVFB_PID" > "$1"
echo "$INBOX_TEST_DIR" >> "$1"
fixture=$(ps -o ppid= -p "$PPID" | tr -d ' ')  # sh <- dbus-run-session <- the fixture
pgrep -P "$fixture" gnome-keyring-d | tr '\n' ' ' >> "$1"; echo >> "$1"
setsid sh -c 'sleep 300 & echo $! >> "$0"' "$1"
sleep 0.2
exit 7
"""


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class TeardownTest(unittest.TestCase):
    def test_nothing_is_left_behind(self):
        with tempfile.NamedTemporaryFile("r", suffix=".pids") as record:
            started = time.monotonic()
            result = subprocess.run([FIXTURE, "--imap", "--smtp", "--keyring", "--xvfb", "--",
                                     "sh", "-c", COMMAND, "sh", record.name], timeout=120)
            self.assertEqual(result.returncode, 7, "the fixture must return the command's exit code")
            lines = record.read().splitlines()

        servers = [int(p) for p in lines[0].split()]
        temp_dir = lines[1]
        keyring = [int(p) for p in lines[2].split()]
        sleeper = int(lines[3])
        self.assertEqual(len(servers), 3, "Dovecot, SMTP and Xvfb pids were exported")
        self.assertTrue(keyring, "gnome-keyring-daemon was running inside the fixture")
        for pid in servers + keyring + [sleeper]:
            self.assertFalse(alive(pid), f"process {pid} outlived the fixture")
        self.assertFalse(os.path.exists(temp_dir), "the temp dir was removed")
        self.assertLess(time.monotonic() - started, 60)


if __name__ == "__main__":
    unittest.main(verbosity=2)
