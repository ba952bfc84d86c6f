enum Migration0003 {
    static let migration = Migration(version: 3, name: "routing and near-duplicate search", sql: #"""
    -- Who handles the case: the department inside the city, else the jurisdiction's own service.
    ALTER TABLE cases ADD COLUMN routed_to text;
    -- The writer's near-duplicate check reads open cases of one category in a small box.
    CREATE INDEX cases_open_near ON cases (category, lat, lon) WHERE status <> 'closed';
    CREATE INDEX cases_by_jurisdiction ON cases (jurisdiction, status);
    """#)
}
