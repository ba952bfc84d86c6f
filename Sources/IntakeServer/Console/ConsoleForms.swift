import Foundation
import IntakeCore
import IntakeStore

/// The console's pages and the contact its form describes.
enum ConsoleForms {
    typealias Session = StaffConsole.Session
    static func e(_ s: String?) -> String { ConsolePage.escape(s) }

    static func loginPage(csrf: String, problem: String?) -> String {
        ConsolePage.page("Staff login", """
            \(problem.map { "<p class=\"error\" id=\"problem\">\(e($0))</p>" } ?? "")
            <form method="post" action="/console/login">\(ConsolePage.csrfField(csrf))
            <label>User <input name="user" id="user" autocomplete="username" required></label>
            <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
            <button id="login">Log in</button></form>
            """)
    }

    static let channelNames = [("walk_in", "Walk-in"), ("phone", "Phone call"), ("mail", "Postal mail")]
    static let languages = [("en", "English"), ("es", "Spanish")]

    /// `check`: the "check" answer (likely category, open cases there), already HTML.
    static func contactPage(_ s: Session, problem: String? = nil, values: [String: String] = [:], check: String? = nil) -> String {
        func options(_ all: [(String, String)], _ chosen: String?) -> String {
            all.map { "<option value=\"\($0.0)\"\($0.0 == chosen ? " selected" : "")>\($0.1)</option>" }.joined()
        }
        return ConsolePage.page("New contact", user: s.user, csrf: s.csrf, """
            \(problem.map { "<p class=\"error\" id=\"problem\">\(e($0))</p>" } ?? "")
            <p>A walk-in, phone call or letter, entered for the resident. It is recorded with your name.</p>
            <form method="post" action="/console/contacts">\(ConsolePage.csrfField(s.csrf))
            <label>Channel <select name="channel" id="channel">\(options(channelNames, values["channel"]))</select></label>
            <label>Resident's name <input name="name" id="name" value="\(e(values["name"]))"></label>
            <label>Phone or email <input name="contact" id="contact" value="\(e(values["contact"]))"></label>
            <label>Language <select name="language" id="language">\(options(languages, values["language"]))</select></label>
            <label>Address or place <input name="address" id="address" size="50" value="\(e(values["address"]))"></label>
            <label>What is the problem? <textarea name="description" id="description" required>\(e(values["description"]))</textarea></label>
            <button id="check" formaction="/console/check">Check category and open cases</button>
            <button id="submit">Submit</button></form>
            \(check.map { "<div class=\"notice\" id=\"check-result\">\($0)</div>" } ?? "")
            <h2>Find a case</h2>\(searchForm(field: .ref, value: ""))
            """)
    }

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The envelope of a console form: channel `walk_in`, `phone` or `mail`, adapter `console`,
    /// `channel_data.staff` the staff user.
    static func contact(_ form: [String: String], staff: String, id: String = "console:\(UUID().uuidString.lowercased())",
                        receivedAt: Date = Date()) throws -> ContactEnvelope {
        func field(_ name: String) -> String? {
            let v = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return v.isEmpty ? nil : v
        }
        let channel = field("channel") ?? ""
        guard ConsoleIntake.channels.contains(channel) else { throw Invalid(description: "Choose walk-in, phone call or postal mail.") }
        guard let text = field("description") else { throw Invalid(description: "Describe the problem.") }
        guard text.count <= 4000 else { throw Invalid(description: "The description is over 4000 characters.") }
        let language = field("language").flatMap { l in languages.contains { $0.0 == l } ? l : nil } ?? "en"
        let reach = field("contact")
        let address = field("address")
        let sender: Sender
        if let reach, reach.contains("@") {
            sender = Sender(kind: .email, address: reach, name: field("name"))
        } else if let reach {
            guard let number = e164(reach) else {
                throw Invalid(description: "Give the phone number with its area code, such as 520 555 0100 or +52 …")
            }
            sender = Sender(kind: .phone, address: number, name: field("name"))
        } else if channel == "mail", let address {
            sender = Sender(kind: .postal, address: address, name: field("name"))
        } else {
            sender = Sender(kind: .anonymous, address: nil, name: field("name"))
        }
        return ContactEnvelope(
            id: id, channel: channel, adapter: ConsoleIntake.adapter, receivedAt: receivedAt, sender: sender,
            language: language, text: text, location: address.map { Location(text: $0, source: .resident) },
            channelData: ["staff": .string(staff)])
    }

    /// What the form's check found around the contact's place.
    enum Nearby {
        /// Neither the address nor the text named a place the geocoder knows to the street.
        case notPlaced(address: String?)
        case found(place: String, radiusM: Int, cases: [NearbyCases.Found])
        /// The database did not answer.
        case unavailable
    }

    static func checkResult(category: String, label: String?, nearby: Nearby) -> String {
        var html = "<p>Likely category: <strong id=\"likely-category\">\(e(label ?? category))</strong> (\(e(category)))</p>"
        switch nearby {
        case .notPlaced(let address?):
            html += "<p id=\"not-placed\">\u{201C}\(e(address))\u{201D} was not found on the map: no open cases to compare. Check the spelling or give a house number or a crossing.</p>"
        case .notPlaced(nil):
            html += "<p id=\"not-placed\">No address given: no open cases to compare.</p>"
        case .unavailable:
            html += "<p class=\"error\" id=\"nearby-unavailable\">The open cases could not be read; check again.</p>"
        case .found(let place, let radius, let cases) where cases.isEmpty:
            html += "<p id=\"nearby-none\">No open case within \(radius) m of <span id=\"placed\">\(e(place))</span>.</p>"
        case .found(let place, let radius, let cases):
            html += "<p>Open cases within \(radius) m of <span id=\"placed\">\(e(place))</span>, nearest first:</p>"
            html += "<table id=\"nearby-cases\"><tr><th>ref</th><th>category</th><th>status</th><th>address</th><th>distance</th></tr>"
            for f in cases {
                let c = f.candidate
                html += """
                    <tr><td><a class="nearby-ref" href="/console/cases/\(e(c.ref))">\(e(c.ref))</a></td><td>\(e(c.category))</td>\
                    <td>\(e(c.status))</td><td>\(e(c.locationText))</td><td class="distance">\(Int(f.distanceM.rounded())) m</td></tr>
                    """
            }
            html += "</table>"
        }
        return html
    }

    /// A phone number as E.164, as the other channels store it: ten digits are a North American
    /// number (+1 added); a number given with + keeps its country code.
    static func e164(_ text: String) -> String? {
        let digits = text.filter(\.isNumber)
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("+") {
            return (7...15).contains(digits.count) && digits.first != "0" ? "+" + digits : nil
        }
        switch digits.count {
        case 10 where digits.first != "0" && digits.first != "1": return "+1" + digits
        case 11 where digits.first == "1": return "+" + digits
        default: return nil
        }
    }

    static func receivedPage(_ s: Session, contactID: String, receipt: ReceiptBatch.Receipt?) -> String {
        let body: String
        if let inquiry = receipt?.inquiry {
            // A question: no case. Read the answer to the resident, or answer it under Inquiries.
            body = inquiry.waitsForStaff
                ? "<p class=\"notice\" id=\"inquiry\">A question no answer covers: it waits under <a href=\"/console/inquiries\">Inquiries</a>.</p>"
                : "<p class=\"notice\" id=\"inquiry\">A question, no case. The answer for the resident: \(e(inquiry.reply))</p>"
        } else if let receipt {
            let how = receipt.outcome == .created ? "A new case" : "Added to case"
            body = """
                <p class="notice">\(how): <a id="case-ref" href="/console/cases/\(e(receipt.caseRef))">\(e(receipt.caseRef))</a>.
                Give the resident this reference.</p>
                """
        } else {
            body = """
                <p class="notice" id="received">Received (contact <code id="contact-id">\(e(contactID))</code>). The case reference
                follows shortly; find it under Cases.</p>
                """
        }
        return ConsolePage.page("Contact entered", user: s.user, csrf: s.csrf, body + "<p><a href=\"/console\">Enter another</a></p>")
    }

    /// Contacts, cases and escalations as they cross the bus (server-sent events); each
    /// escalation has an acknowledge form (with the session's CSRF token).
    static func livePage(_ s: Session) -> String {
        ConsolePage.page("Live", user: s.user, csrf: s.csrf, """
            <p id="state">Connecting…</p>
            \(ConsoleSurges.liveBanner)
            <h2>Escalations</h2><table id="escalations"><tr><th>id</th><th>channel</th><th>reason</th><th>tier</th><th></th></tr></table>
            <h2>Contacts and cases</h2><ol id="feed" reversed></ol>
            <script>
            const csrf = \(jsString(s.csrf));
            const feed = document.getElementById("feed"), table = document.getElementById("escalations");
            function line(text) { const li = document.createElement("li"); li.textContent = text; feed.prepend(li);
              while (feed.children.length > 200) feed.lastChild.remove(); }
            const source = new EventSource("/console/live/events");
            source.onopen = () => document.getElementById("state").textContent = "Live.";
            source.onerror = () => document.getElementById("state").textContent = "Reconnecting…";
            source.addEventListener("contact", e => { const d = JSON.parse(e.data); line(`contact ${d.id} (${d.channel})`); });
            source.addEventListener("case", e => { const d = JSON.parse(e.data); line(`case ${d.ref}: ${d.kind || "event"}`); });
            source.addEventListener("escalation", e => {
              const d = JSON.parse(e.data), tr = table.insertRow(1);
              tr.id = "escalation-" + d.id;
              for (const v of [d.id, d.channel, d.reason, d.tier || ""]) tr.insertCell().textContent = v;
              const f = document.createElement("form"); f.method = "post";
              f.action = "/console/escalations/" + encodeURIComponent(d.id) + "/ack";
              const t = document.createElement("input"); t.type = "hidden"; t.name = "csrf"; t.value = csrf;
              const b = document.createElement("button"); b.textContent = "Acknowledge"; b.className = "ack";
              f.append(t, b); tr.insertCell().append(f);
            });
            source.addEventListener("ack", e => { const d = JSON.parse(e.data);
              const tr = document.getElementById("escalation-" + d.id); if (tr) tr.lastChild.textContent = "acknowledged"; });
            source.addEventListener("alert", e => { const d = JSON.parse(e.data); line(`escalation ${d.id} alerted again`); });
            \(ConsoleSurges.liveScript)
            </script>
            """)
    }

    /// A JavaScript string literal, safe inside a script element.
    static func jsString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            if u.isASCII, u.properties.isAlphabetic || ("0"..."9").contains(Character(u)) { out.unicodeScalars.append(u) }
            else { out += String(format: "\\u%04x", u.value) }
        }
        return out + "\""
    }

    static func searchForm(field: ConsoleCases.Field, value: String) -> String {
        let options = ConsoleCases.Field.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == field ? " selected" : "")>\($0.rawValue)</option>"
        }.joined()
        return """
            <form method="get" action="/console/cases"><select name="field" id="field">\(options)</select>
            <input name="q" id="q" value="\(e(value))"> <button id="search">Search</button></form>
            """
    }

    static func table(_ rows: PostgresRows, _ columns: [String], link: String? = nil) -> String {
        guard rows.count > 0 else { return "<p>None.</p>" }
        var html = "<table><tr>" + columns.map { "<th>\(e($0))</th>" }.joined() + "</tr>"
        for i in 0..<rows.count {
            html += "<tr>"
            for c in columns {
                let v = rows[i, c]
                if c == link, let v {
                    html += "<td><a href=\"/console/cases/\(e(v))\">\(e(v))</a></td>"
                } else {
                    html += "<td>\(e(v))</td>"
                }
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    static let caseColumns = ["ref", "status", "channel", "category", "priority", "location_text", "emergency", "opened_at"]

    static func searchPage(_ s: Session, field: ConsoleCases.Field, value: String, rows: PostgresRows?) -> String {
        ConsolePage.page("Cases", user: s.user, csrf: s.csrf, """
            <p>By reference, the resident's phone number, words of the address, or category.</p>
            \(searchForm(field: field, value: value))
            \(rows.map { "<div id=\"results\">" + table($0, caseColumns, link: "ref") + "</div>" } ?? "")
            """)
    }

    static func casePage(_ s: Session, _ r: ConsoleCases.CaseRecord) -> String {
        let c = r.summary
        var facts = "<table id=\"case\">"
        for k in caseColumns + ["description", "status_note", "duplicate_of", "neighborhood", "ward"] {
            facts += "<tr><th>\(e(k))</th><td>\(e(c[0, k]))</td></tr>"
        }
        facts += "</table>"
        return ConsolePage.page("Case \(c[0, "ref"] ?? "")", user: s.user, csrf: s.csrf, """
            \(facts)
            <h2>Contacts</h2>\(table(r.contacts, ["id", "channel", "received_at", "sender_kind", "sender_address", "sender_name", "staff", "text"]))
            <h2>Events</h2>\(table(r.events, ["at", "kind", "contact_id", "detail"]))
            <h2>Audit trail</h2>\(table(r.audit, ["at", "actor", "action", "detail", "remote_addr"]))
            <h2>Replies to residents</h2>\(repliesSection(r))
            """)
    }

    /// What residents were told, and what this process cannot know.
    static func repliesSection(_ r: ConsoleCases.CaseRecord) -> String {
        var html = """
            <p>Each contact's receipt gave its channel this case's reference; the channel answers the resident with it, \
            in its own response or as a follow-up message. Walk-in, phone and mail contacts are told by the staff member \
            who entered them.</p>
            """
        html += r.sentLogSeen
            ? "<p id=\"sent-log\">Delivery below is from the channels' log of replies sent on this machine.</p>"
            : """
              <p id="sent-log-absent">The channels' log of replies sent (replies/sent.log) is not on this machine: \
              whether a reply reached the resident is known only to the process that runs the channels. \
              Answers given inside a channel's own response (such as an SMS webhook's) are not logged anywhere.</p>
              """
        guard !r.replies.isEmpty else { return html + "<p id=\"no-replies\">No notices or logged replies for this case.</p>" }
        html += "<table id=\"replies\"><tr><th>at</th><th>id</th><th>channel</th><th>contact</th><th>text</th><th>delivery</th></tr>"
        for reply in r.replies {
            html += """
                <tr class="reply"><td>\(e(reply.at))</td><td>\(e(reply.id))</td><td>\(e(reply.channel))</td><td>\(e(reply.contactID))</td>\
                <td>\(e(reply.text))</td><td>\(e(reply.delivery))</td></tr>
                """
        }
        return html + "</table>"
    }
}
