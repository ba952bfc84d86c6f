/// Where a call is in the flow: the question the caller was last asked.
///
/// The order follows Tucson's call-takers: the emergency screen first, then *where*, then *what*.
public enum CallStep: String, Codable, Sendable, CaseIterable {
    /// The emergency screen ("press 9") and the language choice, in one menu.
    case menu
    /// Where the problem is, by speech or a ZIP code keyed in.
    case location
    /// The heard location read back: is it right?
    case confirm
    /// What the problem is.
    case description
    /// "Press 1 to leave a voice message."
    case voicemailOffer = "voicemail_offer"
    /// A `<Record>` is running.
    case recording
    /// The case reference was read back; it is offered again on request.
    case reference
    /// "To hear the status of a case, press 2": the caller keys in the year and number of the case.
    case caseStatus = "case_status"
    /// The case's status was read; "press 1 to return to the menu, 2 for another case".
    case caseStatusTold = "case_status_told"
    /// "For information, press 3": the caller is asked for their question.
    case inquiry
    /// The caller was told goodbye; nothing more is asked.
    case finished
    /// Handed to 911.
    case transferred
}
