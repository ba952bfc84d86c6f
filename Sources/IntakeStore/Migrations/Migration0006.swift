enum Migration0006 {
    static let migration = Migration(version: 6, name: "case life: status notes, merges, audit, outbox", sql: #"""
    -- The last note a department wrote with a status change: what a resident hears on request and
    -- what Open311 shows as status_notes.
    ALTER TABLE cases ADD COLUMN status_note text;
    -- A case a department found to repeat another: it is closed, and its residents follow the other.
    ALTER TABLE cases ADD COLUMN duplicate_of text REFERENCES cases (ref);
    ALTER TABLE cases ADD CONSTRAINT cases_not_duplicate_of_itself CHECK (duplicate_of IS NULL OR duplicate_of <> ref);
    CREATE INDEX cases_by_duplicate_of ON cases (duplicate_of) WHERE duplicate_of IS NOT NULL;
    -- Open311's GET requests filters on these, newest first.
    CREATE INDEX cases_by_opened_at ON cases (opened_at);

    -- Who changed a case, when, what and from where. Rows are only ever added: the writer role
    -- may insert and read them, never update or delete them.
    CREATE TABLE case_audit (
        id          bigserial PRIMARY KEY,
        case_ref    text NOT NULL REFERENCES cases (ref),
        actor       text NOT NULL,
        action      text NOT NULL,
        detail      jsonb NOT NULL DEFAULT '{}',
        remote_addr text,
        at          timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_audit_by_case ON case_audit (case_ref, at);

    -- Bus messages (case events, replies to residents) written in the transaction of the change
    -- that caused them, and deleted once the broker has acknowledged them: a change is never
    -- committed without its messages, nor its messages lost when the broker is down.
    -- The relay (OutboxRelay) publishes them in id order at QoS 1 and deletes each batch once the
    -- broker has acknowledged it. `traceparent` goes with the message as its MQTT user property.
    CREATE TABLE outbox (
        id          bigserial PRIMARY KEY,
        topic       text NOT NULL,
        payload     bytea NOT NULL,
        traceparent text,
        created_at  timestamptz NOT NULL DEFAULT now()
    );

    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            GRANT SELECT, INSERT ON case_audit TO intake_writer;
            GRANT USAGE ON SEQUENCE case_audit_id_seq TO intake_writer;
            GRANT SELECT, INSERT, DELETE ON outbox TO intake_writer;
            GRANT USAGE ON SEQUENCE outbox_id_seq TO intake_writer;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_reader') THEN
            -- Open311 answers a token with its request: the contact's id and case, no resident's details.
            GRANT SELECT (id, case_ref, channel, received_at) ON contacts TO intake_reader;
        END IF;
    END
    $$;
    """#)
}
