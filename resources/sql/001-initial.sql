-- 001-initial.sql: the first schema of the local mail store.
-- Applied by inbox-store.c in one transaction; PRAGMA user_version records it.

CREATE TABLE accounts (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,            -- "Local", or what the user named it
  email       TEXT,                            -- the address I send from, when known
  kind        TEXT NOT NULL DEFAULT 'local',   -- local | imap
  created     INTEGER NOT NULL
);

CREATE TABLE folders (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  path        TEXT NOT NULL,                   -- the server's (or Maildir's) full name
  name        TEXT NOT NULL,                   -- the last component, for display
  role        TEXT NOT NULL DEFAULT 'none'
              CHECK (role IN ('inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'none')),
  uidvalidity INTEGER NOT NULL DEFAULT 0,
  next_uid    INTEGER NOT NULL DEFAULT 1,
  UNIQUE (account_id, path)
);

CREATE TABLE conversations (
  id             INTEGER PRIMARY KEY,
  subject        TEXT NOT NULL DEFAULT '',     -- the latest message's subject
  custom_title   TEXT,                         -- set by the user; wins over subject
  snippet        TEXT NOT NULL DEFAULT '',     -- of the latest message
  participants   TEXT NOT NULL DEFAULT '',     -- senders oldest first: "name␟address" records joined by ␞ (0x1f, 0x1e)
  last_activity  INTEGER NOT NULL DEFAULT 0,   -- unix time of the newest message
  message_count  INTEGER NOT NULL DEFAULT 0,
  unread_count   INTEGER NOT NULL DEFAULT 0,
  has_attachment INTEGER NOT NULL DEFAULT 0,
  folders        TEXT NOT NULL DEFAULT '',     -- the folders its messages are in, joined by ␟ (0x1f)
  accounts       TEXT NOT NULL DEFAULT ''      -- the accounts its messages are in, joined by ␟ (0x1f)
);

-- A conversation id that was merged into another one keeps pointing at the survivor, so ids that
-- were handed out (UI selection, scripts) stay valid.
CREATE TABLE conversation_aliases (
  old_id  INTEGER PRIMARY KEY,
  new_id  INTEGER NOT NULL
);

-- Which lists a conversation appears in, with the sort key: the paged list models read only this.
-- mailbox is a role ('inbox', 'sent', …), 'all', or 'folder:<id>'.
CREATE TABLE conversation_mailboxes (
  mailbox         TEXT NOT NULL,
  last_activity   INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  PRIMARY KEY (mailbox, last_activity, conversation_id)
) WITHOUT ROWID;
CREATE INDEX conversation_mailboxes_by_conversation ON conversation_mailboxes (conversation_id);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id      TEXT NOT NULL,               -- RFC 5322 Message-ID without <>, or a synthetic one
  synthetic_id    INTEGER NOT NULL DEFAULT 0,  -- 1 when the message had no usable Message-ID
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  subject         TEXT NOT NULL DEFAULT '',
  base_subject    TEXT NOT NULL DEFAULT '',    -- lower case, without Re:/Fwd: prefixes
  from_name       TEXT NOT NULL DEFAULT '',
  from_address    TEXT NOT NULL DEFAULT '',
  date            INTEGER NOT NULL,            -- unix time (Date:, else received, else import time)
  in_reply_to     TEXT,
  refs            TEXT,                        -- References, space separated, without <>
  snippet         TEXT NOT NULL DEFAULT '',
  flags           INTEGER NOT NULL DEFAULT 0,  -- InboxMessageFlags, aggregated over locations
  has_attachment  INTEGER NOT NULL DEFAULT 0,
  size            INTEGER NOT NULL DEFAULT 0,
  content_hash    TEXT NOT NULL DEFAULT '',    -- of the text and attachments: tells copies from reused ids
  list_id         TEXT,
  list_unsubscribe TEXT,
  auto_submitted  TEXT,
  precedence      TEXT,
  parse_error     TEXT,                        -- what could not be read, when anything
  UNIQUE (account_id, message_id)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, date);
CREATE INDEX messages_by_date ON messages (date);
CREATE INDEX messages_by_base_subject ON messages (base_subject, date);

CREATE TABLE message_addresses (
  message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('from', 'to', 'cc', 'bcc', 'reply-to')),
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  address     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (message_id, kind, position)
) WITHOUT ROWID;
-- No index by address: every lookup goes through message_id, and one cost 15% of import time.

CREATE TABLE message_bodies (
  message_id  INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  html        TEXT                             -- the text/html part, for the reader; plain text lives in message_fts
);

CREATE TABLE attachments (
  message_id   INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  filename     TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT 'application/octet-stream',
  size         INTEGER NOT NULL DEFAULT 0,     -- decoded bytes
  content_id   TEXT,
  inline       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;

-- message_id has no REFERENCES clause on purpose: with it, each insert cost 160 µs (half the
-- import time in docs/benchmarks.md). The engine deletes a message's locations with the message.
CREATE TABLE message_locations (
  message_id  INTEGER NOT NULL,
  folder_id   INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid         INTEGER NOT NULL,
  flags       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (folder_id, uid)
) WITHOUT ROWID;
CREATE INDEX message_locations_by_message ON message_locations (message_id);

-- Every Message-ID seen, in a message or only in References/In-Reply-To (JWZ's empty containers),
-- and the conversation it belongs to. Global: threads join across folders and accounts.
CREATE TABLE thread_ids (
  message_id      TEXT PRIMARY KEY,
  conversation_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX thread_ids_by_conversation ON thread_ids (conversation_id);

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  address     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name        TEXT NOT NULL DEFAULT '',
  seen_count  INTEGER NOT NULL DEFAULT 0,      -- messages from or to them
  sent_count  INTEGER NOT NULL DEFAULT 0,      -- messages I wrote to them
  last_seen   INTEGER NOT NULL DEFAULT 0,
  last_sent   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE labels (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('folder', 'keyword')),
  folder_id   INTEGER REFERENCES folders (id) ON DELETE CASCADE,
  UNIQUE (account_id, kind, name)
);
CREATE INDEX labels_by_folder ON labels (folder_id);

CREATE TABLE message_labels (
  message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  label_id    INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  PRIMARY KEY (message_id, label_id)
) WITHOUT ROWID;
CREATE INDEX message_labels_by_label ON message_labels (label_id);

-- Full-text index, rowid = messages.id. Rows are deleted and inserted again, never updated in place.
CREATE VIRTUAL TABLE message_fts USING fts5 (
  subject, sender, recipients_to, recipients_cc, body, filenames,
  tokenize = 'unicode61 remove_diacritics 2'
);
