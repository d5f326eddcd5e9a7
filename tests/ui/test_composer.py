#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The composer against the fixture's servers: adds the account with inbox-cli and syncs, runs
test-composer (the real app under Xvfb), then checks what the SMTP server received and what
Dovecot's Sent folder keeps: the composed message arrived once with its attachment, and the one
taken back with Undo never did.

Runs under: inbox-fixture --imap --smtp --keyring --xvfb -- test_composer.py INBOX_CLI TEST_COMPOSER
"""

import email
import email.policy
import mailbox
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from fixture_account import add_and_sync, imap  # noqa: E402

ENV = os.environ


def received(subject):
    box = mailbox.Maildir(ENV["INBOX_TEST_SMTP_SPOOL"], factory=None, create=False)
    messages = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]
    return [m for m in messages if m["Subject"] == subject]


def in_sent(subject):
    connection = imap()
    connection.select("Sent", readonly=True)
    typ, data = connection.search(None, "SUBJECT", f'"{subject}"')
    connection.logout()
    return len(data[0].split())


def drafts():
    """The subjects in the server's Drafts folder, one per line (for test-composer)."""
    connection = imap()
    typ, count = connection.select("Drafts", readonly=True)
    subjects = []
    if int(count[0]) > 0:
        typ, data = connection.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        for item in data:
            if isinstance(item, tuple) and b"\\Deleted" not in item[0]:
                subjects.append(item[1].decode().split(":", 1)[1].strip())
    connection.logout()
    print("\n".join(subjects))


def check(condition, what):
    print(f"{'ok' if condition else 'not ok'} - {what}")
    return condition


def main():
    cli, test_binary = sys.argv[1], sys.argv[2]
    add_and_sync(cli, "--name", "Test Person")

    ENV["INBOX_TEST_DRAFTS"] = f"{sys.executable} {os.path.abspath(__file__)} drafts"
    result = subprocess.run([test_binary, "--tap"])

    ok = check(result.returncode == 0, f"test-composer exited {result.returncode}")
    sent = received("Composer test ü")
    ok &= check(len(sent) == 1, "the composed message reached the SMTP server once")
    if sent:
        message = sent[0]
        attachments = [part for part in message.iter_attachments()]
        ok &= check([a.get_filename() for a in attachments] == ["Plan für März.txt"], "with its attachment")
        ok &= check(attachments and attachments[0].get_content() == "Step one: write the composer.\n",
                    "whose content survived the trip")
        ok &= check("the plan is in the attached file" in message.get_body(("plain",)).get_content(), "and its text")
        ok &= check(message["From"].addresses[0].addr_spec == ENV["INBOX_TEST_USER"], "from the account")
    ok &= check(in_sent("Composer test") == 1, "a copy is in Sent on the server")
    rich = received("Rich text test")
    ok &= check(len(rich) == 1, "the rich-text message arrived")
    if rich:
        html = rich[0].get_body(("html",))
        plain = rich[0].get_body(("plain",))
        ok &= check(rich[0].get_content_type() == "multipart/alternative", "as multipart/alternative")
        ok &= check(any(p.get_content_type() == "multipart/related" for p in rich[0].walk()), "with a related part")
        ok &= check(html is not None and "<b>bold</b>" in html.get_content() and "<ul>" in html.get_content(),
                    "its HTML keeps the formatting")
        ok &= check(html is not None and "<script>" not in html.get_content(), "typed markup stays text")
        ok &= check(plain is not None and "Hello bold and italic" in plain.get_content(), "with the text as plain text")
        images = [part for part in rich[0].walk() if part.get_content_type() == "image/png"]
        ok &= check(len(images) == 1 and images[0]["Content-ID"] is not None, "the pasted image is a part of its own")
        ok &= check(html is not None and images and f"cid:{images[0]['Content-ID'].strip('<>')}" in html.get_content(),
                    "that the HTML shows by its Content-ID")
        ok &= check(html is not None and "data:image" not in html.get_content(), "with no data: URI left")
    ok &= check(received("Undone message") == [], "the message taken back with Undo never left")
    ok &= check(len(received("Scheduled from the composer")) == 1, "the scheduled message went once, on Send Now")
    ok &= check(len(received("While the password was wrong")) == 1,
                "the message that waited for the SMTP password went once, after it was entered")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "drafts":
        drafts()
        sys.exit(0)
    sys.exit(main())
