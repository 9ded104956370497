import Foundation
import Testing
@testable import CivicCore

/// `[reviewed, draft, stale, missing, total]`, to compare with a count by hand.
func counts(_ coverage: TranslationCoverage) -> [Int] {
    [coverage.reviewed, coverage.draft, coverage.stale, coverage.missing, coverage.total]
}

/// The per-string status in form files: how it is written, checked, counted and shown.
@Suite struct TranslationRecordTests {
    private func fingerprint(_ text: String) -> String { TranslationRecord.sourceFingerprint(of: text) }

    /// Five strings, one of each kind in hmn: reviewed, draft (plain), draft (recorded), stale, missing.
    private func formWithEveryStatus() -> String {
        """
        id: t
        version: 1
        kind: survey
        base_language: vi
        languages: {vi: complete, hmn: draft}
        title:
          vi: Tiêu đề
          hmn: {text: Lub npe, status: reviewed, reviewer: Giàng A Páo, source: \(fingerprint("Tiêu đề"))}
        intro:
          vi: Giới thiệu
          hmn: Qhia
        sections:
          - id: s
            title:
              vi: Phần
              hmn: {text: Ntu, status: draft, source: \(fingerprint("Phần"))}
            questions:
              - id: q1
                type: yes_no
                label:
                  vi: Câu hỏi mới
                  hmn: {text: Lo lus nug, status: reviewed, reviewer: Giàng A Páo, source: \(fingerprint("Câu hỏi cũ"))}
              - id: q2
                type: yes_no
                label: {vi: Câu 2}

        """
    }

    @Test func coverageEqualsACountByHand() throws {
        let form = try #require(parseValid(formWithEveryStatus()))
        // By hand: title reviewed; intro plain = draft; section title draft; q1 stale (its source
        // was "Câu hỏi cũ"); q2 missing.
        let hmn = try #require(form.coverage().first { $0.language == "hmn" })
        #expect(counts(hmn) == [1, 2, 1, 1, 5])
        #expect(hmn.translated == 3 && !hmn.isComplete)
        let vi = try #require(form.coverage().first { $0.language == "vi" })
        #expect(counts(vi) == [5, 0, 0, 0, 5] && vi.isComplete)
    }

    @Test func aStaleStringFallsBackToVietnamese() throws {
        let form = try #require(parseValid(formWithEveryStatus()))
        let page = form.resolved(for: LanguageChain(requested: "hmn"))
        #expect(page.title == ResolvedText(text: "Lub npe", language: "hmn", fellBack: false))
        let q1 = page.sections[0].questions[0].label
        #expect(q1 == ResolvedText(text: "Câu hỏi mới", language: "vi", fellBack: true))
        #expect(page.fallbacks == ["sections[0].questions[0].label", "sections[0].questions[1].label"])
    }

    @Test func recordsSurviveTheCanonicalJSONAndPlainTextKeepsItsOldShape() throws {
        let form = try #require(parseValid(formWithEveryStatus()))
        let json = String(decoding: try form.canonicalJSON(), as: UTF8.self)
        #expect(json.contains(#""intro":{"hmn":"Qhia","vi":"Giới thiệu"}"#))
        #expect(json.contains(#""hmn":{"review":"reviewed","reviewer":"Giàng A Páo","source":""#))
        #expect(try FormDefinition(canonicalJSON: Data(json.utf8)) == form)
    }

    @Test func theNewKeysAreCheckedLineByLine() {
        let yaml = """
            id: t
            version: 1
            kind: survey
            base_language: vi
            languages: {vi: complete, hmn: draft}
            title:
              vi: {text: Tiêu đề, status: draft, source: 12345678}
              hmn: {text: Lub npe, status: stale, source: 12345678}
            sections:
              - id: s
                title:
                  vi: Phần
                  hmn: {text: Ntu, status: reviewed, source: 1234}
                questions:
                  - id: q1
                    type: yes_no
                    label:
                      vi: Câu 1
                      hmn: {txt: Lo lus, status: draft, reviewer: A, source: 12345678}

            """
        #expect(issues(in: yaml) == [
            "t.yaml:7:7: title.vi: the base language is the source text: write it as plain text, without status or source",
            "t.yaml:8:32: title.hmn.status: 'stale' is worked out from 'source', not written: write draft or reviewed",
            "t.yaml:13:12: sections[0].title.hmn: a reviewed translation names its reviewer: add 'reviewer: <name>'",
            "t.yaml:13:50: sections[0].title.hmn.source: '1234' is not a source fingerprint: 8 lowercase hexadecimal digits "
                + "of the SHA-256 of the Vietnamese text (civicvoice translations import writes it)",
            "t.yaml:19:16: sections[0].questions[0].label.hmn: missing required key 'text'",
            "t.yaml:19:17: sections[0].questions[0].label.hmn.txt: unknown key 'txt'; did you mean 'text'?",
            "t.yaml:19:55: sections[0].questions[0].label.hmn.reviewer: a draft has no reviewer: mark it 'status: reviewed' or remove 'reviewer'",
        ])
    }

    @Test func aCompleteLanguageMustBeReviewedAndCurrent() {
        let yaml = """
            id: t
            version: 1
            kind: survey
            base_language: vi
            languages: {vi: complete, hmn: complete}
            title:
              vi: Tiêu đề
              hmn: Lub npe
            sections:
              - id: s
                title:
                  vi: Phần
                  hmn: {text: Ntu, status: reviewed, reviewer: A, source: 00000000}
                questions:
                  - id: q1
                    type: yes_no
                    label: {vi: Câu 1, hmn: {text: Lo lus, status: reviewed, reviewer: A, source: \(fingerprint("Câu 1"))}}

            """
        #expect(issues(in: yaml) == [
            "t.yaml:8:8: title.hmn: 'hmn' is a draft, yet 'languages' marks it complete; have it reviewed "
                + "(status: reviewed, reviewer: <name>) or mark the language draft",
            "t.yaml:13:12: sections[0].title.hmn: 'hmn' is stale: the Vietnamese changed after it was translated, yet "
                + "'languages' marks it complete; translate it again or mark the language draft",
        ])
    }

    @Test func lengthLimitsHoldInTheFile() {
        let long = String(repeating: "a", count: 201)
        let yaml = minimalForm().replacingOccurrences(of: "title: {vi: Tiêu đề}", with: "title: {vi: \(long)}")
        #expect(issues(in: yaml) == ["t.yaml:6:13: title.vi: 201 characters long; at most 200 fit here"])
    }

    /// English written by the form's authors with the Vietnamese: the language's entry names them,
    /// and its plain strings count as reviewed by them; a string with its own record keeps it.
    private func formWrittenByItsAuthors(english: String = "en: Title") -> String {
        """
        id: t
        version: 1
        kind: survey
        base_language: vi
        languages:
          vi: complete
          en: {status: complete, written_by: "the form's authors, with the Vietnamese"}
        title:
          vi: Tiêu đề
          \(english)
        sections:
          - id: s
            title: {vi: Phần, en: Part}
            questions:
              - id: q1
                type: yes_no
                label: {vi: Câu 1, en: Question 1}

        """
    }

    @Test func plainStringsOfALanguageWrittenByItsAuthorsCountAsReviewedByThem() throws {
        let form = try #require(parseValid(formWrittenByItsAuthors()))
        #expect(form.languages["en"] == .complete)
        #expect(form.writtenBy == ["en": "the form's authors, with the Vietnamese"])
        let en = try #require(form.coverage().first { $0.language == "en" })
        #expect(counts(en) == [3, 0, 0, 0, 3] && en.isComplete)
        #expect(form.status(of: form.title, in: "en") == .reviewed)
        #expect(form.reviewer(of: form.title, in: "en") == "the form's authors, with the Vietnamese")
        // The stored copy keeps the name; a form that names nobody keeps the JSON it had before.
        #expect(try FormDefinition(canonicalJSON: form.canonicalJSON()) == form)
        let unnamed = try #require(parseValid(minimalForm()))
        #expect(!String(decoding: try unnamed.canonicalJSON(), as: UTF8.self).contains("writtenBy"))
        #expect(form.baseLanguageProjection.writtenBy.isEmpty)
    }

    @Test func aStringWithItsOwnRecordKeepsItInALanguageWrittenByItsAuthors() {
        let draft = "en: {text: Title, status: draft, source: \(fingerprint("Tiêu đề"))}"
        #expect(issues(in: formWrittenByItsAuthors(english: draft)) == [
            "t.yaml:10:7: title.en: 'en' is a draft, yet 'languages' marks it complete; have it reviewed "
                + "(status: reviewed, reviewer: <name>) or mark the language draft",
        ])
    }

    @Test func theLanguageRecordIsCheckedLineByLine() {
        let yaml = """
            id: t
            version: 1
            kind: survey
            base_language: vi
            languages:
              vi: {status: complete, written_by: Somebody}
              en: {written_by: "", tone: formal}
            title: {vi: Tiêu đề}
            sections:
              - id: s
                title: {vi: Phần}
                questions:
                  - {id: q1, type: yes_no, label: {vi: Câu 1}}

            """
        #expect(issues(in: yaml) == [
            "t.yaml:6:38: languages.vi.written_by: the base language is the source text: nobody is named for it",
            "t.yaml:7:7: languages.en: missing required key 'status'",
            "t.yaml:7:20: languages.en.written_by: must not be empty",
            "t.yaml:7:24: languages.en.tone: unknown key 'tone'; expected one of: status, written_by",
        ])
    }

    @Test func anInterfaceFileWrittenByItsAuthorsCountsItsPlainStringsAsReviewed() throws {
        let base = UIStrings.Table(language: "vi", status: .complete, strings: ["a.b": "A", "c.d": "C"])
        let en = try UIStrings.parseTable(yaml: "_status: complete\n_written_by: The authors\na.b: A\nc.d: C\n",
                                          file: "ui/en.yaml", language: "en", base: base)
        #expect(en.writtenBy == "The authors")
        let ui = UIStrings(tables: [base, en])
        #expect(ui.status(of: "a.b", in: "en") == .reviewed && ui.reviewer(of: "a.b", in: "en") == "The authors")
        #expect(ui.coverage().first { $0.language == "en" }?.isComplete == true)
        #expect(throws: FormValidationErrors.self) {
            try UIStrings.parseTable(yaml: "_status: complete\na.b: A\nc.d: C\n", file: "ui/en.yaml", language: "en", base: base)
        }
    }
}
