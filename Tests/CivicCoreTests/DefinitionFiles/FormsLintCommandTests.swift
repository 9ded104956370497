import Foundation
import Testing

/// `civicvoice forms lint PATH…` as a person runs it: the executable `swift test` builds beside the
/// test bundle, its output and its exit status.
@Suite struct FormsLintCommandTests {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("civicvoice")

    static func lint(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run(["forms", "lint"] + arguments)
    }

    /// The executable with `arguments`, from the repository's root: its exit status and its output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = formsDirectory().deletingLastPathComponent()
        process.environment = ["PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func filesAndDirectoriesAreCheckedEachOnItsOwn() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "built by swift test: \(Self.executable.path)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let other = scratch.appendingPathComponent("other.yaml")
        try String(contentsOf: formsDirectory().appendingPathComponent("sipas.yaml"), encoding: .utf8)
            .write(to: other, atomically: true, encoding: .utf8)

        // clean: a form file and a directory, by relative paths as typed
        let clean = try Self.lint(["Forms/sipas.yaml", "Forms/"])
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.output.contains("ok: form sipas version"), "\(clean.output)")
        #expect(clean.output.contains("ok: 3 forms, 4 interface languages"), "\(clean.output)")

        // a problem in one path: listed as file:line:column, the clean path still reported, exit 1
        let mixed = try Self.lint(["Forms/sipas.yaml", other.path])
        #expect(mixed.status == 1)
        #expect(mixed.output.contains("\(other.path):8:5: id: form id 'sipas' does not match the file name"), "\(mixed.output)")
        #expect(mixed.output.contains("ok: form sipas version"))
        #expect(mixed.output.contains("civicvoice: 1 problem"))
    }

    @Test func withoutAPathTheFormsDirectoryIsChecked() throws {
        let run = try Self.lint([])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ok: 3 forms"), "\(run.output)")
    }
}
