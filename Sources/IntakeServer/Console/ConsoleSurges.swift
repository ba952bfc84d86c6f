import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// Surges in the staff console: the **Surges** page (`/console/surges`: the surges of the last
/// seven days from the `surges` table, each with its case and how many reports it holds), and the
/// banner of the live view, raised by each `alert/surge` as it crosses the bus.
enum ConsoleSurges {
    static let columns = ["started_at", "category", "area", "ref", "reports", "status"]

    static func page(_ s: StaffConsole.Session, rows: PostgresRows) -> String {
        ConsolePage.page("Surges", user: s.user, csrf: s.csrf, """
            <p>Many reports of one kind in one area within a short time (the city's thresholds: <code>surges.yaml</code>). \
            Every report of a surge is filed on its case; residents who report into it are told the city already knows.</p>
            <div id="surges">\(ConsoleForms.table(rows, columns, link: "ref"))</div>
            """)
    }

    /// The live view's banner: one line per surge alert, newest first. Only the alert's summary
    /// (category, area, count, window): no resident's words.
    static let liveBanner = """
        <div id="surge-banner" class="error" hidden><strong>Surges</strong> (<a href="/console/surges">all</a>)<ul id="surge-list"></ul></div>
        """

    /// The banner's listener on the live view's event source (`source`).
    static let liveScript = """
        source.addEventListener("surge", e => { const d = JSON.parse(e.data), li = document.createElement("li");
          li.textContent = `${d.count} reports of ${d.category} in ${d.area} within ${d.window_minutes} min`;
          li.id = "surge-" + d.id; document.getElementById("surge-list").prepend(li);
          document.getElementById("surge-banner").hidden = false; line(`surge ${d.id}`); });
        """

    /// The live feed's event of an alert on `alert/surge`.
    static func summary(_ payload: [UInt8]) -> (String, [(StaticString, String?)])? {
        guard let a = try? IntakeJSON.decode(SurgeAlert.self, from: payload) else { return nil }
        return ("surge", [("id", a.id), ("category", a.category), ("area", a.area), ("count", String(a.count)),
                          ("window_minutes", String(a.windowSeconds / 60))])
    }
}

extension ConsoleCases {
    /// The surges of the last seven days, newest first, with their case's state.
    func recentSurges() async throws -> PostgresRows {
        try await query("""
            SELECT s.id, s.category, s.area, s.case_ref AS ref, to_char(s.started_at, 'YYYY-MM-DD HH24:MI') AS started_at,
                   c.contact_count::text AS reports, c.status
            FROM surges s JOIN cases c ON c.ref = s.case_ref
            WHERE s.started_at > now() - interval '7 days' ORDER BY s.started_at DESC LIMIT 100
            """)
    }
}

extension StaffConsole {
    func surgesPage(_ session: Session) async -> Response {
        do {
            return ConsolePage.response(ConsoleSurges.page(session, rows: try await cases.recentSurges()))
        } catch {
            logger.error("staff console: surges not read: \(error)")
            return ConsolePage.response(ConsolePage.page("Surges", user: session.user, csrf: session.csrf,
                                                         "<p class=\"error\">The database could not be asked; try again.</p>"),
                                        status: .serviceUnavailable)
        }
    }
}
