enum Migration0002 {
    static let migration = Migration(version: 2, name: "contact revisions", sql: #"""
    -- A contact can be amended after it was stored (a voicemail's recording and transcription
    -- arrive after the call): the row keeps its id and case; the highest revision wins.
    ALTER TABLE contacts ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1);
    ALTER TABLE contacts ADD COLUMN updated_at timestamptz;
    """#)
}
