#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sending: what reaches the fixture's SMTP server is parsed and checked (headers, MIME,
encodings, attachments, reply headers, no Bcc on the wire), the copy in Sent is on Dovecot, and
the outbox never loses or doubles a message: SMTP down, a 550 recipient, a 451, kill -9 at every
step, undo within the delay, and Send later coming due while nothing runs.

Runs under: inbox-fixture --imap --smtp --keyring -- test_outbox.py INBOX_CLI
"""

import email
import email.utils
import email.policy
import json
import mailbox
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

CLI = sys.argv.pop(1)
ENV = os.environ
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
sys.path.insert(0, FIXTURES)
from fixture_account import add_and_sync, add_command, imap  # noqa: E402


def cli(*args, code=0, env=None, stdin=None):
    result = subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True, timeout=120, env=env)
    if result.returncode != code:
        raise AssertionError(f"inbox-cli {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return json.loads(result.stdout) if "--json" in args and result.stdout.strip() else result


def spool():
    """Every message the SMTP server accepted, parsed."""
    box = mailbox.Maildir(ENV["INBOX_TEST_SMTP_SPOOL"], factory=None, create=False)
    return [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]


def received(message_id):
    return [m for m in spool() if m["Message-ID"] == f"<{message_id}>"]


def sent_folder(message_id):
    connection = imap()
    connection.select("Sent", readonly=True)
    typ, data = connection.search(None, "HEADER", "Message-ID", message_id)
    copies = []
    for number in data[0].split():
        typ, fetched = connection.fetch(number, "(FLAGS RFC822)")
        copies.append((fetched[0][0].decode(), email.message_from_bytes(fetched[0][1], policy=email.policy.default)))
    connection.logout()
    return copies


def outbox(item_id):
    for item in cli("outbox", "--all", "--json")["outbox"]:
        if item["id"] == item_id:
            return item
    return None


def send(*args, env=None):
    return cli("send", "--account", ENV["INBOX_TEST_USER"], *args, "--json", env=env)


class OutboxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        add_and_sync(CLI, "--name", "Zoë Tester")  # and the folders, so that Sent is known
        cls.tmp = tempfile.mkdtemp()

    def test_wire_format(self):
        attachment = os.path.join(self.tmp, "Übersicht März.pdf")
        payload = bytes(range(256)) * 40
        with open(attachment, "wb") as f:
            f.write(payload)
        html = os.path.join(self.tmp, "body.html")
        with open(html, "w") as f:
            f.write("<p>Grüße <b>bold</b></p>")
        long_line = "word " * 60
        item = send("--to", "René Dupont <rene@example.org>, ada@example.net", "--cc", "grace@example.com",
                    "--bcc", "hidden@example.org", "--subject", "Grüße aus Köln — 日本語",
                    "--body", f"Hallo René,\n\n{long_line}\n\n-- \nZoë", "--html-file", html,
                    "--attach", attachment, "--in-reply-to", "seed-1@fixture.example.com")
        self.assertEqual(item["state"], "done", item)

        [message] = received(item["message_id"])
        self.assertEqual(message["Subject"], "Grüße aus Köln — 日本語")
        self.assertEqual(message["From"].addresses[0].display_name, "Zoë Tester")
        self.assertEqual(message["From"].addresses[0].addr_spec, ENV["INBOX_TEST_USER"])
        self.assertEqual([a.addr_spec for a in message["To"].addresses], ["rene@example.org", "ada@example.net"])
        self.assertEqual(message["To"].addresses[0].display_name, "René Dupont")
        self.assertEqual([a.addr_spec for a in message["Cc"].addresses], ["grace@example.com"])
        self.assertIsNone(message["Bcc"], "Bcc must not go on the wire")
        self.assertIn("hidden@example.org", message["X-RcptTo"])  # but the envelope has it
        self.assertTrue(message["Message-ID"].endswith("@example.com>"), message["Message-ID"])
        self.assertIsNotNone(message["Date"])
        self.assertEqual(message["In-Reply-To"], "<seed-1@fixture.example.com>")
        self.assertEqual(message["References"], "<seed-1@fixture.example.com>")

        self.assertEqual(message.get_content_type(), "multipart/mixed")
        alternative, attached = message.get_payload()
        self.assertEqual(alternative.get_content_type(), "multipart/alternative")
        plain, rich = alternative.get_payload()
        self.assertEqual(plain.get_content_type(), "text/plain")
        self.assertEqual(plain.get_content_charset(), "utf-8")
        self.assertIn("Hallo René", plain.get_content())
        self.assertIn(long_line.strip(), plain.get_content().replace("\n", " "))
        self.assertEqual(rich.get_content_type(), "text/html")
        self.assertIn("Grüße <b>bold</b>", rich.get_content())
        self.assertEqual(attached.get_filename(), "Übersicht März.pdf")
        self.assertEqual(attached["Content-Transfer-Encoding"], "base64")
        self.assertEqual(attached.get_payload(decode=True), payload)

        # No line on the wire is longer than RFC 5322 allows.
        raw = [m for m in mailbox.Maildir(ENV["INBOX_TEST_SMTP_SPOOL"], factory=None, create=False)]
        for m in raw:
            for line in m.as_bytes().split(b"\n"):
                self.assertLessEqual(len(line.rstrip(b"\r")), 998)
        for line in message.as_string().splitlines():
            if not line.startswith(("X-", "Received")):
                self.assertLessEqual(len(line), 78 + 2, line)

        [(flags, copy)] = sent_folder(item["message_id"])
        self.assertIn("\\Seen", flags)
        self.assertEqual([a.addr_spec for a in copy["Bcc"].addresses], ["hidden@example.org"])

    def test_permanent_refusal_is_kept_with_the_servers_words(self):
        item = send("--to", "reject-me@example.net", "--subject", "Nobody home", "--body", "x")
        self.assertEqual(item["state"], "failed")
        self.assertIn("Recipient address rejected", item["error"])
        self.assertEqual(received(item["message_id"]), [])
        # Kept: it can be taken back out, whole.
        back = cli("outbox", "cancel", str(item["id"])).stdout
        self.assertIn("Subject: Nobody home", back)
        self.assertIsNone(outbox(item["id"]))

    def test_transient_refusal_waits_and_retries(self):
        item = send("--to", "tempfail@example.net", "--subject", "Later please", "--body", "x")
        self.assertEqual(item["state"], "queued")
        self.assertIn("try again later", item["error"])
        self.assertGreater(cli("outbox", "--json")["outbox"][0]["send_at"], 0)
        cli("outbox", "run")
        self.assertEqual(outbox(item["id"])["attempts"], 2)
        cli("outbox", "cancel", str(item["id"]))

    def test_sent_over_starttls_and_tls(self):
        def use_smtp(port, security):
            subprocess.run(add_command(CLI, "--smtp-port", port, "--smtp-security", security),
                           input=ENV["INBOX_TEST_PASSWORD"], text=True, check=True, capture_output=True)

        self.addCleanup(use_smtp, ENV["INBOX_TEST_SMTP_PORT"], "none")
        for port, security in ((ENV["INBOX_TEST_SMTP_STARTTLS_PORT"], "starttls"), (ENV["INBOX_TEST_SMTPS_PORT"], "tls")):
            use_smtp(port, security)
            item = send("--to", "ada@example.net", "--subject", f"Over {security}", "--body", "x")
            self.assertEqual(outbox(item["id"])["state"], "done", item)
            self.assertEqual(len(received(item["message_id"])), 1)

    def test_refused_password_waits_and_goes_once_it_is_right(self):
        def server_password(password):
            with open(ENV["INBOX_TEST_SMTP_PASSWORD_FILE"], "w") as f:
                f.write(password + "\n")

        self.addCleanup(server_password, ENV["INBOX_TEST_PASSWORD"])
        server_password("changed-on-the-web")  # as after the user made a new app-specific password
        first = send("--to", "ada@example.net", "--subject", "Before the new password", "--body", "x")
        second = send("--to", "ada@example.net", "--subject", "Also before it", "--body", "y")
        for item in (outbox(first["id"]), outbox(second["id"])):
            # Not the message's fault: it waits (never "failed"), saying why.
            self.assertEqual(item["state"], "queued", item)
            self.assertIn("SMTP server 127.0.0.1 did not accept the user name or password", item["error"])
        self.assertEqual(received(first["message_id"]) + received(second["message_id"]), [])

        server_password(ENV["INBOX_TEST_PASSWORD"])  # the keyring's password is right again
        cli("outbox", "run")
        for item in (first, second):
            self.assertEqual(outbox(item["id"])["state"], "done")
            self.assertEqual(len(received(item["message_id"])), 1)

    def test_smtp_down_then_back(self):
        port, pid = ENV["INBOX_TEST_SMTP_PORT"], int(ENV["INBOX_TEST_SMTP_PID"])
        os.kill(pid, signal.SIGTERM)
        time.sleep(0.5)
        item = send("--to", "ada@example.net", "--subject", "While the server was down", "--body", "x")
        self.assertEqual(item["state"], "queued", item)
        # An outage, in few words (the Outbox row says when it is tried again), not setup advice.
        self.assertEqual(item["error"], f"Cannot reach 127.0.0.1 (connection refused on port {port}).")
        self.assertEqual(received(item["message_id"]), [])

        server = subprocess.Popen(["/usr/bin/python3", os.path.join(FIXTURES, "inbox_smtp.py"),
                                   "--listen", f"127.0.0.1:{port}", "--user", ENV["INBOX_TEST_USER"],
                                   "--password-file", ENV["INBOX_TEST_SMTP_PASSWORD_FILE"],
                                   ENV["INBOX_TEST_SMTP_SPOOL"]])
        ENV["INBOX_TEST_SMTP_PID"] = str(server.pid)
        OutboxTest.server = server  # the fixture stops it at the end
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        cli("outbox", "run")
        self.assertEqual(outbox(item["id"])["state"], "done")
        self.assertEqual(len(received(item["message_id"])), 1)
        cli("outbox", "run")
        self.assertEqual(len(received(item["message_id"])), 1)

    def test_undo_within_the_delay_sends_nothing(self):
        item = send("--to", "ada@example.net", "--subject", "Oops", "--body", "never mind", "--delay", "30")
        self.assertEqual(item["state"], "queued")
        cli("outbox", "run")  # not due yet
        back = cli("outbox", "cancel", str(item["id"])).stdout
        self.assertIn("never mind", back)
        cli("outbox", "run")
        self.assertEqual(received(item["message_id"]), [])

    def test_send_later_comes_due_while_nothing_runs(self):
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() + 3))
        item = send("--to", "ada@example.net", "--subject", "Scheduled", "--body", "x", "--at", when)
        self.assertEqual(item["state"], "queued")
        self.assertTrue(item["scheduled"])
        self.assertEqual(received(item["message_id"]), [])
        time.sleep(4)
        # Nothing ran while it came due; the next start catches up, once.
        cli("outbox", "run")
        cli("outbox", "run")
        self.assertEqual(len(received(item["message_id"])), 1)
        self.assertEqual(len(sent_folder(item["message_id"])), 1)

    def kill_at(self, point, subject):
        env = dict(ENV, INBOX_OUTBOX_TEST_PAUSE=point)
        process = subprocess.Popen([CLI, "send", "--account", ENV["INBOX_TEST_USER"], "--to", "ada@example.net",
                                    "--subject", subject, "--body", f"killed at {point}"],
                                   env=env, stderr=subprocess.PIPE, text=True)
        line = process.stderr.readline()
        self.assertIn(f"paused at {point}", line)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
        [item] = [i for i in cli("outbox", "--all", "--json")["outbox"] if i["subject"] == subject]
        return item

    def test_kill_at_every_step_sends_exactly_once(self):
        expected_state = {"sending": "sending", "after-smtp": "sending", "sent-smtp": "sent-smtp",
                          "saved-to-sent": "saved-to-sent"}
        for point, state in expected_state.items():
            with self.subTest(point=point):
                item = self.kill_at(point, f"Killed at {point}")
                self.assertEqual(item["state"], state)
                cli("outbox", "run")  # a restart: settles what the dead process left
                cli("outbox", "run")
                settled = outbox(item["id"])
                if point == "sending":
                    # Killed before it reached the server, but nobody can know that: kept, not resent.
                    self.assertEqual(settled["state"], "failed")
                    self.assertIn("may or may not have been delivered", settled["error"])
                    self.assertEqual(received(item["message_id"]), [])
                    cli("outbox", "retry", str(item["id"]))  # the person's choice
                    cli("outbox", "run")
                elif point == "after-smtp":
                    # The server took it, the process died before writing that down: never resent.
                    self.assertEqual(settled["state"], "failed")
                    self.assertEqual(len(received(item["message_id"])), 1)
                    continue
                self.assertEqual(outbox(item["id"])["state"], "done")
                self.assertEqual(len(received(item["message_id"])), 1)
                self.assertEqual(len(sent_folder(item["message_id"])), 1)

    def test_send_as_an_alias(self):
        user = ENV["INBOX_TEST_USER"]
        cli("identity", "add", "--account", user, "--address", "sales@example.com", "--name", "Zoë at Sales",
            "--signature", "Zoë\nSales", "--signature-use", "first-then-reply", "--reply-signature", "Z.", "--never-auto")
        identities = cli("identity", "list", "--account", user, "--json")["identities"]
        self.assertEqual([i["address"] for i in identities], [user, "sales@example.com"])
        self.assertFalse(identities[0]["alias"])
        alias = identities[1]
        self.assertEqual((alias["name"], alias["signature"], alias["reply_signature"], alias["signature_use"], alias["never_auto"]),
                         ("Zoë at Sales", "Zoë\nSales", "Z.", "first-then-reply", True))

        item = send("--from", "sales@example.com", "--to", "ada@example.net", "--subject", "From sales", "--body", "x")
        [message] = received(item["message_id"])
        self.assertEqual(message["From"].addresses[0].addr_spec, "sales@example.com")
        self.assertEqual(message["From"].addresses[0].display_name, "Zoë at Sales")
        self.assertEqual(message["X-MailFrom"], "sales@example.com")

        result = cli("send", "--account", user, "--from", "nobody@example.com", "--to", "a@example.net", code=1)
        self.assertIn("not an identity", result.stderr)
        result = cli("identity", "remove", "--account", user, "--address", user, code=1)
        self.assertIn("can't be removed", result.stderr)
        cli("identity", "remove", "--account", user, "--address", "sales@example.com")
        self.assertEqual(len(cli("identity", "list", "--json")["identities"]), 1)

    def test_send_later_discarded_when_someone_replies(self):
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() + 3))
        answered = send("--to", "ada@example.net", "--subject", "Re: Project update 0", "--body", "following up",
                        "--in-reply-to", "seed-0@fixture.example.com", "--at", when, "--discard-if-reply")
        quiet = send("--to", "ada@example.net", "--subject", "Re: Project update 2", "--body", "following up",
                     "--in-reply-to", "seed-6@fixture.example.com", "--at", when, "--discard-if-reply")
        reply = (f"Message-ID: <late-reply@example.net>\r\nFrom: Ada <ada@example.net>\r\nTo: {ENV['INBOX_TEST_USER']}\r\n"
                 f"Subject: Re: Project update 0\r\nIn-Reply-To: <seed-0@fixture.example.com>\r\n"
                 f"References: <seed-0@fixture.example.com>\r\n"
                 f"Date: {email.utils.formatdate(time.time() + 1)}\r\n\r\nAlready done, thanks!\r\n")
        with open(os.path.join(ENV["INBOX_TEST_MAILDIR"], "new", f"{int(time.time())}.late-reply"), "w") as f:
            f.write(reply)
        cli("sync")
        time.sleep(4)
        cli("outbox", "run")
        self.assertEqual(outbox(answered["id"])["state"], "failed")
        self.assertIn("someone replied", outbox(answered["id"])["error"])
        self.assertEqual(received(answered["message_id"]), [])
        self.assertEqual(outbox(quiet["id"])["state"], "done")
        self.assertEqual(len(received(quiet["message_id"])), 1)
        cli("outbox", "cancel", str(answered["id"]))

    def test_forward_as_attachment(self):
        item = send("--to", "grace@example.com", "--subject", "Fwd: Project update 0", "--body", "See below.",
                    "--forward", "seed-1@fixture.example.com")
        [message] = received(item["message_id"])
        [attached] = [part for part in message.walk() if part.get_content_type() == "message/rfc822"]
        self.assertNotEqual(attached["Content-Transfer-Encoding"], "base64")
        inner = attached.get_payload()[0]
        self.assertEqual(inner["Message-ID"], "<seed-1@fixture.example.com>")
        self.assertIn("This is message 1 in thread 0", inner.get_body(("plain",)).get_content())
        self.assertIsNone(inner["X-Evolution-Source"])
        result = cli("send", "--account", ENV["INBOX_TEST_USER"], "--to", "a@example.net", "--forward", "nowhere@example", code=1)
        self.assertIn("not on a server", result.stderr)

    def test_save_an_attachment_from_the_server(self):
        payload = bytes(range(256)) * 8
        attachment = os.path.join(self.tmp, "Bericht für Q3.bin")
        with open(attachment, "wb") as f:
            f.write(payload)
        # A message with an attachment, sent to ourselves through the real servers: it lands in Sent.
        item = send("--to", "ada@example.net", "--subject", "With a file", "--body", "x", "--attach", attachment)
        cli("sync")
        output = os.path.join(self.tmp, "saved.bin")
        cli("attachment", item["message_id"], "Bericht für Q3.bin", "--output", output)
        with open(output, "rb") as f:
            self.assertEqual(f.read(), payload)
        result = cli("attachment", item["message_id"], "missing.pdf", "--output", output, code=1)
        self.assertIn("missing.pdf", result.stderr)

    def test_at_takes_a_phrase(self):
        item = send("--to", "ada@example.net", "--subject", "Phrase", "--body", "x", "--at", "in 2 hours")
        self.assertTrue(item["scheduled"])
        self.assertAlmostEqual(item["send_at"], time.time() + 7200, delta=60)
        cli("outbox", "cancel", str(item["id"]))

    def test_server_that_saves_sent_gets_no_second_copy(self):
        add = add_command(CLI, "--name", "Zoë Tester", "--json")[1:]
        account = cli(*add, "--server-saves-sent", stdin=ENV["INBOX_TEST_PASSWORD"])["account"]
        self.assertTrue(account["server_saves_sent"])
        try:
            item = send("--to", "ada@example.net", "--subject", "Filed by the server", "--body", "x")
            self.assertEqual(item["state"], "done")
            self.assertEqual(len(received(item["message_id"])), 1)
            self.assertEqual(sent_folder(item["message_id"]), [])  # our server doesn't file it; we didn't either
        finally:
            account = cli(*add, stdin=ENV["INBOX_TEST_PASSWORD"])["account"]
            self.assertFalse(account["server_saves_sent"])

    def test_size_limit_is_kept_per_account(self):
        add = add_command(CLI, "--name", "Zoë Tester", "--json")[1:]
        self.assertEqual(cli(*add, stdin=ENV["INBOX_TEST_PASSWORD"])["account"]["size_limit_mb"], 25)
        account = cli(*add, "--size-limit", "7", stdin=ENV["INBOX_TEST_PASSWORD"])["account"]
        self.assertEqual(account["size_limit_mb"], 7)
        listed = cli("account", "list", "--json")
        self.assertEqual([a["size_limit_mb"] for a in listed["accounts"] if a["uid"] == account["uid"]], [7])
        # Added again without it, the account keeps what was set.
        self.assertEqual(cli(*add, stdin=ENV["INBOX_TEST_PASSWORD"])["account"]["size_limit_mb"], 7)
        result = cli(*add, "--size-limit", "-3", stdin=ENV["INBOX_TEST_PASSWORD"], code=2)
        self.assertIn("--size-limit", result.stderr)

    def test_bad_input_is_refused_before_queueing(self):
        result = cli("send", "--account", ENV["INBOX_TEST_USER"], "--to", "not an address", "--subject", "x", code=1)
        self.assertIn("is not an email address", result.stderr)
        result = cli("send", "--account", ENV["INBOX_TEST_USER"], "--subject", "x", code=1)
        self.assertIn("Add at least one recipient", result.stderr)
        result = cli("send", "--account", ENV["INBOX_TEST_USER"], "--to", "a@example.net", "--attach", "/nonexistent/file.pdf", code=1)
        self.assertIn("file.pdf", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
