#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The installed way of starting Inbox works: D-Bus activation opens one window, a second launch
(e.g. a mailto: link) reaches the running instance, and app.quit ends it.

Runs under: inbox-fixture --keyring --xvfb -- test_launch.py BUILD/src/ui/inbox
"""

import os
import subprocess
import sys
import time
import unittest

INBOX = os.path.abspath(sys.argv.pop(1))
APP_ID = "com.example.Inbox"
SCREENSHOTS = os.environ.get("INBOX_SCREENSHOT_DIR", os.environ["INBOX_TEST_DIR"])


def run(*argv, timeout=30):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def name_has_owner():
    result = run("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                 "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner", APP_ID)
    return result.stdout.strip() == "(true,)"


def visible_windows():
    result = run("xdotool", "search", "--onlyvisible", "--class", "inbox")
    return [line for line in result.stdout.split() if line]


def wait_for(predicate, what, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class LaunchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # What `meson install` puts in dbus-1/services, pointing at this build's binary.
        services = os.path.join(os.environ["XDG_DATA_HOME"], "dbus-1", "services")
        os.makedirs(services, exist_ok=True)
        with open(os.path.join(services, APP_ID + ".service"), "w") as f:
            f.write(f"[D-BUS Service]\nName={APP_ID}\nExec={INBOX} --gapplication-service\n")
        run("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
            "--method", "org.freedesktop.DBus.ReloadConfig")

    def test_launch_second_instance_and_quit(self):
        # 1. D-Bus activation, as GNOME Shell starts a DBusActivatable app.
        result = run("gapplication", "launch", APP_ID)
        self.assertEqual(result.returncode, 0, result.stderr)
        wait_for(visible_windows, "the Inbox window")
        wait_for(name_has_owner, "com.example.Inbox on the session bus")
        os.makedirs(SCREENSHOTS, exist_ok=True)
        shot = os.path.join(SCREENSHOTS, "launch.png")

        def drawn():
            # The first frames take a moment on a loaded machine: look until the window is painted.
            result = run("import", "-window", "root", shot)
            self.assertEqual(result.returncode, 0, result.stderr)
            return int(run("identify", "-format", "%k", shot).stdout) > 20

        wait_for(drawn, "the screen to show a drawn window, not a blank one")
        self.assertEqual(len(visible_windows()), 1)

        # 2. A second launch with a mailto: link hands it to the running instance and exits.
        result = run(INBOX, "mailto:ada@example.net", timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        time.sleep(0.5)
        self.assertEqual(len(visible_windows()), 1, "still one window")

        # 3. app.quit over D-Bus ends the instance.
        result = run("gapplication", "action", APP_ID, "quit")
        self.assertEqual(result.returncode, 0, result.stderr)
        wait_for(lambda: not name_has_owner(), "Inbox to quit")
        wait_for(lambda: not visible_windows(), "the window to close")


if __name__ == "__main__":
    unittest.main(verbosity=2)
