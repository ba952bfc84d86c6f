/// One versioned schema change. Versions only grow; a released migration is never edited.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Every migration, in order.
    public static let all: [Migration] = [
        Migration0001.migration,
        Migration0002.migration,
        Migration0003.migration,
        Migration0004.migration,
        Migration0005.migration,
        Migration0006.migration,
        Migration0007.migration,
        Migration0008.migration,
        Migration0009.migration,
        Migration0010.migration,
        Migration0011.migration,
    ]
}
