/// A square cell of a metric grid, packed into one integer key for hashing.
public struct GridCell: Sendable, Hashable {
    public let x: Int32
    public let y: Int32

    public init(x: Int32, y: Int32) {
        self.x = x
        self.y = y
    }

    /// The cell holding a projected position, for cells `size` metres wide.
    @inline(__always)
    public init(x: Double, y: Double, size: Double) {
        self.x = Int32(clamping: Int((x / size).rounded(.down)))
        self.y = Int32(clamping: Int((y / size).rounded(.down)))
    }

    /// A stable 64-bit key (x in the high half), usable as a lock id or a database column.
    public var key: Int64 {
        (Int64(x) << 32) | Int64(UInt32(bitPattern: y))
    }
}
