enum Migration0008 {
    static let migration = Migration(version: 8, name: "quarantine for contacts the database refuses; case numbers only through a function", sql: #"""
    -- A contact the writer could not store after INTAKE_WRITER_MAX_ATTEMPTS tries: kept here with
    -- the bytes it came as (bytea, since they may be what PostgreSQL refused as jsonb or text) and
    -- the error, so that nothing accepted is lost and an operator can repair and replay it. The
    -- writer sends its receipt once it is here, so the adapter stops publishing it.
    CREATE TABLE quarantine (
        contact_id      text PRIMARY KEY,
        adapter         text NOT NULL,
        channel         text NOT NULL,
        envelope        bytea NOT NULL,
        error           text NOT NULL,
        attempts        integer NOT NULL,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at  timestamptz NOT NULL DEFAULT now()
    );

    -- Case numbers come only from here: `how_many` numbers for `prefix` and `year`, returning the
    -- last of them. It runs with its owner's rights (SECURITY DEFINER), so the writer's role may
    -- take numbers but never set or reset the counter. The year must be plausible: a contact
    -- dated 9999 never opens case XXX-9999-….
    CREATE FUNCTION next_case_number(counter_prefix text, counter_year integer, how_many integer) RETURNS bigint
    -- The search path is the migration's own (FROM CURRENT), fixed, whoever calls it.
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
    DECLARE
        result bigint;
    BEGIN
        IF how_many IS NULL OR how_many < 1 OR how_many > 100000 THEN
            RAISE EXCEPTION 'case numbers are taken 1 to 100000 at a time, not %', how_many USING ERRCODE = '22023';
        END IF;
        IF counter_year IS NULL OR counter_year < 2000
           OR counter_year > extract(year FROM now() AT TIME ZONE 'UTC')::integer + 1 THEN
            RAISE EXCEPTION 'no case numbers for the year %', counter_year USING ERRCODE = '22023';
        END IF;
        INSERT INTO case_counters AS c (prefix, year, last_value) VALUES (counter_prefix, counter_year, how_many)
        ON CONFLICT (prefix, year) DO UPDATE SET last_value = c.last_value + EXCLUDED.last_value
        RETURNING c.last_value INTO result;
        RETURN result;
    END
    $fn$;
    REVOKE ALL ON FUNCTION next_case_number(text, integer, integer) FROM PUBLIC;

    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            REVOKE INSERT, UPDATE, DELETE ON case_counters FROM intake_writer;
            GRANT EXECUTE ON FUNCTION next_case_number(text, integer, integer) TO intake_writer;
            GRANT SELECT, INSERT, UPDATE ON quarantine TO intake_writer;
        END IF;
    END
    $$;
    """#)
}
