public import IntakeCore

extension TriageEngine: CategoryLabels {
    public func label(of category: String, language: String) -> String? {
        rules.categories.first { $0.id == category }?.label(in: language)
    }
}
