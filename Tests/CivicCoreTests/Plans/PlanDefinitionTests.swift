import Foundation
import Testing
@testable import CivicCore

/// `Forms/plans/<year>-<unit>.yaml`: the seed plan loads whole, and a bad plan is refused at its lines.
@Suite struct PlanDefinitionTests {
    static let seedPlan = formsDirectory().appendingPathComponent("plans/2022-LC.SVHTT.yaml")

    @Test func theSeedPlanLoadsWithEveryTargetOfItsSectionII() throws {
        // act
        let catalog = try PlanCatalog.load(formsDirectory: formsDirectory(), knownForms: ["sipas", "dossier-rating", "pakn"])
        // validate
        let plan = try #require(catalog.plans["2022-LC.SVHTT"])
        #expect(plan.year == 2022)
        #expect(plan.unitCode == "LC.SVHTT")
        #expect(plan.areas.map(\.number) == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(plan.areas.map(\.targets.count) == [7, 4, 7, 4, 7, 6, 10])
        #expect(plan.targets.count == 45)
        #expect(plan.targets.filter(\.isComputed).map(\.metric) == [
            .satisfaction, .dossiersOnTime, .lateDossierApologies, .paknHandled, .onlineShare, .postalReceivedShare,
            .postalReturnedShare,
        ])
        let satisfaction = try #require(plan.target(id: "satisfaction"))
        #expect(satisfaction.comparison == .atLeast && satisfaction.value == 90 && satisfaction.formID == "sipas")
        #expect(satisfaction.responsibleUnit == "LC.SVHTT.VP" && satisfaction.supportingUnits == ["LC.SVHTT"])
        #expect(plan.target(id: "reform-initiatives")?.metric == .count)
        #expect(plan.target(id: "reform-initiatives")?.value == 2)
        #expect(plan.target(id: "staff-disciplined")?.comparison == .atMost)
        #expect(plan.area(ofTarget: "unlawful-documents-handled")?.responsibleUnit == "LC.SVHTT")
        #expect(plan.target(id: "iso-9001")?.value == 1)
        #expect(plan.target(id: "satisfaction")?.text["en"]?.contains("at least 90%") == true)
    }

    @Test func aBadPlanIsRefusedWithEachProblemAtItsLine() {
        // setup: one problem per line marked, and the rest well-formed
        let yaml = """
            year: 2022
            unit: LC.SVHTT
            title: {vi: Kế hoạch}
            areas:
              - id: direction
                number: "1"
                title: {vi: Chỉ đạo điều hành}
                responsible: LC.SVHTT.VP
                targets:
                  - id: satisfaction
                    text: {vi: Hài lòng từ 90% trở lên}
                    metric: satisfaction
                    source: entered
                    comparison: ">="
                    value: 190
                  - id: satisfaction
                    text: {vi: Trùng}
                    metric: count
                    source: entered
                    comparison: "=>"
                    value: 2
                  - id: initiatives
                    txt: {vi: Sáng kiến}
                    metric: count
                    source: entered
                    comparison: ">="
                    value: 2
                    form: sipas
            """
        // act
        let issues: [String]
        do {
            _ = try PlanDefinition.parse(yaml: yaml, file: "plans/2022-LC.SVHTT.yaml")
            issues = []
        } catch {
            issues = error.issues.map(\.description)
        }
        // validate
        #expect(issues == [
            "plans/2022-LC.SVHTT.yaml:13:17: areas[0].targets[0].source: metric 'satisfaction' is computed, so source must be 'computed'; entered metrics are: percent, count, yes_no",
            "plans/2022-LC.SVHTT.yaml:15:16: areas[0].targets[0].value: 190 is not a percentage; write 98 for 98%, within 0…100",
            "plans/2022-LC.SVHTT.yaml:20:21: areas[0].targets[1].comparison: '=>' is not a comparison; expected \">=\", \"<=\" or \"=\" (in quotes)",
            "plans/2022-LC.SVHTT.yaml:22:9: areas[0].targets[2]: missing required key 'text'",
            "plans/2022-LC.SVHTT.yaml:23:9: areas[0].targets[2].txt: unknown key 'txt'; did you mean 'text'?",
            "plans/2022-LC.SVHTT.yaml:28:15: areas[0].targets[2].form: only a satisfaction target counts a form; 'count' does not",
        ])
    }

    @Test func aPlanLivesInTheFileNamedForItsYearAndUnit() {
        let yaml = """
            year: 2023
            unit: LC.SVHTT
            title: {vi: Kế hoạch}
            areas:
              - id: direction
                number: "1"
                title: {vi: Chỉ đạo}
                responsible: LC.SVHTT.VP
                targets:
                  - {id: initiatives, text: {vi: Sáng kiến}, metric: count, source: entered, comparison: ">=", value: 2}
            """
        #expect(throws: FormValidationErrors.self) { try PlanDefinition.parse(yaml: yaml, file: "plans/2022-LC.SVHTT.yaml") }
        do {
            _ = try PlanDefinition.parse(yaml: yaml, file: "plans/2022-LC.SVHTT.yaml")
        } catch {
            #expect(error.issues.map(\.description) == [
                "plans/2022-LC.SVHTT.yaml:1:7: year: a plan for 2023 of LC.SVHTT belongs in 2023-LC.SVHTT.yaml, not 2022-LC.SVHTT.yaml",
            ])
        }
        let plan = try? PlanDefinition.parse(yaml: yaml, file: "plans/2023-LC.SVHTT.yaml")
        #expect(plan?.targets.map(\.id) == ["initiatives"])
    }

    @Test func aSatisfactionTargetNamesAFormThatExists() {
        let yaml = try! String(contentsOf: Self.seedPlan, encoding: .utf8).replacingOccurrences(of: "form: sipas", with: "form: sipa")
        do {
            _ = try PlanDefinition.parse(yaml: yaml, file: "2022-LC.SVHTT.yaml", knownForms: ["sipas", "pakn"])
            Issue.record("a plan naming an unknown form loaded")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.message == "no form has the id 'sipa'; forms: pakn, sipas")
            #expect(error.issues.first?.keyPath == "areas[0].targets[3].form")
        }
    }

    @Test func verdictsReadTheIntervalAndTheComparison() {
        #expect(PlanVerdict.judge(value: nil, interval: nil, comparison: .atLeast, target: 0.9) == .noValue)
        #expect(PlanVerdict.judge(value: 0.91, interval: 0.88...0.93, comparison: .atLeast, target: 0.9) == .inconclusive)
        #expect(PlanVerdict.judge(value: 0.95, interval: 0.92...0.97, comparison: .atLeast, target: 0.9) == .met)
        #expect(PlanVerdict.judge(value: 0.85, interval: 0.82...0.88, comparison: .atLeast, target: 0.9) == .notMet)
        // at an end of the interval the point decides: every PAKN handled meets 100%
        #expect(PlanVerdict.judge(value: 1, interval: 0.97...1, comparison: .atLeast, target: 1) == .met)
        #expect(PlanVerdict.judge(value: 0, interval: nil, comparison: .atMost, target: 0) == .met)
        #expect(PlanVerdict.judge(value: 1, interval: nil, comparison: .atMost, target: 0) == .notMet)
        #expect(PlanVerdict.judge(value: 1, interval: nil, comparison: .equal, target: 1) == .met)
    }

    @Test func aDuplicateAreaIdIsRefusedAtItsLine() {
        let area = """
              - id: direction
                number: "1"
                title: {vi: Chỉ đạo}
                responsible: LC.SVHTT.VP
                targets:
                  - {id: %@, text: {vi: Sáng kiến}, metric: count, source: entered, comparison: ">=", value: 2}
            """
        let yaml = "year: 2022\nunit: LC.SVHTT\ntitle: {vi: Kế hoạch}\nareas:\n"
            + area.replacingOccurrences(of: "%@", with: "initiatives") + "\n"
            + area.replacingOccurrences(of: "%@", with: "other")
        do {
            _ = try PlanDefinition.parse(yaml: yaml, file: "2022-LC.SVHTT.yaml")
            Issue.record("a plan with two areas 'direction' loaded")
        } catch {
            #expect(error.issues.map(\.description) == [
                "2022-LC.SVHTT.yaml:11:9: areas[1].id: duplicate area id 'direction'; line 5 already uses it",
            ])
        }
    }
}
