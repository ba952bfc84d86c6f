/// The city's surge thresholds (`Docker/config/surges.yaml`, `INTAKE_SURGE_RULES`): how many
/// reports of one category in one area within a window make a surge.
public struct SurgeRules: Sendable, Equatable {
    /// A threshold and its window.
    public struct Threshold: Sendable, Equatable {
        /// Reports in the window that make a surge (at least 2).
        public var count: Int
        /// The sliding window, in seconds.
        public var windowSeconds: Double

        public init(count: Int, windowSeconds: Double) {
            self.count = count
            self.windowSeconds = windowSeconds
        }
    }

    /// For every category the file does not name.
    public var defaults: Threshold
    /// Per category: its own threshold, or nil when the category is never watched.
    public var categories: [String: Threshold?]
    /// Side of the grid cell, in metres, for a point no neighbourhood covers.
    public var gridMetres: Double
    /// Most reports kept per area and category (memory bound); also the most contact ids an alert lists.
    public var maxKept: Int
    /// Most areas × categories watched at once (memory bound); the quietest is forgotten first.
    public var maxWatched: Int

    /// Documented defaults: 10 reports in an hour, 500 m cells.
    public static let standard = SurgeRules(defaults: Threshold(count: 10, windowSeconds: 3600), categories: [:])

    public init(defaults: Threshold, categories: [String: Threshold?], gridMetres: Double = 500, maxKept: Int = 200,
                maxWatched: Int = 10_000) {
        self.defaults = defaults
        self.categories = categories
        self.gridMetres = gridMetres
        self.maxKept = maxKept
        self.maxWatched = maxWatched
    }

    /// The threshold of `category`, or nil when it is not watched.
    public func threshold(for category: String) -> Threshold? {
        if let own = categories[category] { return own }
        return defaults
    }
}
