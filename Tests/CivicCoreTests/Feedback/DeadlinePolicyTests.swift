import Foundation
import Testing
@testable import CivicCore

@Suite struct DeadlinePolicyTests {
    private static let sample = """
        default: 15
        categories:
          administrative_procedure: 10
          regulation: 20
        units:
          SO-VHTTDL:
            default: 12
            categories: {regulation: 25}
          UBND-XA-1: {categories: {official_conduct: 5}}
        """

    private func issues(_ yaml: String, known: Set<String>? = nil) -> [String] {
        do {
            _ = try DeadlinePolicy.parse(yaml: yaml, file: "d.yaml", knownCategories: known)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// The option values of the pakn form's `category` question.
    private func paknCategories() throws -> Set<String> {
        let catalog = try FormCatalog.load(directory: workflowFilesDirectory().deletingLastPathComponent())
        let question = try #require(catalog.form(id: "pakn")?.question(id: "category"))
        return Set(question.choices.map(\.value))
    }

    @Test func theShippedFileLoadsWithThePaknCategories() throws {
        // setup
        let categories = try paknCategories()
        #expect(categories == ["administrative_procedure", "official_conduct", "regulation", "other"])
        // act
        let policy = try DeadlinePolicy.load(url: workflowFilesDirectory().appendingPathComponent("deadlines.yaml"),
                                             knownCategories: categories)
        // validate
        #expect(policy.defaultDays == 15)
        #expect(policy.workingDays(category: "administrative_procedure", unitCode: nil) == 10)
        #expect(policy.workingDays(category: "other", unitCode: "SO-VHTTDL") == 15)
        #expect(Set(policy.categories.keys).isSubset(of: categories))
    }

    @Test func theMostSpecificRuleWins() throws {
        let policy = try DeadlinePolicy.parse(yaml: Self.sample, file: "d.yaml")
        #expect(policy.workingDays(category: "regulation", unitCode: "SO-VHTTDL") == 25)  // unit + category
        #expect(policy.workingDays(category: "administrative_procedure", unitCode: "SO-VHTTDL") == 12)  // unit default
        #expect(policy.workingDays(category: "administrative_procedure", unitCode: "UBND-XA-1") == 10)  // category
        #expect(policy.workingDays(category: "official_conduct", unitCode: "UBND-XA-1") == 5)
        #expect(policy.workingDays(category: "other", unitCode: "UBND-XA-1") == 15)  // default
        #expect(policy.workingDays(category: "regulation", unitCode: nil) == 20)
        #expect(policy.workingDays(category: nil, unitCode: "SO-VHTTDL") == 12)
        #expect(policy.workingDays(category: nil, unitCode: nil) == 15)
        #expect(policy.workingDays(category: "regulation", unitCode: "UNKNOWN") == 20)
    }

    @Test func theDueDateCountsWorkingDaysFromAcceptance() throws {
        let policy = try DeadlinePolicy.parse(yaml: Self.sample, file: "d.yaml")
        let calendar = try shippedHolidayFile().calendar
        // 10 working days from Thursday 12/2/2026: 13/2, then 23/2 onwards after Tết.
        #expect(policy.dueDate(acceptedOn: ymd("2026-02-12"), category: "administrative_procedure", unitCode: nil,
                               calendar: calendar) == ymd("2026-03-05"))
    }

    @Test func badNumbers() {
        #expect(issues("""
            default: 0
            categories:
              regulation: ten
              other: 251
            """) == [
                "d.yaml:1:10: default: 0 working days is out of range; expected 1...250",
                "d.yaml:3:15: categories.regulation: expected an integer, found 'ten'",
                "d.yaml:4:10: categories.other: 251 working days is out of range; expected 1...250",
            ])
        #expect(issues("default: \"15\"\n") == ["d.yaml:1:10: default: expected an integer, found the quoted text \"15\""])
        #expect(issues("categories: {other: 3}\n") == ["d.yaml:1:1: missing required key 'default'"])
    }

    @Test func unknownCategoriesKeysAndUnits() {
        #expect(issues("""
            default: 15
            categories:
              regulaton: 20
            units:
              "Sở VH": {default: 3}
              SO-A: {}
              SO-B: {deadline: 4}
            timezone: +7
            """, known: ["administrative_procedure", "official_conduct", "regulation", "other"]) == [
                "d.yaml:3:3: categories.regulaton: unknown key 'regulaton' (not a category of the pakn form); did you mean 'regulation'?",
                "d.yaml:5:3: units.Sở VH: 'Sở VH' is not a unit code: a letter or digit, then letters, digits, '.', '_' or '-'",
                "d.yaml:6:9: units.SO-A: a unit needs 'default', 'categories' or both",
                "d.yaml:7:9: units.SO-B: a unit needs 'default', 'categories' or both",
                "d.yaml:7:10: units.SO-B.deadline: unknown key 'deadline'; expected one of: default, categories",
                "d.yaml:8:1: timezone: unknown key 'timezone'; expected one of: default, categories, units, classification, handling_from",
            ])
    }

    @Test func withoutKnownCategoriesOnlyTheSpellingIsChecked() {
        #expect(issues("default: 15\ncategories: {Regulation: 3}\n")
            == ["d.yaml:2:14: categories.Regulation: 'Regulation' is not a valid category: lowercase letters, digits, '_' or '-'"])
    }

    @Test func policiesRoundTripThroughJSON() throws {
        let policy = try DeadlinePolicy.parse(yaml: Self.sample, file: "d.yaml")
        #expect(try JSONDecoder().decode(DeadlinePolicy.self, from: JSONEncoder().encode(policy)) == policy)
    }
}
