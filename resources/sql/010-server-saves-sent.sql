-- 010-server-saves-sent.sql: servers that file what their SMTP sends into Sent themselves (Gmail,
-- Outlook.com with some settings). For those the outbox does not append its own copy.
ALTER TABLE accounts ADD COLUMN saves_sent INTEGER NOT NULL DEFAULT 0;
