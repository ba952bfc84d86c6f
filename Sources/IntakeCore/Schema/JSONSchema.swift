import Foundation

/// A JSON Schema (draft 2020-12), compiled once from its JSON so that validating a message does no
/// parsing of the schema: patterns are compiled, properties sorted, keywords read into fields.
///
/// It covers the keywords the project's schema files use and a few close relatives: `type`,
/// `const`, `enum`, `minLength`, `maxLength`, `pattern`, `format` (`date-time`), `minimum`,
/// `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `required`, `properties`,
/// `additionalProperties`, `dependentRequired`, `items`, `minItems`, `maxItems`, `if`/`then`/`else`,
/// and boolean schemas. A schema with any other assertion keyword is refused when it is loaded
/// (`SchemaLoadError`), so that a schema file never asks for a check that silently does not happen.
public final class JSONSchema: Sendable {
    /// `true` or `false` as a whole schema; nil for an object schema.
    let constant: Bool?
    let types: [JSONType]?
    let constValue: JSONValue?
    let enumValues: [JSONValue]?
    let minLength: Int?
    let maxLength: Int?
    let pattern: SchemaPattern?
    let format: SchemaFormat?
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    let required: [String]
    /// Sorted by name, so that the first violation reported is always the same one.
    let properties: [(name: String, schema: JSONSchema)]
    let propertyIndex: [String: JSONSchema]
    let additionalProperties: JSONSchema?
    let dependentRequired: [(name: String, requires: [String])]
    let items: JSONSchema?
    let minItems: Int?
    let maxItems: Int?
    let ifSchema: JSONSchema?
    let thenSchema: JSONSchema?
    let elseSchema: JSONSchema?

    /// Keywords that only describe or name; they do not constrain a value.
    static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
    ]

    /// Compiles `json`; `location` names it in errors (a JSON Pointer into the schema file).
    public init(_ json: JSONValue, location: String = "") throws(SchemaLoadError) {
        if case .bool(let b) = json {
            constant = b
            types = nil; constValue = nil; enumValues = nil; minLength = nil; maxLength = nil; pattern = nil; format = nil
            minimum = nil; maximum = nil; exclusiveMinimum = nil; exclusiveMaximum = nil; required = []; properties = []
            propertyIndex = [:]; additionalProperties = nil; dependentRequired = []; items = nil; minItems = nil; maxItems = nil
            ifSchema = nil; thenSchema = nil; elseSchema = nil
            return
        }
        guard case .object(let k) = json else { throw SchemaLoadError(location, "a schema must be an object or a boolean") }
        let keywords = SchemaKeywords(k, location: location)
        constant = nil
        types = try keywords.types()
        constValue = k["const"]
        enumValues = try keywords.array("enum")
        minLength = try keywords.count("minLength")
        maxLength = try keywords.count("maxLength")
        pattern = try keywords.string("pattern").map { (p) throws(SchemaLoadError) in try SchemaPattern(p, location: keywords.at("pattern")) }
        format = try keywords.string("format").map { (f) throws(SchemaLoadError) in
            guard let known = SchemaFormat(rawValue: f) else { throw SchemaLoadError(keywords.at("format"), "format \"\(f)\" is not supported") }
            return known
        }
        minimum = try keywords.number("minimum")
        maximum = try keywords.number("maximum")
        exclusiveMinimum = try keywords.number("exclusiveMinimum")
        exclusiveMaximum = try keywords.number("exclusiveMaximum")
        required = try keywords.strings("required") ?? []
        let props = try keywords.schemas("properties")
        properties = props.sorted { $0.key < $1.key }.map { (name: $0.key, schema: $0.value) }
        propertyIndex = props
        additionalProperties = try keywords.schema("additionalProperties")
        var dependent: [(name: String, requires: [String])] = []
        if let d = k["dependentRequired"] {
            guard case .object(let m) = d else { throw SchemaLoadError(keywords.at("dependentRequired"), "must be an object") }
            for name in m.keys.sorted() {
                guard case .array(let list) = m[name]!, let names = list.allStrings else {
                    throw SchemaLoadError(keywords.at("dependentRequired") + "/" + JSONPointer.escape(name), "must be an array of strings")
                }
                dependent.append((name: name, requires: names))
            }
        }
        dependentRequired = dependent
        items = try keywords.schema("items")
        minItems = try keywords.count("minItems")
        maxItems = try keywords.count("maxItems")
        ifSchema = try keywords.schema("if")
        thenSchema = try keywords.schema("then")
        elseSchema = try keywords.schema("else")
        let known = Self.annotations.union(SchemaKeywords.supported)
        if let unknown = k.keys.sorted().first(where: { !known.contains($0) }) {
            throw SchemaLoadError(keywords.at(unknown), "keyword \"\(unknown)\" is not supported by this validator")
        }
    }

    /// Compiles the schema in a file.
    public convenience init(contentsOfFile path: String) throws(SchemaLoadError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw SchemaLoadError("", "cannot read \(path)") }
        let json: JSONValue
        do {
            json = try JSONReader.parse(data)
        } catch {
            throw SchemaLoadError("", "\(path): \(error)")
        }
        try self.init(json)
    }
}

/// The seven JSON Schema types.
enum JSONType: String, Sendable {
    case object, array, string, number, integer, boolean, null
}

/// The formats this validator asserts.
enum SchemaFormat: String, Sendable {
    /// RFC 3339 `date-time`.
    case dateTime = "date-time"
}

/// A schema's `pattern`, compiled once. ECMA-262 semantics as far as the schema files need them:
/// a search (not anchored unless the pattern says so), and a final `$` that matches only at the
/// very end (ICU's `$` would also match before a final newline).
struct SchemaPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    let source: String
    let regex: NSRegularExpression

    init(_ source: String, location: String) throws(SchemaLoadError) {
        self.source = source
        var icu = source
        if icu.hasSuffix("$") && !icu.hasSuffix("\\$") { icu = String(icu.dropLast()) + "\\z" }
        do {
            regex = try NSRegularExpression(pattern: icu)
        } catch {
            throw SchemaLoadError(location, "pattern does not compile: \(source)")
        }
    }

    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}

/// Why a schema file could not be used.
public struct SchemaLoadError: Error, CustomStringConvertible, Equatable {
    /// Where in the schema (a JSON Pointer); empty for the whole file.
    public var location: String
    public var reason: String

    public init(_ location: String, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { location.isEmpty ? "schema: \(reason)" : "schema at \(location): \(reason)" }
}

extension [JSONValue] {
    var allStrings: [String]? {
        var out: [String] = []
        for v in self {
            guard case .string(let s) = v else { return nil }
            out.append(s)
        }
        return out
    }
}
