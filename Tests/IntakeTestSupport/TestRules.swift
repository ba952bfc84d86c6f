public import IntakeCore
import IntakeServer

/// The repository's triage rules, as the channels get them from `IntakeRuntime`.
public enum TestRules {
    /// The rules file's emergency matcher (the one source of emergency words).
    public static let emergencyScreen: any EmergencyScreen = {
        do {
            return try EmergencyScreenLoading.load(path: Paths.triageRules)
        } catch {
            fatalError("the repository's triage rules do not load: \(error)")
        }
    }()
}
