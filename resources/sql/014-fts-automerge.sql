-- 014-fts-automerge.sql: FTS5 merges its segments when 8 of one level exist, not 4.
--
-- Each merge rewrites what it merges, so the default (4) writes the index over more times as it
-- grows: merging was a tenth of the store writer's time in a first sync. With 8, a first sync of
-- 20,000 messages took 2.48 s instead of 2.75 s (medians of six alternating runs) and 0.2 CPU-s
-- less, and searches read about as many segments (docs/benchmarks.md, thirteenth session).
INSERT INTO message_fts (message_fts, rank) VALUES ('automerge', 8);
