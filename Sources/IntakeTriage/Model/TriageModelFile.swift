public import Foundation

/// The model file `intake triage train` writes and the enrich stage loads (`INTAKE_TRIAGE_MODEL`):
/// JSON with the format version, the feature recipe, the categories with their log priors, the
/// vocabulary, and log P(feature | category) per category, ready to use as read.
extension TriageModel {
    public static let formatVersion = 1

    struct File: Codable {
        var format: Int
        var features: String
        var smoothing: Double
        var threshold: Double
        var categories: [String]
        var logPriors: [Double]
        var documents: [Int]
        var featureTotals: [Int]
        var vocabulary: [String]
        var logLikelihoods: [[Double]]

        enum CodingKeys: String, CodingKey {
            case format, features, smoothing, threshold, categories
            case logPriors = "log_priors", documents, featureTotals = "feature_totals", vocabulary
            case logLikelihoods = "log_likelihoods"
        }
    }

    public enum FileError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case format(path: String, reason: String)
        public var description: String {
            switch self {
            case let .unreadable(path, reason): "cannot read the triage model \(path): \(reason)"
            case let .format(path, reason): "\(path) is not a triage model this program reads: \(reason)"
            }
        }
    }

    public func fileData() throws -> Data {
        let file = File(format: Self.formatVersion, features: recipe, smoothing: smoothing, threshold: threshold,
                        categories: categories, logPriors: logPriors, documents: documents, featureTotals: featureTotals,
                        vocabulary: vocabulary, logLikelihoods: logLikelihoods)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(file)
    }

    public func write(to path: String) throws {
        try fileData().write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError.unreadable(path: path, reason: "no such file, or no permission")
        }
        try self.init(data: data, path: path)
    }

    public init(data: Data, path: String = "model") throws {
        let f: File
        do {
            f = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw FileError.format(path: path, reason: "not a model file's JSON (\(error))")
        }
        guard f.format == Self.formatVersion else {
            throw FileError.format(path: path, reason: "format \(f.format), expected \(Self.formatVersion); train it again")
        }
        guard f.features == ModelFeatures.recipe else {
            throw FileError.format(path: path, reason: "features \(f.features), this program makes \(ModelFeatures.recipe); train it again")
        }
        let c = f.categories.count
        guard c > 0, f.logPriors.count == c, f.documents.count == c, f.featureTotals.count == c, f.logLikelihoods.count == c,
              f.logLikelihoods.allSatisfy({ $0.count == f.vocabulary.count }), (0...1).contains(f.threshold)
        else {
            throw FileError.format(path: path, reason: "its tables do not agree in size")
        }
        self.init(categories: f.categories, logPriors: f.logPriors, vocabulary: f.vocabulary, logLikelihoods: f.logLikelihoods,
                  documents: f.documents, featureTotals: f.featureTotals, smoothing: f.smoothing, recipe: f.features,
                  threshold: f.threshold)
    }
}
