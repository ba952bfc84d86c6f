/// Why a change was refused, each with its HTTP status (the department API answers it as JSON).
public enum CaseChangeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400: the body is not a change request.
    case badRequest(String)
    /// 404: no case has this reference.
    case unknownCase(String)
    /// 403: the case is routed to another department.
    case notYourCase(ref: String, routedTo: String?)
    /// 409: the case cannot go from its status to the one asked for.
    case invalidTransition(from: CaseStatus, to: CaseStatus)
    /// 409: the case was merged into another; change that one.
    case merged(into: String)
    /// 409: only an open or in-progress case can be marked a duplicate.
    case closedCannotMerge
    /// 422: `duplicate_of` names the case itself.
    case duplicateOfItself
    /// 422: `duplicate_of` names no case.
    case unknownDuplicateTarget(String)
    /// 422: `duplicate_of` names a case that was itself merged; merge into where it went.
    case duplicateTargetMerged(target: String, into: String)

    public var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .notYourCase: 403
        case .unknownCase: 404
        case .invalidTransition, .merged, .closedCannotMerge: 409
        case .duplicateOfItself, .unknownDuplicateTarget, .duplicateTargetMerged: 422
        }
    }

    /// A short machine-readable name, the `error` of the JSON answer.
    public var code: String {
        switch self {
        case .badRequest: "bad_request"
        case .notYourCase: "forbidden"
        case .unknownCase: "not_found"
        case .invalidTransition: "invalid_transition"
        case .merged: "case_merged"
        case .closedCannotMerge: "case_closed"
        case .duplicateOfItself: "duplicate_of_itself"
        case .unknownDuplicateTarget: "duplicate_of_unknown"
        case .duplicateTargetMerged: "duplicate_of_merged"
        }
    }

    public var description: String {
        switch self {
        case .badRequest(let why): why
        case .unknownCase(let ref): "no case \(ref)"
        case let .notYourCase(ref, routedTo): "case \(ref) is routed to \(routedTo ?? "no department"), not to yours"
        case let .invalidTransition(from, to): "a case cannot go from \(from.rawValue) to \(to.rawValue)"
        case .merged(let into): "the case was merged into \(into); change that case"
        case .closedCannotMerge: "a closed case cannot be marked a duplicate; reopen it first"
        case .duplicateOfItself: "a case cannot be a duplicate of itself"
        case .unknownDuplicateTarget(let ref): "duplicate_of names no case (\(ref))"
        case let .duplicateTargetMerged(target, into): "\(target) was itself merged into \(into); use \(into)"
        }
    }
}
