enum Migration0001 {
    static let migration = Migration(version: 1, name: "cases and contacts", sql: #"""
    CREATE TABLE case_counters (
        prefix     text    NOT NULL,
        year       integer NOT NULL,
        last_value bigint  NOT NULL,
        PRIMARY KEY (prefix, year)
    );

    CREATE TABLE cases (
        ref                   text PRIMARY KEY,
        status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
        channel               text NOT NULL,
        language              text NOT NULL,
        description           text NOT NULL,
        location_text         text,
        lat                   double precision,
        lon                   double precision,
        geo_method            text,
        geo_confidence        double precision,
        category              text,
        priority              text,
        emergency             boolean NOT NULL DEFAULT false,
        referral              text,
        jurisdiction          text,
        ward                  text,
        neighborhood          text,
        possible_duplicate_of text REFERENCES cases (ref),
        contact_count         integer NOT NULL DEFAULT 1,
        opened_at             timestamptz NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        closed_at             timestamptz
    );
    CREATE INDEX cases_open_by_category ON cases (category, opened_at) WHERE status <> 'closed';

    CREATE TABLE contacts (
        id             text PRIMARY KEY,
        case_ref       text NOT NULL REFERENCES cases (ref),
        channel        text NOT NULL,
        adapter        text NOT NULL,
        external_id    text,
        received_at    timestamptz NOT NULL,
        committed_at   timestamptz NOT NULL DEFAULT now(),
        sender_kind    text NOT NULL,
        sender_address text,
        sender_name    text,
        language       text NOT NULL,
        text           text NOT NULL,
        dedup_verdict  text NOT NULL,
        envelope       jsonb NOT NULL
    );
    CREATE INDEX contacts_by_case ON contacts (case_ref);

    CREATE TABLE case_events (
        id         bigserial PRIMARY KEY,
        case_ref   text NOT NULL REFERENCES cases (ref),
        kind       text NOT NULL,
        contact_id text REFERENCES contacts (id),
        at         timestamptz NOT NULL DEFAULT now(),
        detail     jsonb
    );
    CREATE INDEX case_events_by_case ON case_events (case_ref, at);

    -- Least privilege: the writer inserts and updates, never deletes or alters; readers see cases,
    -- not the residents' contact details. The roles are made by Docker/stack.sh (or the DBA).
    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            GRANT SELECT, INSERT, UPDATE ON case_counters, cases, contacts, case_events TO intake_writer;
            GRANT USAGE ON SEQUENCE case_events_id_seq TO intake_writer;
            GRANT SELECT ON intake_schema_migrations TO intake_writer;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_reader') THEN
            GRANT SELECT ON cases, case_events, intake_schema_migrations TO intake_reader;
        END IF;
    END
    $$;
    """#)
}
