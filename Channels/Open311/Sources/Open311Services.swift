import IntakeTriage

/// The Open311 services: one per triage category of the city's rules. The service_code is the
/// category's id, its name the category's label, its group the department that handles it.
struct Open311Services: Sendable {
    struct Service: Sendable, Equatable {
        var code: String
        var name: String
        var description: String
        var group: String
        /// Comma-separated: the category's first English and Spanish phrases.
        var keywords: String
    }

    let services: [Service]

    init(rules: TriageRules) {
        services = rules.categories.map { c in
            let name = c.label ?? c.id.replacingOccurrences(of: "_", with: " ")
            let group = c.department ?? rules.routing?.unlocated ?? "311"
            let words = (c.phrases["en"] ?? []).prefix(6) + (c.phrases["es"] ?? []).prefix(4)
            let spanish = c.labels["es"].map { " (es: \($0))" } ?? ""
            return Service(code: c.id, name: name, description: "\(name)\(spanish), handled by \(group)", group: group,
                           keywords: words.joined(separator: ","))
        }
    }

    init(path: String) throws {
        self.init(rules: try TriageRules(path: path))
    }

    func service(_ code: String) -> Service? {
        services.first { $0.code == code }
    }
}
