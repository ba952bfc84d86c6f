/// Validation of a parsed JSON value against a compiled `JSONSchema`.
///
/// It stops at the first violation, found in a fixed order (keywords as below, properties by
/// name), so that the same message always gets the same answer. Paths are JSON Pointers; the
/// pointer is built only for the violation, not for every value visited.
///
/// Reasons quote a value only where the schema lists the values allowed (`const`, `enum`) or the
/// value is a date-time: other values may be a resident's words, number or address, and reasons
/// end up in logs.
extension JSONSchema {
    /// The first place where `value` does not satisfy the schema, or nil when it does.
    public func validate(_ value: JSONValue) -> SchemaViolation? {
        var path: [PathToken] = []
        return check(value, &path)
    }

    /// Whether `value` satisfies the schema (for `if`, whose failures are not violations).
    public func accepts(_ value: JSONValue) -> Bool { validate(value) == nil }

    private func check(_ value: JSONValue, _ path: inout [PathToken]) -> SchemaViolation? {
        if let constant {
            return constant ? nil : SchemaViolation(path, "no value is allowed here")
        }
        if let types, !types.contains(where: { value.hasType($0) }) {
            return SchemaViolation(path, "expected \(types.map(\.rawValue).joined(separator: " or ")), got \(value.typeName)")
        }
        if let constValue, value != constValue {
            return SchemaViolation(path, "\(value.quoted) is not \(constValue.quoted)")
        }
        if let enumValues, !enumValues.contains(value) {
            let allowed = enumValues.map { $0.stringValue ?? $0.quoted }.joined(separator: ", ")
            return SchemaViolation(path, "\(value.quoted) is not one of \(allowed)")
        }
        switch value {
        case .string(let s):
            if let v = checkString(s, path) { return v }
        case .number(let d):
            if let v = checkNumber(d, path) { return v }
        case .object(let members):
            if let v = checkObject(members, &path) { return v }
        case .array(let elements):
            if let v = checkArray(elements, &path) { return v }
        case .bool, .null:
            break
        }
        if let ifSchema {
            if ifSchema.accepts(value) {
                if let thenSchema, let v = thenSchema.check(value, &path) { return v }
            } else if let elseSchema, let v = elseSchema.check(value, &path) {
                return v
            }
        }
        return nil
    }

    private func checkString(_ s: String, _ path: [PathToken]) -> SchemaViolation? {
        // Lengths count Unicode code points, of which a string has between a quarter of its UTF-8
        // bytes and all of them: most strings need no counting.
        let bytes = s.utf8.count
        if let minLength, bytes < minLength * 4, s.unicodeScalars.count < minLength {
            return SchemaViolation(path, "must be at least \(minLength) character\(minLength == 1 ? "" : "s") long")
        }
        if let maxLength, bytes > maxLength, s.unicodeScalars.count > maxLength {
            return SchemaViolation(path, "must be at most \(maxLength) character\(maxLength == 1 ? "" : "s") long")
        }
        if let pattern, !pattern.matches(s) {
            return SchemaViolation(path, "does not match the pattern \(pattern.source)")
        }
        if let format {
            switch format {
            case .dateTime:
                if RFC3339.date(from: s) == nil { return SchemaViolation(path, "\(JSONValue.string(s).quoted) is not an RFC 3339 date-time") }
            }
        }
        return nil
    }

    private func checkNumber(_ d: Double, _ path: [PathToken]) -> SchemaViolation? {
        if let minimum, d < minimum { return SchemaViolation(path, "must be at least \(JSONValue.number(minimum).quoted)") }
        if let maximum, d > maximum { return SchemaViolation(path, "must be at most \(JSONValue.number(maximum).quoted)") }
        if let exclusiveMinimum, d <= exclusiveMinimum {
            return SchemaViolation(path, "must be more than \(JSONValue.number(exclusiveMinimum).quoted)")
        }
        if let exclusiveMaximum, d >= exclusiveMaximum {
            return SchemaViolation(path, "must be less than \(JSONValue.number(exclusiveMaximum).quoted)")
        }
        return nil
    }

    private func checkObject(_ members: [String: JSONValue], _ path: inout [PathToken]) -> SchemaViolation? {
        for name in required where members[name] == nil {
            path.append(.key(name))
            defer { path.removeLast() }
            return SchemaViolation(path, "required property \"\(name)\" is missing")
        }
        for (name, requires) in dependentRequired where members[name] != nil {
            for other in requires where members[other] == nil {
                path.append(.key(other))
                defer { path.removeLast() }
                return SchemaViolation(path, "required property \"\(other)\" is missing (\"\(name)\" is present)")
            }
        }
        var known = 0
        for (name, schema) in properties {
            guard let member = members[name] else { continue }
            known += 1
            path.append(.key(name))
            defer { path.removeLast() }
            if let v = schema.check(member, &path) { return v }
        }
        if let additionalProperties, known < members.count {
            // Only a message with members the schema does not name gets here.
            let extra = members.keys.filter { propertyIndex[$0] == nil }
            for name in extra.sorted() {
                path.append(.key(name))
                defer { path.removeLast() }
                if additionalProperties.constant == false {
                    return SchemaViolation(path, "property \"\(name)\" is not allowed")
                }
                if let v = additionalProperties.check(members[name]!, &path) { return v }
            }
        }
        return nil
    }

    private func checkArray(_ elements: [JSONValue], _ path: inout [PathToken]) -> SchemaViolation? {
        if let minItems, elements.count < minItems {
            return SchemaViolation(path, "must have at least \(minItems) item\(minItems == 1 ? "" : "s")")
        }
        if let maxItems, elements.count > maxItems {
            return SchemaViolation(path, "must have at most \(maxItems) item\(maxItems == 1 ? "" : "s")")
        }
        if let items {
            for (i, element) in elements.enumerated() {
                path.append(.index(i))
                defer { path.removeLast() }
                if let v = items.check(element, &path) { return v }
            }
        }
        return nil
    }
}

/// One step of the path to a value: an object member or an array element.
enum PathToken {
    case key(String)
    case index(Int)
}

/// Where and why a value does not satisfy a schema.
public struct SchemaViolation: Error, CustomStringConvertible, Equatable, Sendable {
    /// A JSON Pointer into the message, such as `/sender/kind`; empty for the whole message.
    public var path: String
    /// Such as `"pager" is not one of phone, email, handle, postal, anonymous`.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(_ tokens: [PathToken], _ reason: String) {
        var p = ""
        for t in tokens {
            switch t {
            case .key(let k): p += "/" + JSONPointer.escape(k)
            case .index(let i): p += "/\(i)"
            }
        }
        self.init(path: p, reason: reason)
    }

    public var description: String { "\(path.isEmpty ? "/" : path): \(reason)" }
}

extension JSONValue {
    func hasType(_ t: JSONType) -> Bool {
        switch (t, self) {
        case (.object, .object), (.array, .array), (.string, .string), (.number, .number), (.boolean, .bool), (.null, .null):
            return true
        case (.integer, .number(let d)):
            return d.isFinite && d == d.rounded()
        default:
            return false
        }
    }

    var typeName: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number(let d): d.isFinite && d == d.rounded() ? "integer" : "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }

    /// The value as JSON, strings cut at 40 characters (a reason is a line, not a copy).
    var quoted: String {
        switch self {
        case .string(let s):
            let cut = s.count > 40 ? String(s.prefix(40)) + "…" : s
            var w = JSONWriter()
            w.string(cut)
            return String(decoding: w.bytes, as: UTF8.self)
        case .number(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
