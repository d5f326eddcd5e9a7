-- 009-identities.sql: the addresses mail is sent from. Each account sends as itself and as its
-- aliases; each identity has a name and a signature. The account's own address may have a row
-- too, for its signature. "never_auto": the Reply-From rule never picks it by domain alone.
CREATE TABLE identities (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  address         TEXT NOT NULL COLLATE NOCASE,
  name            TEXT NOT NULL DEFAULT '',
  signature       TEXT NOT NULL DEFAULT '',
  reply_signature TEXT NOT NULL DEFAULT '',     -- for 'first-then-reply'
  signature_use   TEXT NOT NULL DEFAULT 'all' CHECK (signature_use IN ('all', 'first', 'first-then-reply')),
  never_auto      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, address)
);
