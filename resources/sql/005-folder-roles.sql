-- 005-folder-roles.sql: a role the user chose for a folder stays, whatever the server's
-- SPECIAL-USE says later.
ALTER TABLE folders ADD COLUMN role_chosen INTEGER NOT NULL DEFAULT 0;
