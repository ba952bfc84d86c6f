public import Foundation
public import IntakeLocate

/// An open case as duplicate matching sees it.
public struct OpenCase: Sendable, Equatable {
    /// The case reference ("TUC-2026-000123").
    public var ref: String
    public var category: String
    public var point: GeoPoint
    public var openedAt: Date
    public var signature: TextSignature

    public init(ref: String, category: String, point: GeoPoint, openedAt: Date, signature: TextSignature) {
        self.ref = ref
        self.category = category
        self.point = point
        self.openedAt = openedAt
        self.signature = signature
    }

    public init(ref: String, category: String, point: GeoPoint, openedAt: Date, text: String) {
        self.init(ref: ref, category: category, point: point, openedAt: openedAt, signature: TextSignature(text: text))
    }
}

/// A new report to be matched against open cases.
public struct DuplicateQuery: Sendable, Equatable {
    public var category: String
    public var point: GeoPoint
    public var at: Date
    public var signature: TextSignature

    public init(category: String, point: GeoPoint, at: Date, signature: TextSignature) {
        self.category = category
        self.point = point
        self.at = at
        self.signature = signature
    }

    public init(category: String, point: GeoPoint, at: Date, text: String) {
        self.init(category: category, point: point, at: at, signature: TextSignature(text: text))
    }
}
