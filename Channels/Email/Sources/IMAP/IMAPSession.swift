import CEtpan
import Foundation
import Glibc

/// One IMAP connection through libetpan. Every method blocks: call them on the session's
/// `BlockingQueue` only (see `MailboxConnection`).
final class IMAPSession: @unchecked Sendable {
    private var imap: UnsafeMutablePointer<mailimap>?
    /// Written to by `wake()` to end an IDLE early, read by the IDLE wait.
    private let wakePipe: (read: Int32, write: Int32)

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        }
        wakePipe = (fds[0], fds[1])
    }

    deinit {
        close()
        Glibc.close(wakePipe.read)
        Glibc.close(wakePipe.write)
    }

    func connect(_ url: MailServerURL, auth: EmailSettings.Auth, tls: TLSCheck = TLSCheck(), token: () throws -> String) throws {
        close()
        guard let s = mailimap_new(0, nil) else { throw MailSessionError.connect("out of memory") }
        imap = s
        mailimap_set_timeout(s, 60)
        let r: Int32 = switch url.security {
        case .tls: intake_imap_tls_connect(s, url.host, url.port)
        case .plain, .startTLS: mailimap_socket_connect(s, url.host, url.port)
        }
        guard r == Int32(MAILIMAP_NO_ERROR_AUTHENTICATED) || r == Int32(MAILIMAP_NO_ERROR_NON_AUTHENTICATED) else {
            close()
            throw MailSessionError.connect("\(url.host):\(url.port) (libetpan error \(r))")
        }
        if url.security == .startTLS {
            try check(intake_imap_starttls(s, url.host), "STARTTLS")
        }
        if url.security != .plain {
            do {
                try tls.check(intake_imap_stream(s), host: url.host)
            } catch {
                close()
                throw error
            }
        }
        var caps: UnsafeMutablePointer<mailimap_capability_data>?
        try check(mailimap_capability(s, &caps), "CAPABILITY")
        mailimap_capability_data_free(caps)
        let user = url.user ?? ""
        let code: Int32
        switch auth {
        case .login:
            code = mailimap_login(s, user, url.password ?? "")
        case .plain:
            code = mailimap_authenticate(s, "PLAIN", url.host, nil, nil, user, user, url.password ?? "", nil)
        case .xoauth2:
            code = mailimap_oauth2_authenticate(s, user, try token())
        }
        guard code == Int32(MAILIMAP_NO_ERROR) else {
            let why = response ?? "error \(code)"
            close()
            throw MailSessionError.auth(why)
        }
        // Capabilities may change after login (IDLE, MOVE).
        caps = nil
        if mailimap_capability(s, &caps) == Int32(MAILIMAP_NO_ERROR) { mailimap_capability_data_free(caps) }
    }

    var hasIdle: Bool { imap.map { mailimap_has_idle($0) != 0 } ?? false }

    /// Selects `mailbox` and returns its UIDVALIDITY.
    func select(_ mailbox: String) throws -> UInt32 {
        let s = try session()
        try check(mailimap_select(s, mailbox), "SELECT \(mailbox)")
        return intake_imap_uidvalidity(s)
    }

    func ensureMailbox(_ mailbox: String) throws {
        try check(intake_imap_ensure_mailbox(try session(), mailbox), "CREATE \(mailbox)")
    }

    /// UIDs of the selected mailbox's messages with UID > `after`, ascending.
    func uids(after: UInt32) throws -> [UInt32] {
        var out: UnsafeMutablePointer<UInt32>?
        var count = 0
        try check(intake_imap_uids_from(try session(), after &+ 1, &out, &count), "UID FETCH")
        defer { free(out) }
        guard let out else { return [] }
        return Array(UnsafeBufferPointer(start: out, count: count)).filter { $0 > after }.sorted()
    }

    /// The message's bytes, exactly as stored; nil when it is gone.
    func fetch(uid: UInt32) throws -> [UInt8]? {
        var out: UnsafeMutablePointer<CChar>?
        var length = 0
        try check(intake_imap_fetch_message(try session(), uid, &out, &length), "UID FETCH \(uid) BODY.PEEK[]")
        guard let out else { return nil }
        defer { free(out) }
        return [UInt8](UnsafeRawBufferPointer(start: out, count: length))
    }

    func move(uid: UInt32, to mailbox: String) throws {
        try check(intake_imap_move(try session(), uid, mailbox), "UID MOVE \(uid) \(mailbox)")
    }

    func append(_ bytes: [UInt8], to mailbox: String) throws {
        let s = try session()
        let r = bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { intake_imap_append(s, mailbox, $0.baseAddress, $0.count) }
        }
        try check(r, "APPEND \(mailbox)")
    }

    /// Forgets whether the server announced a new message (see `newMessageAnnounced`).
    func resetAnnouncements() {
        if let s = imap { intake_imap_exists_reset(s) }
    }

    /// Whether an untagged EXISTS came since `resetAnnouncements()`.
    var newMessageAnnounced: Bool { imap.map { intake_imap_exists_seen($0) != 0 } ?? false }

    func noop() throws {
        try check(mailimap_noop(try session()), "NOOP")
    }

    /// IDLE up to `seconds`: true when the server announced something. A `wake()` since the last
    /// wait ends it at once, so that a receipt that came during a pass is not left waiting.
    func idle(seconds: Int) throws -> Bool {
        defer { drainWake() }
        let r = intake_imap_idle_wait(try session(), Int32(seconds), wakePipe.read)
        if r < 0 { throw MailSessionError.command("IDLE", code: -r, response: response) }
        return r == 1
    }

    /// Waits up to `seconds` without IDLE (polling mode), or until `wake()`.
    func sleep(seconds: Int) {
        defer { drainWake() }
        var p = pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, Int32(seconds * 1000))
    }

    /// Ends a running IDLE or sleep at once (from any thread).
    func wake() {
        var b: UInt8 = 1
        _ = Glibc.write(wakePipe.write, &b, 1)
    }

    func close() {
        guard let s = imap else { return }
        imap = nil
        _ = mailimap_logout(s)
        mailimap_free(s)
    }

    private func drainWake() {
        var buf = [UInt8](repeating: 0, count: 64)
        while Glibc.read(wakePipe.read, &buf, buf.count) > 0 {}
    }

    private var response: String? {
        guard let s = imap, let r = intake_imap_response(s) else { return nil }
        return String(cString: r)
    }

    private func session() throws -> UnsafeMutablePointer<mailimap> {
        guard let s = imap else { throw MailSessionError.closed }
        return s
    }

    private func check(_ code: Int32, _ what: String) throws {
        guard code == Int32(MAILIMAP_NO_ERROR) else {
            let e = MailSessionError.command(what, code: code, response: response)
            // A broken stream cannot be used again.
            if code == Int32(MAILIMAP_ERROR_STREAM) { close() }
            throw e
        }
    }
}
