import Foundation
import Testing
@testable import CivicCore

/// Hmong written here that is not already in Forms/ ("Lwm yam", "Lub npe", …) and the reviewer's
/// name are test data, not checked translations: they never reach a shipped file.
@Suite struct TranslationImportTests {
    /// Imports `file` (XLIFF or CSV text) into the YAML of a scratch copy of Forms/ and writes it.
    @discardableResult
    private func importFile(_ text: String, into directory: URL, reviewer: String? = nil) throws -> TranslationImport.Outcome {
        let catalog = try FormCatalog.load(directory: directory)
        let submitted = try SubmittedTranslations.read(Data(text.utf8), file: "in.txt")
        let path = directory.appendingPathComponent(submitted.target == "ui" ? "ui/\(submitted.language).yaml"
                                                                            : "\(submitted.target).yaml")
        let outcome = try TranslationImport.apply(submitted, file: "in.txt", catalog: catalog,
                                                  currentYAML: try? String(contentsOf: path, encoding: .utf8),
                                                  interfaceOrder: interfaceOrder(directory), reviewer: reviewer)
        if let text = outcome.text { try Data(text.utf8).write(to: path) }
        return outcome
    }

    private func refusal(_ text: String, in directory: URL) throws -> [FormIssue] {
        do {
            try importFile(text, into: directory)
            Issue.record("the import was accepted")
            return []
        } catch let errors as FormValidationErrors {
            return errors.issues
        }
    }

    private func csvRows(_ csv: String) -> [String] {
        csv.components(separatedBy: "\r\n")
    }

    @Test func aCSVCycleOnPAKNWritesTranslationsAndKeepsCommentsAndOrder() throws {
        // setup
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try String(contentsOf: directory.appendingPathComponent("pakn.yaml"), encoding: .utf8)
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "hmn")
        var rows = csvRows(set.csv())
        // A draft for a missing option, and the existing title confirmed by a reviewer.
        let other = try #require(rows.firstIndex { $0.hasPrefix("pakn:questions.category.options.other,") })
        rows[other] = "pakn:questions.category.options.other,Khác,Other,Lwm yam,draft,,"
        let title = try #require(rows.firstIndex { $0.hasPrefix("pakn:title,") })
        rows[title] = #"pakn:title,"Phản ánh, kiến nghị về quy định hành chính",x,Tawm tswv yim txog cov kev cai tswjfwm,reviewed,Giàng A Páo,"#
        // act
        let outcome = try importFile(rows.joined(separator: "\r\n"), into: directory)
        // validate
        #expect(outcome.written == 2 && outcome.reviewed == 1 && outcome.stale == 0)
        // What changes, string by string (the console's preview shows this).
        #expect(outcome.changes.map(\.id) == ["title", "questions.category.options.other"])
        #expect(outcome.changes.map(\.before.status) == [.draft, .missing])
        #expect(outcome.changes.map(\.after.status) == [.reviewed, .draft])
        #expect(outcome.changes[0].after.reviewer == "Giàng A Páo" && outcome.changes[1].after.text == "Lwm yam")
        #expect(outcome.changes[1].source == "Khác" && outcome.changes[1].before.text == nil)
        let after = try String(contentsOf: directory.appendingPathComponent("pakn.yaml"), encoding: .utf8)
        let fingerprint = TranslationRecord.sourceFingerprint(of: "Khác")
        #expect(after.contains("""
                          - value: other
                            label:
                              vi: Khác
                              en: Other
                              hmn: {text: Lwm yam, status: draft, source: \(fingerprint)}
                """))
        // Too long for one line, so written as a block under the language.
        let titleSource = TranslationRecord.sourceFingerprint(of: "Phản ánh, kiến nghị về quy định hành chính")
        #expect(after.contains("""
        title:
          vi: Phản ánh, kiến nghị về quy định hành chính
          en: Feedback and proposals on administrative regulations
          hmn:
            text: Tawm tswv yim txog cov kev cai tswjfwm
            status: reviewed
            reviewer: Giàng A Páo
            source: \(titleSource)
        intro:

        """))
        // Every line the import did not mean to touch is still there, in order.
        let kept = before.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("Khác, en: Other") && !$0.contains("hmn: Tawm tswv yim txog cov kev cai tswjfwm") }
        var remaining = after.split(separator: "\n", omittingEmptySubsequences: false)[...]
        for line in kept {
            guard let index = remaining.firstIndex(of: line) else {
                Issue.record("line lost or moved: \(line)")
                break
            }
            remaining = remaining[(index + 1)...]
        }
        let form = try #require(FormCatalog.load(directory: directory).form(id: "pakn"))
        let strings = Dictionary(uniqueKeysWithValues: form.translatableStrings.map { ($0.id, $0.text) })
        #expect(strings["title"]?.status(in: "hmn") == .reviewed)
        #expect(strings["title"]?.records["hmn"]?.reviewer == "Giàng A Páo")
        #expect(strings["questions.category.options.other"]?.status(in: "hmn") == .draft)
        // The written file goes round again without a change.
        let again = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "hmn")
        #expect(try importFile(again.xliff(), into: directory).text == nil)
        #expect(try importFile(again.csv(), into: directory).text == nil)
    }

    @Test func aBrokenPlaceholderIsRefusedWithItsLine() throws {
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "ui", language: "hmn",
                                          interfaceOrder: interfaceOrder(directory))
        var rows = csvRows(set.csv())
        let index = try #require(rows.firstIndex { $0.hasPrefix("ui:error.out_of_range,") })
        rows[index] = "ui:error.out_of_range,x,x,Yuav tsum nyob nruab nrab {min} thiab {maximum},draft,,"
        let before = try Data(contentsOf: directory.appendingPathComponent("ui/hmn.yaml"))
        let issues = try refusal(rows.joined(separator: "\r\n"), in: directory)
        #expect(issues.map(\.line) == [index + 1])
        #expect(issues.first?.keyPath == "error.out_of_range")
        #expect(issues.first?.message.contains("{max} of the Vietnamese text is missing") == true)
        #expect(issues.first?.message.contains("{maximum} is not filled") == true)
        #expect(try Data(contentsOf: directory.appendingPathComponent("ui/hmn.yaml")) == before, "nothing written")
    }

    @Test func anUnknownIdIsRefusedWithItsLineInXLIFF() throws {
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "hmn")
        let xliff = set.xliff().replacingOccurrences(of: #"<unit id="questions.title.label""#,
                                                     with: #"<unit id="questions.titel.label""#)
        let line = xliff.components(separatedBy: "\n").firstIndex { $0.contains("questions.titel.label") }.map { $0 + 1 }
        let issues = try refusal(xliff, in: directory)
        #expect(issues.map(\.line) == [try #require(line)])
        #expect(issues.first?.message == "unknown id 'questions.titel.label': pakn.yaml has no such string; "
            + "did you mean 'questions.title.label'?")
    }

    @Test func tooLongAndUnreviewedReviewsAreRefused() throws {
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "hmn")
        var rows = csvRows(set.csv())
        let title = try #require(rows.firstIndex { $0.hasPrefix("pakn:title,") })
        rows[title] = "pakn:title,x,x,\(String(repeating: "a", count: 201)),draft,,"
        let label = try #require(rows.firstIndex { $0.hasPrefix("pakn:questions.title.label,") })
        rows[label] = "pakn:questions.title.label,x,x,Lub npe,reviewed,,"
        let issues = try refusal(rows.joined(separator: "\r\n"), in: directory)
        #expect(issues.map(\.line) == [title + 1, label + 1])
        #expect(issues[0].message == "201 characters long; at most 200 fit here")
        #expect(issues[1].message.hasPrefix("marked reviewed but names no reviewer"))
    }

    @Test func aChangedVietnameseStringTurnsItsTranslationStaleAndThePageFallsBack() throws {
        // setup: a reviewed translation of the pakn title
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "hmn")
        var xliff = set.xliff()
        let unit = try #require(xliff.range(of: #"<unit id="title" slr:sizeRestriction="200">"#))
        let segment = try #require(xliff.range(of: #"<segment state="translated">"#, range: unit.upperBound..<xliff.endIndex))
        xliff.replaceSubrange(segment, with: #"<segment state="reviewed">"#)
        xliff.replaceSubrange(unit, with: #"<unit id="title" slr:sizeRestriction="200" cv:reviewer="Giàng A Páo">"#)
        #expect(try importFile(xliff, into: directory).reviewed == 1)
        let url = directory.appendingPathComponent("pakn.yaml")
        let reviewed = try #require(FormCatalog.load(directory: directory).form(id: "pakn"))
        #expect(reviewed.title.status(in: "hmn") == .reviewed)
        // act: the Vietnamese title changes
        let yaml = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "  vi: Phản ánh, kiến nghị về quy định hành chính\n",
                                  with: "  vi: Phản ánh, kiến nghị về quy định và thủ tục hành chính\n")
        try Data(yaml.utf8).write(to: url)
        // validate
        let form = try #require(FormCatalog.load(directory: directory).form(id: "pakn"))
        #expect(form.title.status(in: "hmn") == .stale)
        let page = form.resolved(for: LanguageChain(requested: "hmn"))
        #expect(page.title == ResolvedText(text: "Phản ánh, kiến nghị về quy định và thủ tục hành chính", language: "vi",
                                           fellBack: true))
        #expect(page.fallbacks.contains("title"))
        let coverage = try #require(form.coverage().first { $0.language == "hmn" })
        #expect(coverage.stale == 1 && coverage.reviewed == 0)
        // The next export says so, and confirming it makes it current again.
        let next = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "hmn")
        #expect(next.units.first { $0.id == "title" }?.status == .stale)
        #expect(next.xliff().contains(#"<segment state="initial" subState="cv:stale">"#))
        #expect(try importFile(next.xliff(), into: directory).text == nil, "a stale string left alone stays stale")
        let confirmed = next.xliff().replacingOccurrences(of: #"<segment state="initial" subState="cv:stale">"#,
                                                          with: #"<segment state="translated">"#)
        #expect(try importFile(confirmed, into: directory).written == 1)
        #expect(try FormCatalog.load(directory: directory).form(id: "pakn")?.title.status(in: "hmn") == .draft)
    }

    @Test func aNewLanguageIsDeclaredAndAReviewedOneBecomesComplete() throws {
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A form whose strings are all reviewed marks the language complete.
        let form = """
            id: t
            version: 1
            kind: survey
            base_language: vi
            # a comment that must stay
            languages:
              vi: complete
            title: {vi: Tiêu đề}
            sections:
              - id: s
                title: {vi: Phần}
                questions:
                  - id: q1
                    type: yes_no
                    label:
                      vi: Câu 1

            """
        try Data(form.utf8).write(to: directory.appendingPathComponent("t.yaml"))
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "t", language: "hmn-Latn-VN")
        var rows = csvRows(set.csv())
        rows[1] = "t:title,Tiêu đề,,Tiêu đề H,reviewed,A,"
        rows[2] = "t:sections.s.title,Phần,,Phần H,reviewed,A,"
        rows[3] = "t:questions.q1.label,Câu 1,,Câu H,reviewed,A,"
        let outcome = try importFile(rows.joined(separator: "\r\n"), into: directory)
        #expect(outcome.status == .complete && outcome.coverage.isComplete)
        let text = try String(contentsOf: directory.appendingPathComponent("t.yaml"), encoding: .utf8)
        #expect(text.contains("# a comment that must stay\nlanguages:\n  vi: complete\n  hmn-Latn-VN: complete\n"))
        #expect(text.contains("title:\n  vi: Tiêu đề\n  hmn-Latn-VN: {text: Tiêu đề H, status: reviewed, reviewer: A, source: "))
    }

    @Test func aChangedEnglishStringIsADraftAndTheLanguageKeepsWhoWroteIt() throws {
        // setup: the shipped English, written by the form's authors with the Vietnamese
        let directory = try scratchFormsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let authors = "the form's authors, with the Vietnamese"
        let set = try TranslationSet.make(catalog: FormCatalog.load(directory: directory), target: "pakn", language: "en")
        #expect(set.units.allSatisfy { $0.status == .reviewed && $0.reviewer == authors })
        #expect(set.xliff().contains(#"<unit id="title" slr:sizeRestriction="200" cv:reviewer="the form&#39;s authors, with the Vietnamese">"#))
        var rows = csvRows(set.csv())
        let title = try #require(rows.firstIndex { $0.hasPrefix("pakn:title,") })
        rows[title] = #"pakn:title,"Phản ánh, kiến nghị về quy định hành chính",,Feedback on administrative regulations,draft,,"#
        // act
        let outcome = try importFile(rows.joined(separator: "\r\n"), into: directory)
        // validate: one draft, so English is a draft; the language's entry keeps its name
        #expect(outcome.written == 1 && outcome.status == .draft)
        #expect(counts(outcome.coverage) == [set.units.count - 1, 1, 0, 0, set.units.count])
        let text = try String(contentsOf: directory.appendingPathComponent("pakn.yaml"), encoding: .utf8)
        #expect(text.contains("\n  en: {status: draft, written_by: \"\(authors)\"}\n"))
        let form = try #require(FormCatalog.load(directory: directory).form(id: "pakn"))
        #expect(form.status(of: form.title, in: "en") == .draft && form.reviewer(of: form.title, in: "en") == nil)
        #expect(form.writtenBy["en"] == authors)
    }
}
