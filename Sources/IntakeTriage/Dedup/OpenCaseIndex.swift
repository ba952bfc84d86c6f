public import Foundation
public import IntakeCore
public import IntakeLocate

/// The open cases an enrich instance knows, indexed by category and a grid of square cells in
/// metres, so that finding the candidates near a point reads a few cells instead of every case.
/// Each cell keeps its cases oldest first, and a search takes at most `perCell` of the newest from
/// each cell: a hot spot with hundreds of open cases costs what one with `perCell` does (the
/// writer's search in the database is bounded the same way).
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
    /// Cases read per cell at most, the newest. Default 32.
    public let perCell: Int
    private let projection: LocalProjection
    private var slots: [OpenCase?] = []
    private var freeSlots: [Int32] = []
    private var slotByRef: [String: Int32] = [:]
    private var cells: [CellKey: [Int32]] = [:]
    private var categoryIDs: [String: Int32] = [:]
    private var insertsSinceSweep = 0
    private var sweepAfter = 1000

    /// `referenceLatitude`: the service area's latitude (for the metric grid), e.g. 32.2 for Tucson.
    public init(referenceLatitude: Double, cellSizeM: Double = 100, perCell: Int = 32) {
        self.cellSizeM = cellSizeM
        self.perCell = max(1, perCell)
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
        insertsSinceSweep += 1
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(slot)] = c
        } else {
            slot = Int32(slots.count)
            slots.append(c)
        }
        slotByRef[c.ref] = slot
        let key = CellKey(category: categoryID(c.category), cell: cell(c.point))
        var list = cells.removeValue(forKey: key) ?? []
        // Oldest first; cases mostly arrive in order, so this is an append.
        var at = list.count
        while at > 0, let before = slots[Int(list[at - 1])], before.openedAt > c.openedAt { at -= 1 }
        list.insert(slot, at: at)
        cells[key] = list
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
        insertsSinceSweep = 0
        var old: [String] = []
        for case let c? in slots where c.openedAt < date { old.append(c.ref) }
        for ref in old { remove(ref: ref) }
        sweepAfter = max(1000, count)
    }

    /// Whether enough cases came in since the last `removeOpened` for another sweep to be worth
    /// its cost: 1,000, or as many as it left, whichever is more (a sweep per doubling).
    public var isDueForSweep: Bool { insertsSinceSweep >= sweepAfter }

    /// Open cases of the category in the cells that a circle of `radiusM` around the point touches
    /// (a superset of those within the radius; `DuplicateMatcher` checks the distance): the newest
    /// `perCell` of each cell.
    public func candidates(category: String, near p: GeoPoint, radiusM: Double) -> [OpenCase] {
        guard let cat = categoryIDs[category] else { return [] }
        let (x, y) = projection.project(p)
        let lo = GridCell(x: x - radiusM, y: y - radiusM, size: cellSizeM)
        let hi = GridCell(x: x + radiusM, y: y + radiusM, size: cellSizeM)
        var out: [OpenCase] = []
        for gx in lo.x...hi.x {
            for gy in lo.y...hi.y {
                guard let list = cells[CellKey(category: cat, cell: GridCell(x: gx, y: gy))] else { continue }
                for s in list.suffix(perCell) { if let c = slots[Int(s)] { out.append(c) } }
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
