import Foundation
import IntakeChannel
import IntakeCore
import IntakeEnrich
import IntakeTriage

extension IntakeRuntime {
    /// The enrich stage's surge watch from `INTAKE_SURGE_RULES`: nil when `off`; the built-in
    /// defaults when the default file is absent; a file that is set but unreadable or wrong stops
    /// the start with its `file:line:column` error.
    func makeSurgeMonitor(triage: TriageEngine) async throws -> SurgeMonitor? {
        guard let path = settings.surgeRules else {
            logger.notice("enrich: surges off (INTAKE_SURGE_RULES=off)")
            return nil
        }
        let rules: SurgeRules
        if path == "./Docker/config/surges.yaml", !FileManager.default.fileExists(atPath: path) {
            rules = .standard
            logger.notice("enrich: no \(path); surges at the built-in \(rules.defaults.count) reports in \(Int(rules.defaults.windowSeconds / 60)) min")
        } else {
            do {
                rules = try SurgeRules(path: path, knownCategories: Set(triage.rules.categories.map(\.id)))
            } catch {
                throw SettingsError.invalid(key: "INTAKE_SURGE_RULES", value: path, expected: "a valid surge rules file (\(error))")
            }
        }
        return SurgeMonitor(rules: rules, notice: await loadSurgeNotice(), catchAllCategory: triage.rules.defaultCategory)
    }

    /// The "the city already knows" reply of every channel folder that has `surge-known` templates.
    private func loadSurgeNotice() async -> SurgeNotice? {
        let directory = settings.templatesDirectory
        guard let templates = try? await TemplateLibrary(directory: directory),
              let folders = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            logger.warning("no surge notice for residents: templates directory \(directory) not readable")
            return nil
        }
        var texts: [String: [String: String]] = [:]
        for folder in folders.sorted() where FileManager.default.fileExists(atPath: "\(directory)/\(folder)/surge-known.en.mustache") {
            for language in ["en", "es"] {
                texts[folder, default: [:]][language] = try? templates.render(channel: folder, name: "surge-known", language: language)
            }
        }
        if texts.isEmpty { logger.warning("no surge-known templates in \(directory): residents reporting into a surge are not told") }
        return SurgeNotice(texts: texts)
    }
}
