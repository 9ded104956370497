import Foundation
import Testing
@testable import CivicCore

@Suite struct LanguageChainTests {
    @Test(arguments: [
        ("hmn", ["hmn", "vi"]),
        ("hmn-VN", ["hmn-VN", "hmn", "vi"]),
        ("HMN_vn", ["hmn-VN", "hmn", "vi"]),
        // Vietnam's 1961 Hmong script never falls back to the RPA strings of plain hmn.
        ("hmn-Latn-VN", ["hmn-Latn-VN", "vi"]),
        ("HMN-latn-vn", ["hmn-Latn-VN", "vi"]),
        ("zh-hant-tw", ["zh-Hant-TW", "zh", "vi"]),
        ("vi", ["vi"]),
        ("vi-VN", ["vi-VN", "vi"]),
        ("", ["vi"]),
        ("<script>", ["vi"]),
    ])
    func chainForARequestedTag(requested: String, expected: [String]) {
        #expect(LanguageChain(requested: requested).languages == expected)
    }

    @Test func chainForNothingRequestedIsVietnamese() {
        #expect(LanguageChain(requested: nil).languages == ["vi"])
        #expect(LanguageChain([]).languages == ["vi"])
        #expect(LanguageChain(["en", "EN", "vi"]).languages == ["en", "vi"])
    }

    @Test func chainFromAcceptLanguage() {
        #expect(LanguageChain(acceptLanguage: "en-US,en;q=0.9,vi;q=0.8").languages == ["en-US", "en", "vi"])
        #expect(LanguageChain(acceptLanguage: "hmn;q=0.5, en").languages == ["en", "hmn", "vi"])
        #expect(LanguageChain(acceptLanguage: "*;q=1, fr;q=0").languages == ["vi"])
        #expect(LanguageChain(acceptLanguage: nil).languages == ["vi"])
    }

    @Test func localizedTextFallsBackAlongTheChain() {
        let text = LocalizedText(["vi": "Gửi", "en": "Submit"])
        #expect(text.resolved(for: LanguageChain(requested: "hmn")) == ResolvedText(text: "Gửi", language: "vi", fellBack: true))
        #expect(text.resolved(for: LanguageChain(requested: "en-GB")) == ResolvedText(text: "Submit", language: "en", fellBack: true))
        #expect(text.resolved(for: LanguageChain(["en"])) == ResolvedText(text: "Submit", language: "en", fellBack: false))
        #expect(text.resolved(for: LanguageChain(requested: "vi")) == ResolvedText(text: "Gửi", language: "vi", fellBack: false))
        // A chain without the base language still finds the Vietnamese text.
        #expect(text.resolved(for: LanguageChain(["fr"])) == ResolvedText(text: "Gửi", language: "vi", fellBack: true))
    }

    @Test func resolvedFormMarksEachFallback() throws {
        // setup: en is a partial draft
        let form = try #require(parseValid(minimalForm()
            .replacingOccurrences(of: "title: {vi: Tiêu đề}", with: "title: {vi: Tiêu đề, en: Title}")
            .replacingOccurrences(of: "{vi: Hai}", with: "{vi: Hai, en: Two}")))
        // act
        let english = form.resolved(for: LanguageChain(requested: "en"))
        let vietnamese = form.resolved(for: LanguageChain(requested: "vi"))
        // validate
        #expect(english.language == "en")
        #expect(english.languageStatus == .draft)
        #expect(english.title == ResolvedText(text: "Title", language: "en", fellBack: false))
        let question = try #require(english.sections.first?.questions.first)
        #expect(question.label == ResolvedText(text: "Câu 1", language: "vi", fellBack: true))
        #expect(question.options?.map(\.label.language) == ["vi", "en"])
        #expect(english.fallbacks == [
            "sections[0].title", "sections[0].questions[0].label", "sections[0].questions[0].options[0].label",
        ])
        #expect(vietnamese.fallbacks == [])
        #expect(vietnamese.languageStatus == .complete)
        // A language the form does not have: Vietnamese, every string a fallback.
        let french = form.resolved(for: LanguageChain(requested: "fr"))
        #expect(french.language == "vi")
        #expect(french.fallbacks.count == 5)
    }

    @Test func resolvedFormHasTheAPIShape() throws {
        let form = try #require(parseValid(minimalForm(appending: """
              - id: q2
                type: text
                multiline: true
                show_if: q1 == 2
                label: {vi: Câu 2}

        """)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(form.resolved(for: LanguageChain(requested: "vi"))), as: UTF8.self)
        #expect(json == """
        {"fallbacks":[],"id":"t","kind":"survey","language":"vi","languageStatus":"complete","sections":[{"id":"s",\
        "questions":[{"id":"q1","label":{"fallback":false,"lang":"vi","text":"Câu 1"},"options":[{"label":\
        {"fallback":false,"lang":"vi","text":"Một"},"value":1},{"label":{"fallback":false,"lang":"vi","text":"Hai"},\
        "value":2}],"required":false,"scale":"s5","type":"scale"},{"id":"q2","label":{"fallback":false,"lang":"vi",\
        "text":"Câu 2"},"maxLength":2000,"multiline":true,"required":false,"showIf":"q1 == 2","type":"text"}],\
        "title":{"fallback":false,"lang":"vi","text":"Phần"}}],"title":{"fallback":false,"lang":"vi","text":"Tiêu đề"},\
        "version":1}
        """)
        let decoded = try JSONDecoder().decode(ResolvedForm.self, from: Data(json.utf8))
        #expect(decoded == form.resolved(for: LanguageChain(requested: "vi")))
    }

    @Test func shippedSipasInHmongIsADraftThatFallsBack() throws {
        let catalog = try FormCatalog.load(directory: formsDirectory())
        let sipas = try #require(catalog.form(id: "sipas")).resolved(for: LanguageChain(requested: "hmn"))
        #expect(sipas.language == "hmn")
        #expect(sipas.languageStatus == .draft)
        #expect(!sipas.title.fellBack && sipas.title.language == "hmn")
        let access = try #require(sipas.sections.first)
        #expect(access.questions[0].label.language == "hmn")
        #expect(access.questions[1].label == ResolvedText(
            text: "Trang thiết bị phục vụ người dân, tổ chức đầy đủ", language: "vi", fellBack: true))
        #expect(sipas.fallbacks.contains("sections[0].questions[1].label"))
        #expect(!sipas.fallbacks.contains("sections[0].questions[0].options[4].label"))
    }
}
