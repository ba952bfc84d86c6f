public import Foundation
public import IntakeCore
public import IntakeLocate

/// The open cases an enrich instance knows, indexed by category and a grid of square cells in
/// metres, so that finding the candidates near a point reads a few cells instead of every case.
///
/// A value type: the enrich stage keeps one behind its own lock (or one per worker) and feeds it
/// the cases the writer announces as created and closed.
public struct OpenCaseIndex: Sendable {
    private struct CellKey: Hashable, Sendable {
        var category: Int32
        var cell: GridCell
    }

    /// Cell width; a query reads every cell its radius touches. Default 100 m.
    public let cellSizeM: Double
    private let projection: LocalProjection
    private var slots: [OpenCase?] = []
    private var freeSlots: [Int32] = []
    private var slotByRef: [String: Int32] = [:]
    private var cells: [CellKey: [Int32]] = [:]
    private var categoryIDs: [String: Int32] = [:]

    /// `referenceLatitude`: the service area's latitude (for the metric grid), e.g. 32.2 for Tucson.
    public init(referenceLatitude: Double, cellSizeM: Double = 100) {
        self.cellSizeM = cellSizeM
        self.projection = LocalProjection(referenceLatitude: referenceLatitude)
    }

    public var count: Int { slotByRef.count }

    public func contains(ref: String) -> Bool { slotByRef[ref] != nil }

    private mutating func categoryID(_ c: String) -> Int32 {
        if let id = categoryIDs[c] { return id }
        let id = Int32(categoryIDs.count)
        categoryIDs[c] = id
        return id
    }

    private func cell(_ p: GeoPoint) -> GridCell {
        let (x, y) = projection.project(p)
        return GridCell(x: x, y: y, size: cellSizeM)
    }

    /// Adds or replaces a case.
    public mutating func insert(_ c: OpenCase) {
        remove(ref: c.ref)
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(slot)] = c
        } else {
            slot = Int32(slots.count)
            slots.append(c)
        }
        slotByRef[c.ref] = slot
        cells[CellKey(category: categoryID(c.category), cell: cell(c.point)), default: []].append(slot)
    }

    /// Forgets a case (closed, or merged away). Returns whether it was there.
    @discardableResult
    public mutating func remove(ref: String) -> Bool {
        guard let slot = slotByRef.removeValue(forKey: ref), let c = slots[Int(slot)] else { return false }
        let key = CellKey(category: categoryIDs[c.category]!, cell: cell(c.point))
        if var list = cells[key] {
            list.removeAll { $0 == slot }
            cells[key] = list.isEmpty ? nil : list
        }
        slots[Int(slot)] = nil
        freeSlots.append(slot)
        return true
    }

    /// Forgets every case opened before `date` (past every window in use): keeps memory bounded.
    public mutating func removeOpened(before date: Date) {
        let old = slots.compactMap { $0 }.filter { $0.openedAt < date }.map(\.ref)
        for ref in old { remove(ref: ref) }
    }

    /// Open cases of the category in the cells that a circle of `radiusM` around the point touches
    /// (a superset of those within the radius; `DuplicateMatcher` checks the distance).
    public func candidates(category: String, near p: GeoPoint, radiusM: Double) -> [OpenCase] {
        guard let cat = categoryIDs[category] else { return [] }
        let (x, y) = projection.project(p)
        let lo = GridCell(x: x - radiusM, y: y - radiusM, size: cellSizeM)
        let hi = GridCell(x: x + radiusM, y: y + radiusM, size: cellSizeM)
        var out: [OpenCase] = []
        for gx in lo.x...hi.x {
            for gy in lo.y...hi.y {
                guard let list = cells[CellKey(category: cat, cell: GridCell(x: gx, y: gy))] else { continue }
                for s in list { if let c = slots[Int(s)] { out.append(c) } }
            }
        }
        return out
    }

    /// The verdict for a report against the cases held here.
    public func verdict(for query: DuplicateQuery, parameters: DedupParameters) -> DedupVerdict {
        DuplicateMatcher.verdict(
            for: query, among: candidates(category: query.category, near: query.point, radiusM: parameters.radiusM),
            parameters: parameters)
    }

    /// Rough bytes held, for the memory report.
    public var approximateBytes: Int {
        let perCase = MemoryLayout<OpenCase>.stride + 16 * 8 + 64
        return slots.count * perCase + cells.count * 48 + slotByRef.count * 48
    }
}
