-- 0002: what ingesting meeting-event v1 needs beyond 0001.
--
-- * meetings.recording: the stable share link of the latest `recording.completed` as JSON
--   {"share_url", "passcode_ref", "occurred_at", "dedupe_key"}. Expiring download links are
--   never stored.
-- * meetings.crm_hint: the latest CRM hint carried by events (an envelope `crm` with
--   association "pre", or `crm.association_changed`) as JSON. It is input for matching, not
--   the confirmed association (crm_company_id/crm_deal_id stay the sync step's to set).
-- * participants.last_joined_at / last_left_at: the latest join and leave seen, so that
--   joins and leaves arriving in any order converge (left_at is last_left_at when that is
--   not before last_joined_at, else NULL).
-- * meeting_events.event_zstd: large events are stored zstd-compressed instead of in
--   `event`; exactly one of the two is set. SQLite cannot change a column's constraints, so
--   the table is rebuilt.

ALTER TABLE meetings ADD COLUMN recording TEXT CHECK (recording IS NULL OR json_valid(recording));
ALTER TABLE meetings ADD COLUMN crm_hint TEXT CHECK (crm_hint IS NULL OR json_valid(crm_hint));

ALTER TABLE participants ADD COLUMN last_joined_at TEXT;
ALTER TABLE participants ADD COLUMN last_left_at TEXT;
UPDATE participants SET last_joined_at = joined_at, last_left_at = left_at;

CREATE TABLE meeting_events_new (
    id          INTEGER PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    event_id    TEXT NOT NULL CHECK (event_id <> ''),
    dedupe_key  TEXT NOT NULL CHECK (dedupe_key <> ''),
    kind        TEXT NOT NULL CHECK (kind GLOB '[a-z]*.[a-z]*'),
    occurred_at TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    seq         INTEGER,
    event       TEXT CHECK (event IS NULL OR json_valid(event)),
    event_zstd  BLOB,
    UNIQUE (meeting_id, dedupe_key),
    CHECK ((event IS NULL) <> (event_zstd IS NULL))
) STRICT;
INSERT INTO meeting_events_new
    (id, meeting_id, event_id, dedupe_key, kind, occurred_at, received_at, seq, event)
    SELECT id, meeting_id, event_id, dedupe_key, kind, occurred_at, received_at, seq, event
    FROM meeting_events;
DROP TABLE meeting_events;
ALTER TABLE meeting_events_new RENAME TO meeting_events;
CREATE INDEX meeting_events_by_time ON meeting_events (meeting_id, occurred_at, seq);
-- The live panel's timeline reads a few kinds of one meeting.
CREATE INDEX meeting_events_by_kind ON meeting_events (meeting_id, kind, occurred_at);
