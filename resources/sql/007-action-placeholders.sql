-- 007-action-placeholders.sql: a moved or copied message waits locally under a negative
-- placeholder UID until the server names the copy. The queued move remembers that placeholder, so
-- that its replay can give the copy its real UID, and every queued action remembers its message's
-- Message-ID, so that an action on a copy not yet named (an undo, a flag) can find it on the server.
ALTER TABLE pending_actions ADD COLUMN target_uid INTEGER;
ALTER TABLE pending_actions ADD COLUMN message_id TEXT;
