-- 011-outbox-discard-if-reply.sql: Send later's "Discard if someone replies before then". When the
-- message comes due, a reply in its conversation from someone else, newer than the scheduling,
-- keeps it from going (it stays in the Outbox, marked why).
ALTER TABLE outbox ADD COLUMN discard_if_reply INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN in_reply_to TEXT;   -- the Message-ID it answers (without <>)
