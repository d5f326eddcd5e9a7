-- 004-actions.sql: what the user did that the server has not seen yet. Written in the same
-- transaction as the local change; the syncer replays each row on the server, in order, then
-- deletes it. A row that can't be replayed keeps its error for the UI.
CREATE TABLE pending_actions (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('flags', 'move', 'copy', 'delete')),
  folder_path      TEXT NOT NULL,          -- where the message was on the server
  uid              INTEGER NOT NULL,       -- its UID there
  set_flags        INTEGER NOT NULL DEFAULT 0,
  clear_flags      INTEGER NOT NULL DEFAULT 0,
  target_path      TEXT,                   -- for a move or a copy
  attempts         INTEGER NOT NULL DEFAULT 0,
  error            TEXT,                   -- the last failure, for the UI
  created          INTEGER NOT NULL
);
CREATE INDEX pending_actions_by_account ON pending_actions (account_id, id);
