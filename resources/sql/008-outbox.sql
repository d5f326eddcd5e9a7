-- 008-outbox.sql: mail on its way out. A row is written before anything is sent and moves
-- queued → sending → sent-smtp → saved-to-sent → done, or to failed with the reason. The message
-- is kept exactly as it goes on the wire (same bytes, same Message-ID on every attempt).
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id    TEXT NOT NULL UNIQUE,             -- without <>
  state         TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'sent-smtp', 'saved-to-sent', 'done', 'failed')),
  send_at       INTEGER NOT NULL,                 -- unix time: now + the undo delay, or when scheduled
  scheduled     INTEGER NOT NULL DEFAULT 0,       -- 1: Send later (the Send later mailbox lists it)
  next_attempt  INTEGER NOT NULL DEFAULT 0,       -- not before this (backoff after a transient error)
  attempts      INTEGER NOT NULL DEFAULT 0,
  owner_pid     INTEGER,                          -- the process between 'sending' and 'done'
  error         TEXT,                             -- the last failure, in the server's words
  subject       TEXT NOT NULL DEFAULT '',
  recipients    TEXT NOT NULL DEFAULT '',         -- for display
  mime          BLOB NOT NULL,
  created       INTEGER NOT NULL,
  finished      INTEGER
);
CREATE INDEX outbox_by_state ON outbox (state, send_at);
