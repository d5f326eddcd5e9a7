-- 003-accounts.sql: what an IMAP/SMTP account needs. The password is not here: it lives only in
-- libsecret, under the account's uid.
ALTER TABLE accounts ADD COLUMN uid TEXT;                              -- stable: the keyring's account-id
ALTER TABLE accounts ADD COLUMN display_name TEXT NOT NULL DEFAULT ''; -- the name mail is sent from
ALTER TABLE accounts ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN imap_host TEXT;
ALTER TABLE accounts ADD COLUMN imap_port INTEGER;
ALTER TABLE accounts ADD COLUMN imap_security TEXT CHECK (imap_security IN ('tls', 'starttls', 'none'));
ALTER TABLE accounts ADD COLUMN imap_user TEXT;
ALTER TABLE accounts ADD COLUMN smtp_host TEXT;
ALTER TABLE accounts ADD COLUMN smtp_port INTEGER;
ALTER TABLE accounts ADD COLUMN smtp_security TEXT CHECK (smtp_security IN ('tls', 'starttls', 'none'));
ALTER TABLE accounts ADD COLUMN smtp_user TEXT;
ALTER TABLE accounts ADD COLUMN history TEXT NOT NULL DEFAULT 'all'
  CHECK (history IN ('all', 'none', '1m', '3m', '6m', '1y', '2y', '5y', '10y'));
ALTER TABLE accounts ADD COLUMN pinned_certificate TEXT;               -- SHA-256 of a self-signed certificate the user accepted
ALTER TABLE accounts ADD COLUMN preset TEXT;                           -- "icloud", "fastmail"…, or NULL

CREATE UNIQUE INDEX accounts_by_uid ON accounts (uid);
-- The same address on the same server is one account: adding it again updates it.
CREATE UNIQUE INDEX accounts_by_address_and_server ON accounts (email COLLATE NOCASE, imap_host COLLATE NOCASE)
  WHERE kind = 'imap';
