import ArgumentParser
import CivicCore

struct ConfigHelp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "List the environment variables the server reads, with defaults."
    )

    func run() {
        for key in AppConfiguration.keys {
            print("\(key.name)\t\(key.defaultValue ?? (key.isRequired ? "(required)" : "(none)"))\t\(key.meaning)")
        }
    }
}
