enum Migration0011 {
    static let migration = Migration(version: 11, name: "near-duplicate candidates newest first per grid cell", sql: #"""
    -- The writer's near-duplicate search reads, for each grid cell its radius touches (1/2000 of a
    -- degree: about 55 m north-south and 47 m east-west in Tucson), the newest open cases of the
    -- report's category, at most a fixed number (`CandidateSearch.perCell`). This index hands them
    -- over newest first, so the search stops after that number however many open cases share an
    -- address (a hot spot of several hundred reports of one streetlight outage reads the same as one).
    -- The expressions must stay exactly as `CandidateSearch.sql` writes them.
    CREATE INDEX cases_open_by_cell ON cases (category, floor(lat * 2000), floor(lon * 2000), opened_at DESC)
        WHERE status <> 'closed';
    """#)
}
