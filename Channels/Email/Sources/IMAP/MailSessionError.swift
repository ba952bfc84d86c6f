/// A mail server conversation that failed, with libetpan's code and the server's last words.
public enum MailSessionError: Error, CustomStringConvertible {
    case connect(String)
    case auth(String)
    case command(String, code: Int32, response: String?)
    case closed

    public var description: String {
        switch self {
        case .connect(let why): "could not connect: \(why)"
        case .auth(let why): "login refused: \(why)"
        case let .command(what, code, response): "\(what) failed (libetpan error \(code))\(response.map { ": \($0)" } ?? "")"
        case .closed: "the connection is closed"
        }
    }
}
