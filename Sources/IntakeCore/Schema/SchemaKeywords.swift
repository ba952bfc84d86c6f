/// Reads one schema object's keywords, with errors that say where in the schema file they are.
struct SchemaKeywords {
    /// The assertion and applicator keywords `JSONSchema` implements.
    static let supported: Set<String> = [
        "type", "const", "enum", "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "required", "properties", "additionalProperties",
        "dependentRequired", "items", "minItems", "maxItems", "if", "then", "else",
    ]

    let members: [String: JSONValue]
    let location: String

    init(_ members: [String: JSONValue], location: String) {
        self.members = members
        self.location = location
    }

    func at(_ keyword: String) -> String { location + "/" + JSONPointer.escape(keyword) }

    func types() throws(SchemaLoadError) -> [JSONType]? {
        switch members["type"] {
        case nil: return nil
        case .string(let s)?:
            guard let t = JSONType(rawValue: s) else { throw SchemaLoadError(at("type"), "unknown type \"\(s)\"") }
            return [t]
        case .array(let a)?:
            guard let names = a.allStrings else { throw SchemaLoadError(at("type"), "must be a string or an array of strings") }
            var out: [JSONType] = []
            for s in names {
                guard let t = JSONType(rawValue: s) else { throw SchemaLoadError(at("type"), "unknown type \"\(s)\"") }
                out.append(t)
            }
            return out
        default: throw SchemaLoadError(at("type"), "must be a string or an array of strings")
        }
    }

    func string(_ keyword: String) throws(SchemaLoadError) -> String? {
        switch members[keyword] {
        case nil: return nil
        case .string(let s)?: return s
        default: throw SchemaLoadError(at(keyword), "must be a string")
        }
    }

    func strings(_ keyword: String) throws(SchemaLoadError) -> [String]? {
        guard let a = try array(keyword) else { return nil }
        guard let s = a.allStrings else { throw SchemaLoadError(at(keyword), "must be an array of strings") }
        return s
    }

    func array(_ keyword: String) throws(SchemaLoadError) -> [JSONValue]? {
        switch members[keyword] {
        case nil: return nil
        case .array(let a)?: return a
        default: throw SchemaLoadError(at(keyword), "must be an array")
        }
    }

    func number(_ keyword: String) throws(SchemaLoadError) -> Double? {
        switch members[keyword] {
        case nil: return nil
        case .number(let d)?: return d
        default: throw SchemaLoadError(at(keyword), "must be a number")
        }
    }

    /// A non-negative integer, as the length and size keywords take.
    func count(_ keyword: String) throws(SchemaLoadError) -> Int? {
        guard let d = try number(keyword) else { return nil }
        guard d >= 0, d == d.rounded(), d < 1e15 else { throw SchemaLoadError(at(keyword), "must be a non-negative integer") }
        return Int(d)
    }

    func schema(_ keyword: String) throws(SchemaLoadError) -> JSONSchema? {
        guard let v = members[keyword] else { return nil }
        return try JSONSchema(v, location: at(keyword))
    }

    func schemas(_ keyword: String) throws(SchemaLoadError) -> [String: JSONSchema] {
        guard let v = members[keyword] else { return [:] }
        guard case .object(let m) = v else { throw SchemaLoadError(at(keyword), "must be an object") }
        var out: [String: JSONSchema] = [:]
        for (name, sub) in m { out[name] = try JSONSchema(sub, location: at(keyword) + "/" + JSONPointer.escape(name)) }
        return out
    }
}
