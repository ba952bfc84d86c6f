import Foundation
import Hummingbird

/// The console's HTML: small server-rendered pages with no external assets. Every value from a
/// request or the database goes through `escape`.
enum ConsolePage {
    static func escape(_ s: String?) -> String {
        guard let s else { return "" }
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:1.5em;max-width:60em}label{display:block;margin:.4em 0}
        input,select,textarea{font:inherit}textarea{width:100%;height:5em}table{border-collapse:collapse}
        td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}nav form{display:inline}
        .notice{background:#eef;padding:.5em}.error{background:#fee;padding:.5em}
        """

    /// A whole page; `user`/`csrf` given when logged in (the header then has a log-out form).
    static func page(_ title: String, user: String? = nil, csrf: String? = nil, _ body: String) -> String {
        var nav = ""
        if let user, let csrf {
            nav = """
                <nav><a href="/console">New contact</a> · <a href="/console/cases">Cases</a> · <a href="/console/live">Live</a> · <a href="/console/surges">Surges</a> · <a href="/console/inquiries">Inquiries</a> · \(escape(user))
                <form method="post" action="/console/logout">\(csrfField(csrf))<button id="logout">Log out</button></form></nav>
                """
        }
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · Intake311 console</title>
            <style>\(style)</style></head><body>\(nav)<h1>\(escape(title))</h1>
            \(body)</body></html>
            """
    }

    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// `application/x-www-form-urlencoded`: the last value of each name.
    static func form(_ bytes: ByteBuffer) -> [String: String] { form(String(buffer: bytes)) }

    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = kv.first else { continue }
            fields[decode(name)] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return fields
    }

    /// `name` from the query string, decoded as a form's field (`+` is a space).
    static func query(_ request: Request, _ name: String) -> String? {
        form(request.uri.query ?? "")[name]
    }
}
