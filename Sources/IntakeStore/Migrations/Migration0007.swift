enum Migration0007 {
    static let migration = Migration(version: 7, name: "escalations kept until the 911 centre acknowledges them", sql: #"""
    -- Every escalation the desk received, once: the same escalation published twice (a stage
    -- retrying after a lost PUBACK) is one row. Kept after acknowledgement as the record of who
    -- at the 911 centre took it, and when.
    CREATE TABLE escalations (
        id              text PRIMARY KEY,
        received_at     timestamptz NOT NULL DEFAULT now(),
        payload         jsonb NOT NULL,
        delivered_at    timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text,
        alerts          int NOT NULL DEFAULT 0,
        -- When the sinks were last given it: the desk sends it again once this is older than
        -- INTAKE_ESCALATION_REALERT_SECONDS (NULL: not yet sent at all).
        last_alert_at   timestamptz
    );
    -- The desk's working set: what is still waiting for a person.
    CREATE INDEX escalations_unacknowledged ON escalations (received_at) WHERE acknowledged_at IS NULL;

    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            GRANT SELECT, INSERT, UPDATE ON escalations TO intake_writer;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_reader') THEN
            GRANT SELECT ON escalations TO intake_reader;
        END IF;
    END
    $$;
    """#)
}
