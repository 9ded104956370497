import Foundation
import Testing
@testable import CivicCore

/// `civicvoice forms lint PATH…`: each path checked on its own, as what it is.
@Suite struct DefinitionLintTests {
    /// A scratch forms directory with a `ui/` folder, removed by the caller.
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lint-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("ui"), withIntermediateDirectories: true)
        return directory
    }

    @Test func theShippedDirectoryAndEachOfItsFilesAreClean() {
        let forms = formsDirectory()
        let directory = DefinitionLint.check(forms)
        #expect(directory.issues.map(\.description) == [])
        #expect(directory.summary.hasPrefix("3 forms, 4 interface languages"), "\(directory.summary)")
        for (path, summary) in [("sipas.yaml", "form sipas"), ("ui/en.yaml", "interface strings"), ("ui/vi.yaml", "interface strings"),
                                ("workflow/holidays.yaml", "holidays"), ("workflow/deadlines.yaml", "deadlines"),
                                ("messages/vi.yaml", "messages to citizens and staff, 9 kinds"), ("messages/en.yaml", "messages to citizens and staff, 9 kinds")] {
            let report = DefinitionLint.check(forms.appendingPathComponent(path))
            #expect(report.issues.map(\.description) == [], "\(path)")
            #expect(report.summary.hasPrefix(summary), "\(path): \(report.summary)")
        }
    }

    @Test func aMessagesFileIsCheckedAsMessagesNotAsAForm() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("messages"), withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("messages/en.yaml")
        try "receipt:\n  subject: Received\n  body: \"{status_link} {rating_link}\"\n".write(to: file, atomically: true, encoding: .utf8)
        let issues = DefinitionLint.check(file).issues.map(\.message)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.contains("{rating_link} is not filled for 'receipt'") == true)
    }

    @Test func aFormFileIsCheckedAloneWithItsLineAndColumn() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let misnamed = directory.appendingPathComponent("other.yaml")
        try minimalForm().write(to: misnamed, atomically: true, encoding: .utf8)
        let broken = directory.appendingPathComponent("t.yaml")
        try minimalForm().replacingOccurrences(of: "version: 1", with: "version: 0").write(to: broken, atomically: true, encoding: .utf8)

        let named = DefinitionLint.check(misnamed).issues
        #expect(named.count == 1)
        #expect(named.first?.message.contains("does not match the file name; name the file t.yaml") == true)
        let invalid = DefinitionLint.check(broken).issues
        #expect(invalid.contains { $0.file == broken.path && $0.line == 2 && $0.message.contains("positive") })
    }

    @Test func aTranslationIsCheckedAgainstTheBaseFileBesideIt() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try String(contentsOf: formsDirectory().appendingPathComponent("ui/vi.yaml"), encoding: .utf8)
            .write(to: directory.appendingPathComponent("ui/vi.yaml"), atomically: true, encoding: .utf8)
        let english = directory.appendingPathComponent("ui/en.yaml")
        try "form.submitt: Send\n".write(to: english, atomically: true, encoding: .utf8)
        let issues = DefinitionLint.check(english).issues
        #expect(issues.count == 1)
        #expect(issues.first?.file == english.path && issues.first?.keyPath == "form.submitt", "\(issues)")
        let badName = directory.appendingPathComponent("ui/english.yaml")
        try "form.submit: Send\n".write(to: badName, atomically: true, encoding: .utf8)
        #expect(DefinitionLint.check(badName).issues.first?.message.contains("language tag") == true)
    }

    @Test func whatCannotBeReadIsAnIssueNotASilence() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let yml = directory.appendingPathComponent("sipas.yml")
        try "id: sipas\n".write(to: yml, atomically: true, encoding: .utf8)
        #expect(DefinitionLint.check(yml).issues.first?.message.contains("rename to .yaml") == true)
        let latin1 = directory.appendingPathComponent("x.yaml")
        try Data([0x69, 0x64, 0x3A, 0x20, 0xE9]).write(to: latin1)
        #expect(DefinitionLint.check(latin1).issues.first?.message == "the file is not valid UTF-8")
        let missing = directory.appendingPathComponent("nowhere.yaml")
        #expect(DefinitionLint.check(missing).issues.map(\.description) == ["\(missing.path):1:1: no such file or directory"])
    }
}
