public import IntakeCore
import IntakeTriage

/// The triage rules' emergency matcher, for channels (the IVR and SMS answer before the enrich
/// stage sees a contact): the one source of emergency words.
public enum EmergencyScreenLoading {
    /// Loads the rules file (`INTAKE_TRIAGE_RULES`).
    public static func load(path: String) throws -> any EmergencyScreen {
        try TriageEngine(path: path)
    }
}
