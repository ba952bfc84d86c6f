/// The version this build reports in its status messages.
public enum IntakeVersion {
    public static let current = "0.1.0"
}
