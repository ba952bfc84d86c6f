enum Migration0009 {
    static let migration = Migration(version: 9, name: "inquiries: questions stored as contacts of kind inquiry, linked to their answer, in no case", sql: #"""
    -- A question (issue 16) is a contact like any other, of kind `inquiry`, and never in a case:
    -- a request always has a case, an inquiry never has one.
    ALTER TABLE contacts ALTER COLUMN case_ref DROP NOT NULL;
    ALTER TABLE contacts ADD COLUMN kind text NOT NULL DEFAULT 'request' CHECK (kind IN ('request', 'inquiry'));
    ALTER TABLE contacts ADD CONSTRAINT contacts_case_unless_inquiry CHECK ((kind = 'request') = (case_ref IS NOT NULL));

    -- What each inquiry was answered: an entry of the answers file (answer_id), or nothing yet
    -- (status `waiting`) until a person in the staff console answers it (staff_answer).
    CREATE TABLE inquiries (
        contact_id   text PRIMARY KEY REFERENCES contacts (id),
        answer_id    text,
        status       text NOT NULL CHECK (status IN ('answered', 'waiting')),
        reply        text NOT NULL,
        language     text NOT NULL,
        staff_answer text,
        answered_by  text,
        answered_at  timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'waiting') = (answer_id IS NULL AND staff_answer IS NULL))
    );
    CREATE INDEX inquiries_waiting ON inquiries (created_at) WHERE status = 'waiting';

    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_writer') THEN
            GRANT SELECT, INSERT, UPDATE ON inquiries TO intake_writer;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'intake_reader') THEN
            GRANT SELECT ON inquiries TO intake_reader;
        END IF;
    END
    $$;
    """#)
}
