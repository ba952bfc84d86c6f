/// When two reports are the same problem. The defaults here are the only ones: the rules file's
/// `dedup` section (see `TriageRules`) overrides them key by key.
public struct DedupParameters: Sendable, Equatable {
    /// Open cases farther than this are not candidates. Default 50 m.
    public var radiusM: Double
    /// Open cases opened longer ago than this are not candidates. Default 30 days.
    public var windowSeconds: Double
    /// Score at or above which the report is linked to the case. Default 0.5.
    public var confidentSimilarity: Double
    /// Score at or above which a new case is flagged as a possible duplicate. Default 0.2.
    public var unsureSimilarity: Double
    /// Share of the score given to text similarity; the rest is nearness. Default 0.75: the text
    /// decides, nearness breaks near-ties and lets two wordless reports at one spot meet.
    public var textWeight: Double
    /// Text similarity assumed when either side has no words of its own. Default 0.5 (unknown).
    public var emptyTextSimilarity: Double
    /// Reports this close (metres) are at one address point. Default 10 m: one geocoded address
    /// or crossing gives one point, and a phone's fix of one spot wanders about this much.
    public var samePointM: Double
    /// Added to the score of a candidate of the same category at the same point, unless the texts
    /// contradict each other. Default 0.15: with unknown text (another language) it links; with
    /// texts that share nothing it only flags a possible duplicate.
    public var samePointBonus: Double
    /// Groups of words that name opposite sides ("northbound", "southbound", …): two reports that
    /// name different members of one group are different problems. Folded words, as the rules
    /// file gives them.
    public var contrasts: [[String]]

    /// The contrast groups used when the rules file gives none: directions of travel and sides.
    public static let defaultContrasts: [[String]] = [
        ["northbound", "southbound", "eastbound", "westbound"],
        ["left", "right"],
        ["izquierda", "derecha"],
        ["izquierdo", "derecho"],
    ]

    public init(
        radiusM: Double = 50, windowSeconds: Double = 30 * 86_400, confidentSimilarity: Double = 0.5,
        unsureSimilarity: Double = 0.2, textWeight: Double = 0.75, emptyTextSimilarity: Double = 0.5,
        samePointM: Double = 10, samePointBonus: Double = 0.15, contrasts: [[String]] = Self.defaultContrasts
    ) {
        self.samePointM = samePointM
        self.samePointBonus = samePointBonus
        self.contrasts = contrasts
        self.radiusM = radiusM
        self.windowSeconds = windowSeconds
        self.confidentSimilarity = confidentSimilarity
        self.unsureSimilarity = unsureSimilarity
        self.textWeight = textWeight
        self.emptyTextSimilarity = emptyTextSimilarity
    }

    /// The window in days, as the rules file gives it.
    public var windowDays: Double {
        get { windowSeconds / 86_400 }
        set { windowSeconds = newValue * 86_400 }
    }
}
