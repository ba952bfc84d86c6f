/// The values of an `emergency-advice` template: whether the text may say "911 has been
/// alerted" (only when this install delivers escalations to the 911 centre: a sink is configured),
/// and the record's reference when it is known.
public enum EmergencyReply {
    /// True when the settings configure an escalation sink (`INTAKE_ESCALATION_SINKS`,
    /// `INTAKE_CAD_URL` or `INTAKE_DUTY_SUPERVISOR_SMS`), so that escalations reach a person.
    public static func alerts911(_ settings: IntakeSettings) -> Bool {
        let v = settings.values
        if let named = v["INTAKE_ESCALATION_SINKS"] { return !named.split(separator: ",").isEmpty }
        return v["INTAKE_CAD_URL"] != nil || v["INTAKE_DUTY_SUPERVISOR_SMS"] != nil
    }

    public static func values(alerted: Bool, ref: String?) -> [String: Any] {
        var values: [String: Any] = ["alerted": alerted]
        if let ref { values["ref"] = ref }
        return values
    }
}
