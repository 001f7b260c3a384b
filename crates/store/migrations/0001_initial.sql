-- 0001: the first Callbrief schema.
--
-- Conventions (see the crate docs in src/lib.rs):
-- * Every table is STRICT, so a wrong type is an error instead of a silent conversion.
-- * An INTEGER `*_at` column is a time Callbrief recorded, in Unix milliseconds. A TEXT `*_at`
--   column is a time a vendor sent (RFC 3339), kept as sent.
-- * JSON columns are TEXT with CHECK (json_valid(...)).
-- * Enum-like columns have a CHECK listing every value; the Rust enum in src/repo/ must list
--   the same values (a test inserts every variant).
-- * No column ever holds a token, password or other secret: credentials live in the OS
--   keychain and `crm_connections.keychain_account` only names the entry.
--
-- This file runs inside one transaction; never add BEGIN/COMMIT here.

-- Marks the file as Callbrief's ("CBF1"), so opening some other app's SQLite file fails
-- loudly instead of adding our tables to it.
PRAGMA application_id = 1128416817;

-- Key/value preferences. 'ui' holds callbrief_core::settings::Settings as one JSON
-- document, so adding a preference needs no migration.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY CHECK (key <> ''),
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- One row per connected CRM account.
CREATE TABLE crm_connections (
    id               TEXT PRIMARY KEY CHECK (id <> ''),
    crm              TEXT NOT NULL CHECK (crm IN ('hubspot', 'salesforce', 'pipedrive')),
    -- HubSpot portal id, Salesforce org id, Pipedrive company domain.
    account_id       TEXT NOT NULL CHECK (account_id <> ''),
    display_name     TEXT NOT NULL,
    base_url         TEXT NOT NULL,
    -- The keychain entry's account name (`<crm>:<account id>`); the secret stays there.
    keychain_account TEXT NOT NULL CHECK (keychain_account <> ''),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (crm, account_id)
) STRICT;

-- CRM cache. Each row is keyed by (connection_id, crm_id); `record` is the full
-- callbrief_core::model value as JSON and is the source of truth when reading. The other
-- columns exist only to filter and sort. `fetched_at` drives the cache TTL. Deleting a
-- connection deletes its cache.
CREATE TABLE crm_owners (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE crm_companies (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    domain        TEXT,
    owner_id      TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX crm_companies_by_domain ON crm_companies (connection_id, domain COLLATE NOCASE);

CREATE TABLE crm_contacts (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT,
    company_id    TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX crm_contacts_by_company ON crm_contacts (connection_id, company_id, name);
CREATE INDEX crm_contacts_by_email ON crm_contacts (connection_id, email COLLATE NOCASE);

CREATE TABLE crm_deals (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    stage         TEXT,
    -- Derived from `stage` when cached (see repo::crm_cache::deal_is_open).
    is_open       INTEGER NOT NULL CHECK (is_open IN (0, 1)),
    close_date    TEXT,
    company_id    TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX crm_deals_by_company ON crm_deals (connection_id, company_id, is_open, close_date);

CREATE TABLE crm_notes (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    company_id    TEXT,
    deal_id       TEXT,
    noted_at      TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX crm_notes_by_company ON crm_notes (connection_id, company_id, noted_at);

CREATE TABLE crm_tasks (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    status        TEXT,
    -- Derived from `status` when cached (see repo::crm_cache::task_is_open).
    is_open       INTEGER NOT NULL CHECK (is_open IN (0, 1)),
    due           TEXT,
    company_id    TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX crm_tasks_by_company ON crm_tasks (connection_id, company_id, is_open, due);

-- Meetings scheduled in the CRM (not Callbrief's own call records).
CREATE TABLE crm_meetings (
    connection_id TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_id        TEXT NOT NULL,
    title         TEXT NOT NULL,
    starts_at     TEXT NOT NULL,
    ends_at       TEXT,
    company_id    TEXT,
    deal_id       TEXT,
    join_url      TEXT,
    fetched_at    INTEGER NOT NULL,
    record        TEXT NOT NULL CHECK (json_valid(record)),
    PRIMARY KEY (connection_id, crm_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX crm_meetings_by_start ON crm_meetings (connection_id, starts_at);

-- Callbrief's own record of a call seen through the meeting hook.
CREATE TABLE meetings (
    id                     TEXT PRIMARY KEY CHECK (id <> ''),
    provider               TEXT NOT NULL CHECK (provider <> ''),
    provider_meeting_id    TEXT NOT NULL CHECK (provider_meeting_id <> ''),
    -- '' when the platform has no per-occurrence id: UNIQUE treats NULLs as distinct, so a
    -- NULL here would let the same meeting be created twice.
    instance_id            TEXT NOT NULL DEFAULT '',
    topic                  TEXT,
    join_url               TEXT,
    started_at             TEXT,
    ended_at               TEXT,
    crm_connection_id      TEXT REFERENCES crm_connections (id) ON DELETE SET NULL,
    crm_company_id         TEXT,
    crm_deal_id            TEXT,
    association_method     TEXT,
    association_confidence REAL CHECK (association_confidence BETWEEN 0.0 AND 1.0),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    UNIQUE (provider, provider_meeting_id, instance_id),
    CHECK ((association_method IS NULL) = (association_confidence IS NULL))
) STRICT;
CREATE INDEX meetings_by_start ON meetings (started_at DESC, created_at DESC);
CREATE INDEX meetings_by_connection ON meetings (crm_connection_id);

CREATE TABLE participants (
    meeting_id       TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    provider_user_id TEXT NOT NULL,
    name             TEXT NOT NULL,
    email            TEXT,
    role             TEXT,
    joined_at        TEXT,
    left_at          TEXT,
    PRIMARY KEY (meeting_id, provider_user_id)
) STRICT, WITHOUT ROWID;

-- Every meeting-event v1 object as received; `event` is the whole object. Redelivered
-- events share a dedupe_key and are dropped.
CREATE TABLE meeting_events (
    id          INTEGER PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    event_id    TEXT NOT NULL CHECK (event_id <> ''),
    dedupe_key  TEXT NOT NULL CHECK (dedupe_key <> ''),
    -- A shape check, not a list: a new event kind must not need a table rebuild.
    kind        TEXT NOT NULL CHECK (kind GLOB '[a-z]*.[a-z]*'),
    occurred_at TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    seq         INTEGER,
    event       TEXT NOT NULL CHECK (json_valid(event)),
    UNIQUE (meeting_id, dedupe_key)
) STRICT;
CREATE INDEX meeting_events_by_time ON meeting_events (meeting_id, occurred_at, seq);

-- Transcript segments, one row per (meeting, segment) at its latest revision. A deleted
-- segment stays as a tombstone (deleted = 1, text cleared) so that a late, lower revision
-- cannot bring it back. `id` is an explicit INTEGER PRIMARY KEY because the full-text index
-- refers to rows by rowid, and VACUUM may renumber an implicit rowid.
CREATE TABLE transcript_segments (
    id           INTEGER PRIMARY KEY,
    meeting_id   TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    segment_id   TEXT NOT NULL CHECK (segment_id <> ''),
    revision     INTEGER NOT NULL CHECK (revision >= 0),
    is_final     INTEGER NOT NULL CHECK (is_final IN (0, 1)),
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    speaker_id   TEXT,
    speaker_name TEXT,
    start_ms     INTEGER NOT NULL CHECK (start_ms >= 0),
    end_ms       INTEGER NOT NULL CHECK (end_ms >= start_ms),
    text         TEXT NOT NULL,
    language     TEXT,
    updated_at   INTEGER NOT NULL,
    UNIQUE (meeting_id, segment_id),
    CHECK (deleted = 0 OR is_final = 0)
) STRICT;
CREATE INDEX transcript_segments_by_time ON transcript_segments (meeting_id, start_ms);

-- Full-text search over final segments only. The index's content is this view, so
-- snippets, 'rebuild' and 'integrity-check' all see exactly the indexed rows. The trigram
-- tokenizer matches substrings, which makes Chinese text (no spaces between words)
-- searchable; terms shorter than three characters are matched with LIKE instead.
CREATE VIEW transcript_final (id, text) AS
    SELECT id, text FROM transcript_segments WHERE is_final = 1;

CREATE VIRTUAL TABLE transcript_fts USING fts5 (
    text,
    content = 'transcript_final',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER transcript_fts_insert AFTER INSERT ON transcript_segments
WHEN new.is_final = 1
BEGIN
    INSERT INTO transcript_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER transcript_fts_delete AFTER DELETE ON transcript_segments
WHEN old.is_final = 1
BEGIN
    INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER transcript_fts_update AFTER UPDATE OF text, is_final ON transcript_segments
BEGIN
    INSERT INTO transcript_fts (transcript_fts, rowid, text)
        SELECT 'delete', old.id, old.text WHERE old.is_final = 1;
    INSERT INTO transcript_fts (rowid, text)
        SELECT new.id, new.text WHERE new.is_final = 1;
END;

CREATE TABLE chat_messages (
    id          INTEGER PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    message_id  TEXT NOT NULL CHECK (message_id <> ''),
    sender_id   TEXT,
    sender_name TEXT NOT NULL,
    -- 'everyone' or the provider user id of a private message's recipient.
    recipient   TEXT NOT NULL,
    text        TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    UNIQUE (meeting_id, message_id)
) STRICT;
CREATE INDEX chat_messages_by_time ON chat_messages (meeting_id, sent_at);

-- Which CRM person a meeting participant is. One participant may map to several records
-- (a contact in two CRMs, a duplicate contact). 'user' links were confirmed by the user;
-- 'learned' ones were inferred and may be replaced.
CREATE TABLE identity_map (
    id               INTEGER PRIMARY KEY,
    provider         TEXT NOT NULL CHECK (provider <> ''),
    provider_user_id TEXT NOT NULL CHECK (provider_user_id <> ''),
    connection_id    TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE CASCADE,
    crm_object       TEXT NOT NULL CHECK (crm_object IN ('contact', 'owner')),
    crm_id           TEXT NOT NULL CHECK (crm_id <> ''),
    source           TEXT NOT NULL CHECK (source IN ('user', 'learned')),
    created_at       INTEGER NOT NULL,
    UNIQUE (provider, provider_user_id, connection_id, crm_object, crm_id)
) STRICT;
CREATE INDEX identity_map_by_connection ON identity_map (connection_id);

-- Writes waiting to go to a CRM. `push_id` (UUID v7) is also written into the CRM record so
-- that an uncertain attempt can be looked up instead of repeated. A connection with unsent
-- items cannot be deleted (RESTRICT); deleting a meeting keeps its push history.
CREATE TABLE outbox (
    push_id         TEXT PRIMARY KEY CHECK (push_id <> ''),
    meeting_id      TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    connection_id   TEXT NOT NULL REFERENCES crm_connections (id) ON DELETE RESTRICT,
    object_kind     TEXT NOT NULL CHECK (object_kind IN ('note', 'meeting', 'call', 'task')),
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    state           TEXT NOT NULL
                    CHECK (state IN ('pending', 'in_flight', 'done', 'retrying', 'needs_attention')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    crm_record_id   TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at) WHERE state IN ('pending', 'retrying');
CREATE INDEX outbox_by_state ON outbox (state, created_at);
CREATE INDEX outbox_by_meeting ON outbox (meeting_id);
CREATE INDEX outbox_by_connection ON outbox (connection_id);
