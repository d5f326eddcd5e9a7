-- 006-folder-sync-state.sql: what EXAMINE said of a folder (UIDVALIDITY, UIDNEXT, EXISTS, CONDSTORE
-- HIGHESTMODSEQ) and the history setting, as of the last complete bulk sync of it. When all of it is
-- unchanged, a resync skips listing the folder. NULL: never completed, or the server lacks CONDSTORE.
ALTER TABLE folders ADD COLUMN sync_state TEXT;
