import Foundation
import IntakeChannel
import IntakeCore
import IntakeTestSupport
@testable import ScannedMailChannel
import Testing

/// The real `intake` process killed (SIGKILL) in the middle of a long document, and started again
/// on the same folders: the document resumes after the pages it had read, and makes one contact.
@Suite("Scanned mail restart")
struct MailRestartTests {
    @Test("killed mid-document, restarted: the reading resumes and the letter makes exactly one contact")
    func killedMidDocument() async throws {
        try await TestStack.with { stack in
            let drop = try Paths.temporaryDirectory("drop")
            let data = try Paths.temporaryDirectory("mail-data")
            var env = try Paths.geoSettings()
            env.merge(["INTAKE_DATA_DIR": data, "INTAKE_DROP_DIR": drop, "INTAKE_CHANNELS": "mail", "INTAKE_OCR_WORKERS": "1",
                       "INTAKE_DROP_POLL_SECONDS": "1", "INTAKE_DROP_SETTLE_MS": "200", "INTAKE_REDELIVERY_SECONDS": "1",
                       "INTAKE_LOG_LEVEL": "info"]) { _, n in n }
            // Six pages, so that the kill lands between the first page and the last.
            let pages = (1...6).map { n in MailTestSupport.letter[n % 2] + ["", "Page \(n) of 6"] }
            let pdf = "\(try Paths.temporaryDirectory("letter"))/long.pdf"
            try LetterRenderer.writePDF(pages: pages, to: pdf)
            let bytes = try MailTestSupport.bytes(pdf)
            let sha = BlobStore.sha256(bytes)
            let store = try ProgressStore(directory: "\(data)/mail")

            let first = try await IntakeProcess.start("run", stack: stack, environment: env)
            try MailTestSupport.drop(bytes, named: "long.pdf", in: drop)
            try await MailTestSupport.eventually("a page read") { (store.load(sha)?.pages.count ?? 0) >= 1 }
            await first.kill()
            let before = try #require(store.load(sha))
            #expect(before.pages.count < 6 && !before.submitted, "the kill came too late: \(before.pages.count) pages")
            #expect(MailTestSupport.exists("\(drop)/long.pdf"))

            let second = try await IntakeProcess.start("run", stack: stack, environment: env)
            try await MailTestSupport.eventually("the letter in processed/") { MailTestSupport.exists("\(drop)/processed/long.pdf") }
            #expect(second.log.contains("resuming long.pdf after page \(before.pages.count)"), "\(second.log)")
            let after = try #require(store.load(sha))
            #expect(after.pages.count == 6 && after.submitted)
            #expect(Array(after.pages.prefix(before.pages.count)) == before.pages)

            let db = try await stack.ownerConnection()
            let rows = try await db.query("SELECT id, text FROM contacts WHERE channel = 'mail'")
            await db.close()
            #expect(rows.count == 1)
            #expect(rows[0, "id"] == "mail:\(sha)")
            for n in 1...6 { #expect(rows[0, "text"]?.contains("Page \(n) of 6") == true, "page \(n) missing") }
            #expect(await second.terminate() == 0)
        }
    }

    @Test("a quiet drop folder costs next to no CPU: the watcher sleeps between scans")
    func idleWatcherSleeps() async throws {
        try await TestStack.with { stack in
            let drop = try Paths.temporaryDirectory("drop")
            var env = try Paths.geoSettings()
            env.merge(["INTAKE_DATA_DIR": try Paths.temporaryDirectory("mail-data"), "INTAKE_DROP_DIR": drop, "INTAKE_CHANNELS": "mail",
                       "INTAKE_OCR_WORKERS": "1", "INTAKE_DROP_POLL_SECONDS": "1"]) { _, n in n }
            let intake = try await IntakeProcess.start("run", stack: stack, environment: env)
            // Past the first poll timeout, where a watcher that lost its wake-up used to spin.
            try await Task.sleep(for: .seconds(2))
            let before = try Self.cpuSeconds(intake.pid)
            try await Task.sleep(for: .seconds(4))
            let used = try Self.cpuSeconds(intake.pid) - before
            #expect(used < 1.0, "intake used \(used) s of CPU in 4 s with nothing to read")
            #expect(await intake.terminate() == 0)
        }
    }

    /// User plus system CPU time of a process, from /proc.
    static func cpuSeconds(_ pid: pid_t) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = Double(fields[11])! + Double(fields[12])!
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
