-- 002-remote-content.sql: the senders and domains whose mail may load remote images
-- ("always for this sender" / "always for this domain" in the reader).
CREATE TABLE remote_content_allowed (
  kind     TEXT NOT NULL CHECK (kind IN ('sender', 'domain')),
  value    TEXT NOT NULL COLLATE NOCASE,
  created  INTEGER NOT NULL,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;
