enum Migration0004 {
    static let migration = Migration(version: 4, name: "triage training rows from corrected categories", sql: #"""
    -- What the city's triage model learns from besides its history: a case whose category a person
    -- changes after it was filed gives one row per contact of the case, with the new category.
    -- `intake triage export` writes them as the CSV `intake triage train` reads.
    CREATE TABLE triage_training (
        id       bigserial PRIMARY KEY,
        text     text NOT NULL,
        category text NOT NULL,
        source   text NOT NULL DEFAULT 'correction' CHECK (source IN ('correction', 'history')),
        case_ref text REFERENCES cases (ref),
        at       timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX triage_training_by_case ON triage_training (case_ref);

    -- Runs as the schema owner (SECURITY DEFINER), so that whoever may change a case's category
    -- need not be allowed to write training rows by hand; search_path is fixed against hijacking.
    CREATE FUNCTION triage_training_from_correction() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        INSERT INTO triage_training (text, category, source, case_ref)
        SELECT ct.text, NEW.category, 'correction', NEW.ref
        FROM contacts ct WHERE ct.case_ref = NEW.ref AND btrim(ct.text) <> ''
        ORDER BY ct.received_at, ct.id;
        RETURN NULL;
    END
    $$;
    REVOKE ALL ON FUNCTION triage_training_from_correction() FROM PUBLIC;

    -- Only a change of a filed category is a correction: the writer's first insert is the
    -- triage's own judgement, not a person's.
    CREATE TRIGGER cases_category_corrected
        AFTER UPDATE OF category ON cases
        FOR EACH ROW
        WHEN (OLD.category IS DISTINCT FROM NEW.category AND NEW.category IS NOT NULL)
        EXECUTE FUNCTION triage_training_from_correction();

    -- The rows hold residents' words: the writer's role (which already reads contacts) may read
    -- them for export; nobody but the owner writes or deletes them; the reader role sees none.
    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            GRANT SELECT ON triage_training TO intake_writer;
        END IF;
    END
    $$;
    """#)
}
