import Foundation
import Testing
@testable import CivicCore

@Suite struct FormCatalogTests {
    private func loadShipped() throws -> FormCatalog {
        do {
            return try FormCatalog.load(directory: formsDirectory())
        } catch {
            Issue.record("Forms/ has issues:\n\(error)")
            throw error
        }
    }

    @Test func shippedFormsLoadWithoutIssues() throws {
        #expect(FormCatalog.lint(directory: formsDirectory()).map(\.description) == [])
        let catalog = try loadShipped()
        #expect(catalog.formIDs == ["dossier-rating", "pakn", "sipas"])
        #expect(catalog.ui.languages == ["vi", "en", "hmn", "hmn-Latn-VN"])
        #expect(catalog.ui.status(of: "hmn") == .draft)
    }

    @Test func shippedFormsRoundTripThroughCodableAndCanonicalJSON() throws {
        let catalog = try loadShipped()
        for form in catalog.forms.values {
            // setup
            let json = try form.canonicalJSON()
            // act
            let decoded = try FormDefinition(canonicalJSON: json)
            // validate
            #expect(decoded == form, "\(form.id) changed in a round trip")
            #expect(try decoded.canonicalJSON() == json, "\(form.id) canonical JSON is not stable")
            let plain = try JSONDecoder().decode(FormDefinition.self, from: JSONEncoder().encode(form))
            #expect(plain == form)
        }
    }

    @Test func canonicalJSONSortsKeysAndIsCompact() throws {
        let form = try #require(parseValid(minimalForm()))
        let text = String(decoding: try form.canonicalJSON(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"baseLanguage":"vi","id":"t","kind":"survey","languages":{"en":"draft","vi":"complete"}"#))
        #expect(!text.contains("\n"))
        #expect(text.contains(#""questions":[{"id":"q1","label":{"vi":"Câu 1"},"required":false,"scale":"s5","type":"scale"}]"#))
    }

    @Test func sipasFollowsTheFiveElements() throws {
        let sipas = try #require(try loadShipped().form(id: "sipas"))
        let counts = Dictionary(grouping: sipas.scoredQuestions.compactMap(\.element), by: { $0 }).mapValues(\.count)
        #expect(counts == [.access: 4, .procedure: 5, .civilServant: 6, .result: 3, .feedbackHandling: 4])
        #expect(sipas.scoredQuestions.count == 23)
        let overall = try #require(sipas.scoredQuestions.first { $0.questionID == "overall" })
        #expect(overall.element == nil)
        #expect(overall.satisfiedValues == [4, 5])
        #expect(overall.isSatisfied(4) && overall.isSatisfied(5) && !overall.isSatisfied(3))
        #expect(sipas.question(id: "overall")?.required == true)
        #expect(sipas.scoredQuestions.filter { $0.questionID != "overall" }.allSatisfy {
            sipas.question(id: $0.questionID)?.required == false
        })
        #expect(sipas.isSatisfied(questionID: "c1", value: 5) == true)
        #expect(sipas.isSatisfied(questionID: "comment", value: 5) == nil)
        #expect(sipas.element(ofQuestion: "p3") == .procedure)
        #expect(sipas.unit == .chosenByCitizen)
        #expect(sipas.languages == ["vi": .complete, "en": .complete, "hmn": .draft, "hmn-Latn-VN": .draft])
        #expect(sipas.writtenBy == ["en": "the form's authors, with the Vietnamese"])
    }

    @Test func coverageCountsStringsPerLanguage() throws {
        let catalog = try loadShipped()
        let coverage = catalog.coverage()
        let sipas = coverage.filter { $0.formID == "sipas" }
        #expect(sipas.map(\.language) == ["vi", "en", "hmn", "hmn-Latn-VN"])
        #expect(sipas[0].share == 1 && sipas[1].share == 1)
        // The English was written with the Vietnamese by the form's authors, who are named for it.
        #expect(sipas[0].isComplete && sipas[1].isComplete && sipas[1].reviewed == sipas[1].total)
        #expect(!sipas[2].isComplete && sipas[2].reviewed == 0, "no native speaker has checked the Hmong")
        #expect(sipas[2].translated > 0 && sipas[2].share < 0.5)
        #expect(sipas[0].total == sipas[0].translated)
        let ui = coverage.filter { $0.formID == nil }
        #expect(ui.map(\.language) == ["vi", "en", "hmn", "hmn-Latn-VN"])
        #expect(ui[0].total == ui[0].translated)
        #expect(ui[1].translated == ui[1].total && ui[1].isComplete && ui[1].status == .complete)
        #expect(ui[2].status == .draft && ui[2].share < 0.5)
    }

    @Test func coverageOfAMinimalForm() throws {
        let form = try #require(parseValid(minimalForm()))
        // title, two scale labels, section title, question label
        #expect(form.coverage() == [
            TranslationCoverage(formID: "t", language: "vi", status: .complete, counts: [.reviewed: 5]),
            TranslationCoverage(formID: "t", language: "en", status: .draft, counts: [.missing: 5]),
        ])
    }

    @Test func duplicateFormIDsAcrossFilesAreReported() {
        // setup
        let text = minimalForm()
        let files = [
            FormCatalog.SourceFile(path: "Forms/t.yaml", contents: text),
            FormCatalog.SourceFile(path: "Forms/u.yaml", contents: text),
        ]
        // act
        let result = FormCatalog.assemble(forms: files, ui: [vi])
        // validate
        guard case .failure(let errors) = result else {
            Issue.record("expected issues")
            return
        }
        #expect(errors.issues.map(\.description) == [
            "Forms/u.yaml:1:5: id: duplicate form id 't'; Forms/t.yaml already defines it",
        ])
    }

    @Test func theShippedDefaultForMetricsIsSipas() throws {
        let catalog = try loadShipped()
        #expect(catalog.metricsDefaultFormID == "sipas")
        #expect(catalog.surveyFormIDs == ["dossier-rating", "sipas"])
    }

    /// A minimal form with another id, optionally declaring `metrics_default`.
    private func form(_ id: String, metricsDefault: String?, kind: String = "survey") -> FormCatalog.SourceFile {
        var text = minimalForm().replacingOccurrences(of: "id: t\n", with: "id: \(id)\n")
            .replacingOccurrences(of: "kind: survey", with: "kind: \(kind)")
        if let metricsDefault { text = text.replacingOccurrences(of: "version: 1\n", with: "version: 1\nmetrics_default: \(metricsDefault)\n") }
        return .init(path: "Forms/\(id).yaml", contents: text)
    }

    @Test func oneFormAtMostIsTheDefaultForMetrics() throws {
        // setup: a default, a form that says it is not, and none at all
        let chosen = FormCatalog.assemble(forms: [form("a", metricsDefault: "true"), form("b", metricsDefault: "false"),
                                                  form("c", metricsDefault: nil)], ui: [vi])
        guard case .success(let catalog) = chosen else {
            Issue.record("expected a catalog: \(chosen)")
            return
        }
        #expect(catalog.metricsDefaultFormID == "a")
        guard case .success(let none) = FormCatalog.assemble(forms: [form("c", metricsDefault: nil)], ui: [vi]) else {
            Issue.record("expected a catalog")
            return
        }
        #expect(none.metricsDefaultFormID == nil)

        // act: two forms declare it
        let two = FormCatalog.assemble(forms: [form("a", metricsDefault: "true"), form("b", metricsDefault: "true")], ui: [vi])

        // validate
        guard case .failure(let errors) = two else {
            Issue.record("expected issues")
            return
        }
        #expect(errors.issues.map(\.description) == [
            "Forms/b.yaml:3:18: metrics_default: Forms/a.yaml already declares itself the default for metrics; only one form may",
        ])
    }

    @Test func onlyASurveyIsTheDefaultForMetrics() {
        #expect(issues(in: minimalForm().replacingOccurrences(of: "kind: survey", with: "kind: feedback")
                .replacingOccurrences(of: "version: 1\n", with: "version: 1\nmetrics_default: true\n"))
            == ["t.yaml:3:18: metrics_default: only a survey form can be the default for metrics; this one is 'feedback'"])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "version: 1\n", with: "version: 1\nmetrics_default: yes\n"))
            == ["t.yaml:3:18: metrics_default: expected true or false, found 'yes'"])
    }

    @Test func aKioskLayoutIsASettingOfASurveyCheckedAtItsLine() throws {
        // setup: a form that asks for one question per screen, one that says nothing
        let paged = form("a", metricsDefault: nil).contents
            .replacingOccurrences(of: "version: 1\n", with: "version: 1\nkiosk_layout: one_question_per_screen\n")
        let result = FormCatalog.assemble(forms: [.init(path: "Forms/a.yaml", contents: paged), form("b", metricsDefault: nil)],
                                          ui: [vi])
        guard case .success(let catalog) = result else {
            Issue.record("expected a catalog: \(result)")
            return
        }
        // validate: the setting is the catalog's, not the definition's (no new version for it)
        #expect(catalog.kioskLayout(of: "a") == .oneQuestionPerScreen)
        #expect(catalog.kioskLayout(of: "b") == .wholeForm)
        #expect(try FormDefinition.parse(yaml: paged, file: "Forms/a.yaml")
            == FormDefinition.parse(yaml: form("a", metricsDefault: nil).contents, file: "Forms/a.yaml"))
        #expect(issues(in: minimalForm().replacingOccurrences(of: "version: 1\n", with: "version: 1\nkiosk_layout: paged\n"))
            == ["t.yaml:3:15: kiosk_layout: 'paged' is not allowed here; expected one of: whole_form, one_question_per_screen"])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "kind: survey", with: "kind: feedback")
                .replacingOccurrences(of: "version: 1\n", with: "version: 1\nkiosk_layout: whole_form\n"))
            == ["t.yaml:3:15: kiosk_layout: only a survey form is shown on a kiosk; this one is 'feedback'"])
    }

    @Test func formIDMustMatchFileName() {
        let result = FormCatalog.assemble(forms: [.init(path: "Forms/other.yaml", contents: minimalForm())], ui: [vi])
        guard case .failure(let errors) = result else {
            Issue.record("expected issues")
            return
        }
        #expect(errors.description
            == "Forms/other.yaml:1:5: id: form id 't' does not match the file name; name the file t.yaml")
    }

    @Test func missingBaseUIStringsAreReported() {
        let result = FormCatalog.assemble(forms: [], ui: [])
        guard case .failure(let errors) = result else {
            Issue.record("expected issues")
            return
        }
        #expect(errors.description == "ui/vi.yaml:1:1: missing: the base language's interface strings are required")
    }

    @Test func loadingADirectoryReportsEveryFile() throws {
        // setup: a directory with one broken form and one broken UI file
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("forms-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("ui"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try minimalForm().replacingOccurrences(of: "version: 1", with: "version: 0")
            .write(to: directory.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        try "form.submit: Gửi\n".write(to: directory.appendingPathComponent("ui/vi.yaml"), atomically: true, encoding: .utf8)
        try "x: 1\n".write(to: directory.appendingPathComponent("notes.yml"), atomically: true, encoding: .utf8)
        // act
        let issues = FormCatalog.lint(directory: directory)
        // validate
        let path = directory.path
        #expect(issues.contains { $0.file == "\(path)/t.yaml" && $0.line == 2 && $0.message.contains("positive") })
        #expect(issues.contains { $0.file == "\(path)/notes.yml" && $0.message.contains(".yaml") })
        #expect(issues.filter { $0.file == "\(path)/ui/vi.yaml" }.count == UIStrings.requiredKeys.count - 1)
    }

    private var vi: FormCatalog.SourceFile {
        let text = UIStrings.requiredKeys.map { "\($0): x" }.joined(separator: "\n")
        return FormCatalog.SourceFile(path: "Forms/ui/vi.yaml", contents: text)
    }
}
