import Foundation
public import IntakeChannel
public import IntakeCore
import IntakeTriage

/// What `intake config check` and `intake config show` report: every setting of the process and
/// of every enabled channel, with each problem named.
public struct SettingsCheck: Sendable {
    public let settings: IntakeSettings
    public let problems: [SettingProblem]
    /// `INTAKE_*` keys that nothing reads: likely typos.
    public let unknownKeys: [String]
    public let channelsOn: [String]
    public let channelsOff: [(name: String, reason: String)]
    let factories: [any ChannelFactory]

    /// Keys the scripts and tests around `intake` use, which `intake` itself does not read.
    static let toolingKeys: Set<String> = [
        "INTAKE_CONFIG", "INTAKE_SHARED_DATA", "INTAKE_PYTHON", "INTAKE_TEST_STACKS", "INTAKE_TEST_LOG_LEVEL", "INTAKE_BIN",
        // Written by Docker/stack.sh for running the stages apart, one broker role each.
        "INTAKE_MQTT_URL_ADAPTERS", "INTAKE_MQTT_URL_ENRICH", "INTAKE_MQTT_URL_WRITER", "INTAKE_MQTT_URL_OPERATOR",
        "INTAKE_MQTT_URL_PYTHON_WEB",
    ]

    public init(values: SettingsValues, factories: [any ChannelFactory] = ChannelRegistry.factories) async {
        var reader = SettingsReader(values)
        let settings = IntakeSettings(reading: &reader)
        var problems = reader.problems
        let selection = ChannelSelection(factories: factories, settings: settings)
        for p in selection.problems where !problems.contains(p) { problems.append(p) }

        // The files the stages and channels will open.
        do {
            _ = try TriageEngine(path: settings.triageRules)
        } catch {
            problems.append(SettingProblem(key: "INTAKE_TRIAGE_RULES", value: settings.triageRules, expected: "a readable rules file (\(error))",
                                           fix: "point it at the city's rules, such as ./Docker/config/triage-rules.yaml"))
        }
        if let surges = settings.surgeRules, surges != "./Docker/config/surges.yaml" || FileManager.default.fileExists(atPath: surges) {
            do {
                let categories = (try? TriageEngine(path: settings.triageRules)).map { Set($0.rules.categories.map(\.id)) }
                _ = try SurgeRules(path: surges, knownCategories: categories)
            } catch {
                problems.append(SettingProblem(key: "INTAKE_SURGE_RULES", value: surges, expected: "a valid surge rules file (\(error))",
                                               fix: "correct the line named, or set INTAKE_SURGE_RULES=off"))
            }
        }
        if let answers = AnswersLoading.path(settings) {
            do {
                _ = try AnswerBook(path: answers)
            } catch {
                problems.append(SettingProblem(key: "INTAKE_ANSWERS", value: answers, expected: "a valid answers file (\(error))",
                                               fix: "correct the line named, or point it at ./Docker/config/answers.yaml"))
            }
        }
        if let model = settings.triageModel {
            do {
                _ = try TriageModel(path: model)
            } catch {
                problems.append(SettingProblem(key: "INTAKE_TRIAGE_MODEL", value: model, expected: "a model file from intake triage train (\(error))",
                                               fix: "train one with intake triage train --cases FILE.csv --out \(model), or unset it for the rules alone"))
            }
        }
        do {
            let templates = try await TemplateLibrary(directory: settings.templatesDirectory)
            for chosen in selection.on {
                for (folder, names) in chosen.factory.templates.sorted(by: { $0.key < $1.key }) {
                    do {
                        try templates.require(channel: folder, names: names)
                    } catch {
                        problems.append(SettingProblem(key: "INTAKE_TEMPLATES_DIR", value: settings.templatesDirectory,
                                                       expected: "the \(chosen.factory.name) channel's messages (\(error))",
                                                       fix: "add the missing file, or point INTAKE_TEMPLATES_DIR at the repository's Templates"))
                    }
                }
            }
        } catch {
            problems.append(SettingProblem(key: "INTAKE_TEMPLATES_DIR", value: settings.templatesDirectory, expected: "a templates directory (\(error))",
                                           fix: "point it at the repository's Templates folder"))
        }
        for file in settings.gazetteer?.split(separator: ":").map(String.init) ?? [] where !FileManager.default.fileExists(atPath: file) {
            problems.append(SettingProblem(key: "INTAKE_GAZETTEER", value: settings.gazetteer, expected: "existing files separated by : (\(file) is missing)",
                                           fix: "list the address point files that exist, or unset it for ZIP centroids only"))
        }
        var isDirectory: ObjCBool = false
        if let geo = settings.geoDirectory, !(FileManager.default.fileExists(atPath: geo, isDirectory: &isDirectory) && isDirectory.boolValue) {
            problems.append(SettingProblem(key: "INTAKE_GEO_DIR", value: geo, expected: "a directory of boundaries and ZIP centroids",
                                           fix: "point it at a folder like shared/data/geo/tucson, or unset it"))
        }

        let known = Set(IntakeSettings.keys + factories.flatMap { $0.settings.map(\.key) }).union(Self.toolingKeys)
        unknownKeys = values.values.keys.filter { !known.contains($0) }.sorted()
        self.settings = settings
        self.problems = problems
        self.factories = factories
        channelsOn = selection.on.map(\.factory.name)
        channelsOff = selection.off
    }

    /// `intake config check`'s report.
    public func checkReport() -> String {
        var lines: [String] = []
        lines.append("channels on: \(channelsOn.isEmpty ? "none (enrich and writer only)" : channelsOn.joined(separator: ", "))")
        for (name, reason) in channelsOff { lines.append("channel \(name): off (\(reason))") }
        for key in unknownKeys { lines.append("warning: \(key) is not a setting intake reads (a typo?)") }
        if problems.isEmpty {
            lines.append("settings: ok")
        } else {
            lines.append("\(problems.count) problem\(problems.count == 1 ? "" : "s"):")
            for p in problems {
                lines.append("  \(p.key): \(p.value.map { "'\($0)'" } ?? "not set") — expected \(p.expected)")
                lines.append("    fix: \(p.fix)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `intake config show`'s report: every setting with its effective value and where it came
    /// from; secrets masked.
    public func showReport() -> String {
        var specs = IntakeSettings.specs
        for f in factories {
            for s in f.settings where !specs.contains(where: { $0.key == s.key }) { specs.append(s) }
        }
        let width = specs.map(\.key.count).max() ?? 0
        var lines: [String] = []
        for spec in specs {
            let padded = spec.key.padding(toLength: width, withPad: " ", startingAt: 0)
            if let value = settings.values[spec.key] {
                let source = settings.values.sources[spec.key].map(\.description) ?? "environment"
                lines.append("\(padded) = \(spec.masked(value))   (\(source))")
            } else {
                lines.append("\(padded)   default: \(spec.defaultValue)")
            }
        }
        lines.append("channels on: \(channelsOn.isEmpty ? "none" : channelsOn.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
