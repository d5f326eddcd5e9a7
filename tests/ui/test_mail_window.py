#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window against the fixture's Dovecot: sets the scene, runs test-mail-window (the
real app in a real window, under Xvfb), then checks what reached the network.

It puts a hostile HTML mail in INBOX (script, remote image, tracking pixel, form, iframe, file://
link, CSS that fetches, meta refresh), all pointing at a local HTTP server that logs every
request, adds the account with inbox-cli and syncs. test-mail-window reads the log to see that
nothing loads before consent, asks this script ("where MESSAGE-ID") which server folder
holds a message, and has it file a message into a folder as another client would ("deliver
FOLDER MESSAGE-ID").

Runs under: inbox-fixture --imap --smtp --keyring --xvfb -- test_mail_window.py INBOX_CLI TEST_MAIL_WINDOW
"""

import http.server
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import add_and_sync, imap  # noqa: E402

ENV = os.environ


def where(message_id):
    """The server folders that hold message_id, one per line."""
    connection = imap()
    found = []
    for folder in ("INBOX", "Archive", "Trash", "Junk"):
        connection.select(folder, readonly=True)
        typ, data = connection.search(None, "HEADER", "Message-ID", f"<{message_id}>")
        if data[0].split():
            found.append(folder)
    connection.logout()
    print("\n".join(found))


def deliver(folder, message_id):
    """Another client files a message straight into folder (not INBOX: no IDLE tells about it)."""
    connection = imap()
    message = (f"Message-ID: <{message_id}>\r\nFrom: Other Client <other@example.net>\r\nTo: test@example.com\r\n"
               f"Subject: Filed by another client\r\nDate: Tue, 21 Nov 2023 09:00:00 +0000\r\n\r\nFiled.\r\n")
    connection.append(folder, None, None, message.encode())
    connection.logout()


HOSTILE = """\
Message-ID: <hostile@evil.example>
From: "Totally Legit Bank" <alerts@evil.example>
To: test@example.com
Subject: Hostile HTML: your account needs attention
Date: Mon, 20 Nov 2023 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head>
<meta http-equiv="refresh" content="0;url=http://127.0.0.1:{port}/refresh">
<meta http-equiv="Content-Security-Policy" content="default-src *">
<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
<style>body {{ background-image: url(http://127.0.0.1:{port}/bg.png); }}
@import url(http://127.0.0.1:{port}/import.css);</style>
<script>document.title = "pwned"; fetch("http://127.0.0.1:{port}/script");</script>
</head><body onload="document.body.setAttribute('data-pwned', '1')">
<h1>Your account needs attention</h1>
<p>Please look at the picture below.</p>
<img src="http://127.0.0.1:{port}/remote.png" alt="A remote picture" width="120" height="40">
<img src="http://127.0.0.1:{port}/open.php?id=42" width="1" height="1">
<img src="x" onerror="fetch('http://127.0.0.1:{port}/onerror')">
<iframe src="http://127.0.0.1:{port}/frame"></iframe>
<form action="http://127.0.0.1:{port}/form" method="post"><input name="pin" value="1234"><button>Send</button></form>
<p><a href="file:///etc/passwd">Your statement</a> and <a href="https://bank.example/login">log in</a>.</p>
<script>fetch("http://127.0.0.1:{port}/script2")</script>
</body></html>
"""

PLAIN = """\
Message-ID: <plain-quote@example.net>
From: Ada Lovelace <ada@example.net>
To: test@example.com
Subject: Notes on the engine
Date: Mon, 20 Nov 2023 08:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hi,

the notes are at https://example.net/notes, have a look.

On Sun, 19 Nov 2023, Charles wrote:
> Where are the notes?
> Thanks.

-- 
Ada
"""


QUOTED = """\
Message-ID: <quoted-reply@example.net>
From: Grace Hopper <grace@example.com>
To: test@example.com
Subject: Quoted HTML reply
Date: Mon, 20 Nov 2023 07:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Friday works for me.</p>
<div class="gmail_quote">On Sun, 19 Nov 2023, Ada Lovelace wrote:
<blockquote type="cite"><p>Shall we meet on Friday?</p><p>I can bring the notes.</p><p>And the engine drawings.</p>
<p>Let me know.</p></blockquote></div>
"""


# A 4×4 red PNG, shown by its Content-ID.
RED_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGN4IK0CRwzEcQDeYxHx3zt9gQAAAABJRU5ErkJggg=="

CID = """\
Message-ID: <cid-image@example.net>
From: Grace Hopper <grace@example.com>
To: test@example.com
Subject: Picture inside
Date: Mon, 20 Nov 2023 06:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/related; boundary="rel"; type="text/html"

--rel
Content-Type: text/html; charset=utf-8

<p>The red square:</p><p><img src="cid:red.square@example.net" alt="red" width="40" height="40"></p>
--rel
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-ID: <red.square@example.net>
Content-Disposition: inline; filename="red.png"

{png}
--rel--
""".format(png=RED_PNG)


PHOTO = """\
Message-ID: <photo@example.net>
From: Ada Lovelace <ada@example.net>
To: test@example.com
Subject: Holiday photo
Date: Mon, 20 Nov 2023 05:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: text/plain; charset=utf-8

The photo is attached.
--mix
Content-Type: image/png; name="photo.png"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="photo.png"

{png}
--mix--
""".format(png=RED_PNG)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(ENV["INBOX_TEST_HTTP_LOG"], "a") as log:
            log.write(self.path + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


def main():
    cli, test_binary = sys.argv[1], sys.argv[2]
    ENV["INBOX_TEST_HTTP_LOG"] = os.path.join(ENV["INBOX_TEST_DIR"], "http-hits.log")
    open(ENV["INBOX_TEST_HTTP_LOG"], "w").close()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    for name, text in (("hostile", HOSTILE.format(port=port)), ("plain", PLAIN), ("quoted", QUOTED), ("cid", CID),
                       ("photo", PHOTO)):
        path = os.path.join(ENV["INBOX_TEST_MAILDIR"], "new", f"{int(time.time())}.{name}.fixture")
        with open(path, "w") as f:
            f.write(text)

    add_and_sync(cli)

    ENV["INBOX_TEST_WHERE"] = f"{sys.executable} {os.path.abspath(__file__)} where"
    ENV["INBOX_TEST_DELIVER"] = f"{sys.executable} {os.path.abspath(__file__)} deliver"
    result = subprocess.run([test_binary, "--tap"])

    hits = open(ENV["INBOX_TEST_HTTP_LOG"]).read().split()
    print(f"# HTTP requests from the app: {hits}")
    forbidden = [hit for hit in hits if not hit.startswith(("/remote.png", "/bg.png"))]
    if forbidden:
        print(f"not ok - requests that must never happen: {forbidden}")
        return 1
    return result.returncode


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "where":
        where(sys.argv[2])
        sys.exit(0)
    if len(sys.argv) == 4 and sys.argv[1] == "deliver":
        deliver(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
