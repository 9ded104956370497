import Foundation
import Testing
@testable import CivicCore

/// Every shipped form and UI file goes out to a translator and comes back unchanged.
@Suite struct TranslationRoundTripTests {
    enum Format: String, CaseIterable { case xliff, csv }

    static let languages = ["en", "hmn", "hmn-Latn-VN"]

    static var targets: [String] {
        let catalog = try? FormCatalog.load(directory: formsDirectory())
        return (catalog?.formIDs ?? []) + [TranslationSet.interfaceTarget]
    }

    @Test(arguments: targets, Format.allCases)
    func anUntouchedExportImportsWithoutChangingAByte(target: String, format: Format) throws {
        // setup
        let directory = formsDirectory()
        let catalog = try FormCatalog.load(directory: directory)
        let order = interfaceOrder(directory)
        for language in Self.languages {
            let set = try TranslationSet.make(catalog: catalog, target: target, language: language, interfaceOrder: order)
            let exported = format == .xliff ? set.xliff() : set.csv()
            let yamlURL = directory.appendingPathComponent(set.yamlPath)
            let before = try Data(contentsOf: yamlURL)
            // act
            let submitted = try SubmittedTranslations.read(Data(exported.utf8), file: "export.\(format.rawValue)")
            let outcome = try TranslationImport.apply(submitted, file: "export", catalog: catalog,
                                                      currentYAML: String(decoding: before, as: UTF8.self),
                                                      interfaceOrder: order, reviewer: nil)
            // validate
            #expect(submitted.units.count == set.units.count, "\(target) \(language) \(format)")
            #expect(outcome.text == nil, "\(target) \(language) \(format): an untouched file must change nothing")
            #expect(outcome.written == 0)
            #expect(try Data(contentsOf: yamlURL) == before)
        }
    }

    @Test func exportedUnitsCarryTheSourceReferenceAndStatus() throws {
        let catalog = try FormCatalog.load(directory: formsDirectory())
        let set = try TranslationSet.make(catalog: catalog, target: "pakn", language: "hmn")
        let title = try #require(set.units.first { $0.id == "title" })
        #expect(title.source == "Phản ánh, kiến nghị về quy định hành chính")
        #expect(title.reference == "Feedback and proposals on administrative regulations")
        #expect(title.translation == "Tawm tswv yim txog cov kev cai tswjfwm")
        #expect(title.status == .draft)
        #expect(set.units.map(\.id).contains("questions.category.options.official_conduct"))
        let xliff = set.xliff()
        #expect(xliff.contains(#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0""#))
        #expect(xliff.contains(#"srcLang="vi" trgLang="hmn""#))
        #expect(xliff.contains(#"<unit id="title" slr:sizeRestriction="200">"#))
        let csv = set.csv()
        #expect(csv.hasPrefix("\u{FEFF}id,vi,en (reference),hmn,status,reviewer,note\r\n"))
        #expect(csv.contains("pakn:title,\"Phản ánh, kiến nghị về quy định hành chính\","))
    }

    @Test func interfacePlaceholdersTravelAsPhElements() throws {
        let catalog = try FormCatalog.load(directory: formsDirectory())
        let set = try TranslationSet.make(catalog: catalog, target: "ui", language: "hmn",
                                          interfaceOrder: interfaceOrder(formsDirectory()))
        let unit = try #require(set.units.first { $0.id == "error.out_of_range" })
        #expect(unit.placeholders == ["max", "min"])
        #expect(set.xliff().contains(#"<ph id="min" equiv="{min}" disp="{min}"/>"#))
    }
}

/// The keys of the shipped `ui/vi.yaml` in file order.
func interfaceOrder(_ directory: URL) -> [String] {
    let text = (try? String(contentsOf: directory.appendingPathComponent("ui/vi.yaml"), encoding: .utf8)) ?? ""
    return UIStrings.keysInFileOrder(yaml: text)
}

/// A copy of the shipped `Forms/` in a fresh temporary directory, for tests that write.
func scratchFormsDirectory() throws -> URL {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: formsDirectory(), to: scratch)
    return scratch
}
