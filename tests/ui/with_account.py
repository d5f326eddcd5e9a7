#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adds the fixture's account with inbox-cli and syncs it once, then runs a UI test on it (its
exit status is this script's): for UI tests that need nothing more than a synced account on
whatever server the fixture was asked for.

Runs under: inbox-fixture --imap --smtp --keyring --xvfb [...] -- with_account.py INBOX_CLI TEST [ARGS...]
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import add_and_sync  # noqa: E402

if __name__ == "__main__":
    add_and_sync(sys.argv[1])
    os.execv(sys.argv[2], sys.argv[2:])
