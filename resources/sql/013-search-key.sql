-- 013-search-key.sql: full-text rows are keyed by the message's date, not its id.
--
-- Ranked search scores the newest matches only (inbox-store-queries.c), and took "newest" to be the
-- highest rowid. That holds for mail stored in date order only: a first sync stores the newest mail
-- first, and an import stores a Maildir in directory order, so the candidates were the oldest or a
-- random sample. With search_key = date × 2^20 + a sequence within that second, FTS5's rowid order is
-- date order, and "the newest 1,000 matches" is a walk from the end of each doclist.
--
-- The sequence makes keys unique while fewer than 2^20 messages share one second. A date beyond
-- ±2^42 s (a broken Date header) is keyed as that bound, so that the key stays an integer
-- (INBOX_SEARCH_KEY_MAX_DATE in inbox-search.h).
ALTER TABLE messages ADD COLUMN search_key INTEGER;
UPDATE messages SET search_key = k.search_key
  FROM (SELECT id, max (min (date, 4398046511103), -4398046511103) * 1048576
                   + row_number () OVER (PARTITION BY max (min (date, 4398046511103), -4398046511103) ORDER BY id) - 1
                   AS search_key
        FROM messages) k
  WHERE k.id = messages.id;
CREATE UNIQUE INDEX messages_by_search_key ON messages (search_key);

-- FTS5 rowids cannot be changed in place: the index is built again under the new keys.
CREATE VIRTUAL TABLE message_fts_by_date USING fts5 (
  subject, sender, recipients_to, recipients_cc, body, filenames,
  tokenize = 'unicode61 remove_diacritics 2'
);
-- In key order (FTS5 appends to its doclists), read through the new index rather than sorted: a sort
-- held every text in memory (400 MB at 100,000 messages).
INSERT INTO message_fts_by_date (rowid, subject, sender, recipients_to, recipients_cc, body, filenames)
  SELECT m.search_key, f.subject, f.sender, f.recipients_to, f.recipients_cc, f.body, f.filenames
  FROM messages m INDEXED BY messages_by_search_key JOIN message_fts f ON f.rowid = m.id
  WHERE m.search_key IS NOT NULL
  ORDER BY m.search_key;
DROP TABLE message_fts;
ALTER TABLE message_fts_by_date RENAME TO message_fts;
