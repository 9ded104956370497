import Foundation
import Testing
@testable import CivicCore

@Suite struct WorkflowSettingsTests {
    /// The repository's `Forms/`.
    private var formsDirectory: URL { workflowFilesDirectory().deletingLastPathComponent() }

    /// A copy of `Forms/` in a temporary directory, with `workflow/` files replaced as given.
    private func scratchForms(_ replacements: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: formsDirectory, to: directory)
        for (name, contents) in replacements {
            try contents.write(to: directory.appendingPathComponent("workflow/\(name)"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func theShippedFilesLoadWithTheForms() throws {
        // act
        let (catalog, workflow) = try WorkflowSettings.loadWithForms(directory: formsDirectory)
        // validate
        #expect(WorkflowSettings.knownCategories(in: catalog) == ["administrative_procedure", "official_conduct", "regulation", "other"])
        #expect(workflow.deadlines.workingDays(category: "regulation", unitCode: nil) == 20)
        #expect(workflow.calendar == workflow.holidays.calendar)
        #expect(!workflow.calendar.isWorkingDay(ymd("2026-02-16")), "Tết comes from the data file")
        #expect(WorkflowSettings.lint(directory: formsDirectory).isEmpty)
    }

    @Test func everyProblemInBothFilesIsListed() throws {
        // setup: a holiday on a bad date, and a deadline for a category the pakn form does not have
        let directory = try scratchForms([
            "holidays.yaml": "holidays:\n  - {date: 2026-02-30, name: {vi: Tết}}\n",
            "deadlines.yaml": "default: 15\ncategories:\n  weather: 3\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        // act
        let issues = WorkflowSettings.lint(directory: directory).map(\.description)
        // validate
        #expect(issues.count == 2, "\(issues)")
        #expect(issues.contains { $0.contains("workflow/holidays.yaml") && $0.contains("holidays[0].date") })
        #expect(issues.contains { $0.contains("workflow/deadlines.yaml") && $0.contains("weather") })
        #expect(throws: FormValidationErrors.self) { try WorkflowSettings.loadWithForms(directory: directory) }
    }

    @Test func missingWorkflowFilesStopTheLoad() throws {
        let directory = try scratchForms([:])
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("workflow/deadlines.yaml"))
        let issues = WorkflowSettings.lint(directory: directory)
        #expect(issues.count == 1)
        #expect(issues.first?.file.hasSuffix("workflow/deadlines.yaml") == true)
    }
}
