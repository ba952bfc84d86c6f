import Foundation
import Glibc

/// Whole-file writes that survive a crash: written to a temporary name, fsync'd, renamed over the
/// old file, and the folder fsync'd, so a reader finds the old content or the new, never half.
public enum DurableFile {
    public static func replace(_ path: String, with bytes: [UInt8]) throws(DurableFileError) {
        let temp = "\(path).\(UUID().uuidString).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("create \(temp)", errno) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return try fail(fd, temp, "write") }
            offset += n
        }
        guard fsync(fd) == 0 else { return try fail(fd, temp, "fsync") }
        close(fd)
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw .io("rename \(temp)", e)
        }
        syncDirectory(of: path)
    }

    public static func remove(_ path: String) {
        if unlink(path) == 0 { syncDirectory(of: path) }
    }

    /// Makes a rename or unlink itself durable.
    private static func syncDirectory(of path: String) {
        let dir = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { return }
        fsync(dir)
        close(dir)
    }

    private static func fail(_ fd: Int32, _ temp: String, _ what: String) throws(DurableFileError) {
        let e = errno
        close(fd)
        unlink(temp)
        throw .io("\(what) \(temp)", e)
    }
}

public enum DurableFileError: Error, CustomStringConvertible {
    case io(String, Int32)

    public var description: String {
        switch self {
        case let .io(what, code): "\(what) failed: \(String(cString: strerror(code)))"
        }
    }
}
