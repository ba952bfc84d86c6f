enum Migration0005 {
    static let migration = Migration(version: 5, name: "triage review state and emergency tier", sql: #"""
    -- No confident category: a person (or the resident) chooses among the candidates.
    ALTER TABLE cases ADD COLUMN needs_review boolean NOT NULL DEFAULT false;
    -- The best categories with their shares of the matched words: [{"category": …, "score": …}].
    ALTER TABLE cases ADD COLUMN triage_candidates jsonb;
    -- 'emergency' (escalated), 'possible' (sent to 911 for review), or null.
    ALTER TABLE cases ADD COLUMN emergency_tier text;
    CREATE INDEX cases_needing_review ON cases (opened_at) WHERE needs_review AND status <> 'closed';
    """#)
}
