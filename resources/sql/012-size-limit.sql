-- 012-size-limit.sql: the largest message an account's server takes, in MB (0: not known, and the
-- composer assumes 25 MB). Presets know some (iCloud 20 MB); the account settings can change it.
ALTER TABLE accounts ADD COLUMN size_limit_mb INTEGER NOT NULL DEFAULT 0;
