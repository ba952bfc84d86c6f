import ArgumentParser
import Foundation
import IntakeServer

/// `intake staff add NAME`: a staff console login, its bcrypt hash appended to `INTAKE_STAFF_USERS`.
struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the staff console's logins.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff user: the password is read from the first line of stdin and stored bcrypt-hashed.",
            discussion: "Appends to INTAKE_STAFF_USERS (default $INTAKE_DATA_DIR/secrets/staff-users); a running intake reads it at start.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The user name: letters, digits, '.', '_' or '-'.")
        var name: String

        func run() async throws {
            let settings = try options.settings()
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("give the password on stdin")
            }
            do {
                try StaffUsers.add(user: name, password: password, path: settings.staffUsersFile)
            } catch let e as StaffUsersError {
                throw ValidationError(e.description)
            }
            print("added \(name) to \(settings.staffUsersFile)")
        }
    }
}
