import Foundation
import Yams

/// A surge rules file that cannot be used: where (`file:line:column`) and why.
public struct SurgeRulesError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension SurgeRules {
    /// The city's default file, relative to the repository root.
    public static let defaultRelativePath = "Docker/config/surges.yaml"

    /// Reads the file; `knownCategories` (the triage rules' ids) catches a misspelt category.
    public init(path: String, knownCategories: Set<String>? = nil) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SurgeRulesError("\(path): cannot read the surge rules file")
        }
        try self.init(yaml: String(decoding: data, as: UTF8.self), file: path, knownCategories: knownCategories)
    }

    /// Reads YAML of the shape of `Docker/config/surges.yaml`, checking every value; an error names
    /// `file:line:column` of the offending value.
    public init(yaml: String, file: String = "surges.yaml", knownCategories: Set<String>? = nil) throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            // The mapping's own place: the first key of it (the duplicate itself is not located).
            throw SurgeRulesError("\(file):\(context.mark.line):\(context.mark.column): \(duplicates.joined(separator: ", ")) listed twice in one mapping")
        } catch YamlError.scanner(_, let problem, let mark, _), YamlError.parser(_, let problem, let mark, _),
                YamlError.composer(_, let problem, let mark, _) {
            throw SurgeRulesError("\(file):\(mark.line):\(mark.column): not YAML: \(problem)")
        } catch let e as YamlError {
            throw SurgeRulesError("\(file): not YAML: \(e)")
        }
        var rules = SurgeRules.standard
        guard let root else { self = rules; return }
        let reader = Reader(file: file)
        guard let top = root.mapping else { throw reader.error(root, "expected a mapping with defaults, grid_m and categories") }
        // `defaults` first, so that a category's own threshold starts from them wherever they stand.
        let pairs = top.filter { $0.key.string == "defaults" } + top.filter { $0.key.string != "defaults" }
        for (keyNode, value) in pairs {
            switch keyNode.string ?? "" {
            case "defaults":
                rules.defaults = try reader.threshold(value, base: rules.defaults, what: "defaults")
            case "grid_m":
                rules.gridMetres = Double(try reader.integer(value, in: 50...5000, what: "grid_m (metres)"))
            case "max_kept":
                rules.maxKept = try reader.integer(value, in: 10...10_000, what: "max_kept")
            case "max_watched":
                rules.maxWatched = try reader.integer(value, in: 100...1_000_000, what: "max_watched")
            case "categories":
                guard let list = value.mapping else { throw reader.error(value, "categories: expected a mapping of category id to its threshold, or off") }
                var seen = Set<String>()
                for (idNode, entry) in list {
                    guard let id = idNode.string, !id.isEmpty else { throw reader.error(idNode, "a category id must be a name") }
                    guard seen.insert(id).inserted else { throw reader.error(idNode, "category \(id) is listed twice") }
                    if let knownCategories, !knownCategories.contains(id) {
                        throw reader.error(idNode, "category \(id) is not a category of the triage rules (\(knownCategories.sorted().joined(separator: ", ")))")
                    }
                    if entry.bool == false || entry.string == "off" {
                        rules.categories[id] = .some(nil)
                    } else {
                        rules.categories[id] = try reader.threshold(entry, base: rules.defaults, what: "category \(id)")
                    }
                }
            default:
                throw reader.error(keyNode, "unknown setting \(keyNode.string ?? "?") (expected defaults, grid_m, categories, max_kept, max_watched)")
            }
        }
        self = rules
    }

    private struct Reader {
        var file: String

        func error(_ node: Node, _ message: String) -> SurgeRulesError {
            guard let m = node.mark else { return SurgeRulesError("\(file): \(message)") }
            return SurgeRulesError("\(file):\(m.line):\(m.column): \(message)")
        }

        func integer(_ node: Node, in range: ClosedRange<Int>, what: String) throws -> Int {
            guard node.scalar != nil, let n = node.int else { throw error(node, "\(what) must be a whole number, not \(node.string ?? "a list or mapping")") }
            guard range.contains(n) else { throw error(node, "\(what) must lie in \(range.lowerBound)…\(range.upperBound), not \(n)") }
            return n
        }

        func threshold(_ node: Node, base: Threshold, what: String) throws -> Threshold {
            guard let fields = node.mapping else { throw error(node, "\(what): expected threshold and window_minutes, or off") }
            var t = base
            for (k, v) in fields {
                switch k.string ?? "" {
                case "threshold": t.count = try integer(v, in: 2...100_000, what: "\(what): threshold (reports)")
                case "window_minutes": t.windowSeconds = Double(try integer(v, in: 1...10_080, what: "\(what): window_minutes")) * 60
                default: throw error(k, "\(what): unknown key \(k.string ?? "?") (expected threshold, window_minutes)")
                }
            }
            return t
        }
    }
}
