enum Migration0010 {
    static let migration = Migration(version: 10, name: "surges: one case per surge", sql: #"""
    -- A surge (many reports of one category in one area within a short time, found by the enrich
    -- stage) and the case its reports are filed on: the first of its reports the writer stores
    -- decides the case, every later one joins it. A surge whose case is closed gets a new case.
    CREATE TABLE surges (
        id         text PRIMARY KEY,
        case_ref   text NOT NULL REFERENCES cases (ref),
        category   text NOT NULL,
        area       text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX surges_by_case ON surges (case_ref);
    CREATE INDEX surges_by_start ON surges (started_at);

    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            GRANT SELECT, INSERT, UPDATE ON surges TO intake_writer;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_reader') THEN
            GRANT SELECT ON surges TO intake_reader;
        END IF;
    END
    $$;
    """#)
}
