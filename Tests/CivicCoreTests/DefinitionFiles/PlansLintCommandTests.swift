import Foundation
import Testing

/// `civicvoice plans lint PATH…` as a person runs it, and the plans in `forms lint` of a directory.
@Suite struct PlansLintCommandTests {
    @Test func theShippedPlansAreCleanAndABadOneIsRefusedAtItsLine() throws {
        // setup: a forms directory with a plan whose value is misspelt on line 15
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("plans-cli-\(UUID().uuidString)")
        let plans = scratch.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bad = plans.appendingPathComponent("2022-LC.SVHTT.yaml")
        var lines = try String(contentsOf: PlanDefinitionTests.seedPlan, encoding: .utf8).components(separatedBy: "\n")
        let valueLine = try #require(lines.firstIndex { $0.hasPrefix("        value: 100") })
        lines[valueLine] = "        value: all"
        try lines.joined(separator: "\n").write(to: bad, atomically: true, encoding: .utf8)

        // act
        let clean = try FormsLintCommandTests.run(["plans", "lint"])
        let defaultFolder = try FormsLintCommandTests.run(["forms", "lint"])
        let refused = try FormsLintCommandTests.run(["plans", "lint", bad.path, "Forms/plans/2022-LC.SVHTT.yaml"])

        // validate
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.output.contains("ok: plan 2022-LC.SVHTT: 7 areas, 45 targets (7 computed, 38 entered)"), "\(clean.output)")
        #expect(defaultFolder.status == 0, "\(defaultFolder.output)")
        #expect(defaultFolder.output.contains("1 plans (45 targets)"), "\(defaultFolder.output)")
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(bad.path):\(valueLine + 1):16: areas[0].targets[0].value: expected a number, found 'all'"),
                "\(refused.output)")
        #expect(refused.output.contains("ok: plan 2022-LC.SVHTT"), "\(refused.output)")
        #expect(refused.output.contains("civicvoice: 1 problem"))
    }
}
