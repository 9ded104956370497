import Foundation
import Testing
@testable import CivicCore

@Suite struct UIStringsTests {
    private var baseYAML: String {
        UIStrings.requiredKeys.map { key in
            switch key {
            case "error.out_of_range": "\(key): Giá trị phải từ {min} đến {max}."
            case "form.submit": "\(key): Gửi"
            default: "\(key): \(key) (vi)"
            }
        }.joined(separator: "\n") + "\n"
    }

    private func base() throws -> UIStrings.Table {
        try UIStrings.parseTable(yaml: baseYAML, file: "ui/vi.yaml", language: "vi")
    }

    private func issues(_ yaml: String, language: String, base: UIStrings.Table?) -> [String] {
        do {
            _ = try UIStrings.parseTable(yaml: yaml, file: "ui/\(language).yaml", language: language, base: base)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func baseLanguageMustDefineEveryRequiredKey() {
        let yaml = baseYAML.replacingOccurrences(of: "form.submit: Gửi\n", with: "")
        #expect(issues(yaml, language: "vi", base: nil) == [
            "ui/vi.yaml:1:1: missing key 'form.submit': the base language must define every interface string",
        ])
        #expect(issues("_status: draft\n" + baseYAML, language: "vi", base: nil) == [
            "ui/vi.yaml:1:10: _status: the base language's strings must be complete",
        ])
    }

    @Test func otherLanguagesMayOnlyTranslateKnownKeysWithKnownPlaceholders() throws {
        let yaml = """
        _status: draft
        form.submt: Send
        error.out_of_range: Between {min} and {maximum}.
        Form.Submit: Send
        thanks.title: 42
        thanks.text: ""
        """
        let found = issues(yaml, language: "en", base: try base())
        #expect(found == [
            "ui/en.yaml:2:1: form.submt: unknown key 'form.submt': ui/vi.yaml does not define it; did you mean 'form.submit'?",
            "ui/en.yaml:3:21: error.out_of_range: {max} of the Vietnamese text is missing; {maximum} is not filled for this key; "
                + "the Vietnamese text uses {max}, {min}",
            "ui/en.yaml:4:1: Form.Submit: 'Form.Submit' is not a valid key: lowercase words of letters, digits and '_', joined by '.'",
            "ui/en.yaml:6:14: thanks.text: must not be empty",
        ])
    }

    @Test func aCompleteTranslationDefinesEveryBaseKey() throws {
        let base = UIStrings.Table(language: "vi", status: .complete, strings: ["a": "A", "b": "B", "c": "C"])
        #expect(issues("_status: complete\n_written_by: A\na: A\n", language: "en", base: base) == [
            "ui/en.yaml:1:1: missing key 'b', yet '_status: complete'; translate it or mark the file draft",
            "ui/en.yaml:1:1: missing key 'c', yet '_status: complete'; translate it or mark the file draft",
        ])
        #expect(issues("_status: draft\na: A\n", language: "en", base: base) == [])
    }

    @Test func aFileThatSaysNothingIsADraft() throws {
        let table = try UIStrings.parseTable(yaml: "form.submit: Xa mus\n", file: "ui/hmn.yaml", language: "hmn", base: try base())
        #expect(table.status == .draft)
        #expect(table.strings == ["form.submit": "Xa mus"])
    }

    @Test func textFallsBackPerKeyAndFormatsPlaceholders() throws {
        let hmn = UIStrings.Table(language: "hmn", status: .draft, strings: ["form.submit": "Xa mus"])
        let strings = UIStrings(tables: [try base(), hmn])
        let chain = LanguageChain(requested: "hmn")
        #expect(strings.text("form.submit", for: chain) == ResolvedText(text: "Xa mus", language: "hmn", fellBack: false))
        #expect(strings.text("thanks.title", for: chain) == ResolvedText(text: "thanks.title (vi)", language: "vi", fellBack: true))
        #expect(strings.text("no.such.key", for: chain) == ResolvedText(text: "no.such.key", language: "vi", fellBack: true))
        let error = AnswerError(questionID: "q", code: .outOfRange, parameters: ["min": "1", "max": "5"])
        #expect(strings.message(for: error, in: chain).text == "Giá trị phải từ 1 đến 5.")
        #expect(strings.coverage().map(\.language) == ["vi", "hmn"])
        #expect(strings.coverage().last?.translated == 1)
    }

    @Test func placeholderFilling() {
        #expect(UIStrings.fill("từ {min} đến {max}", with: ["min": "1", "max": "5"]) == "từ 1 đến 5")
        #expect(UIStrings.fill("{unknown} {min} {", with: ["min": "1"]) == "{unknown} 1 {")
        #expect(UIStrings.placeholders(in: "{a} {b_c} {not valid} {}") == ["a", "b_c"])
    }

    @Test func shippedUIStringsCoverEveryAnswerErrorMessage() throws {
        let catalog = try FormCatalog.load(directory: formsDirectory())
        for code in AnswerError.Code.allCases {
            let key = AnswerError(questionID: "q", code: code).messageKey
            #expect(catalog.ui.tables["vi"]?.strings[key] != nil, "vi lacks \(key)")
            #expect(catalog.ui.tables["en"]?.strings[key] != nil, "en lacks \(key)")
        }
        let tooLong = AnswerError(questionID: "q", code: .tooLong, parameters: ["maxLength": "2000"])
        #expect(catalog.ui.message(for: tooLong, in: LanguageChain(requested: "en")).text
            == "The text is longer than 2000 characters.")
    }
}
