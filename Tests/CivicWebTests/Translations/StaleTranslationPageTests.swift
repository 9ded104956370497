import CivicCore
import CivicTestSupport
import CivicWeb
import Foundation
import HummingbirdTesting
import Testing

/// A translation made from an older Vietnamese text is not shown to citizens: the page gives the
/// current Vietnamese, marked as such, until someone translates or confirms it again.
@Suite(.timeLimit(.minutes(2)))
struct StaleTranslationPageTests {
    static let oldTitle = "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước"
    static let newTitle = "Khảo sát sự hài lòng của người dân, tổ chức đối với cơ quan hành chính nhà nước"
    /// The RPA draft already in Forms/sipas.yaml.
    static let hmongTitle = "Daim ntawv nug txog kev txaus siab rau kev pab cuam ntawm tsoom fwv"

    private func title(of page: String) -> String? {
        guard let start = page.range(of: "<h1"), let end = page.range(of: "</h1>", range: start.upperBound..<page.endIndex)
        else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }

    private func sipasTitle(forms directory: URL) async throws -> String? {
        let forms = try FormRegistry.load(directory: directory.path)
        return try await TestApp.withApp(forms: forms) { client, _ in
            var browser = BrowserSession()
            let response = try await browser.get(client, "/f/sipas?lang=hmn")
            #expect(response.status == .ok)
            return title(of: String(buffer: response.body))
        }
    }

    @Test func aChangedVietnameseTitleShowsInVietnameseUntilItsHmongIsReviewedAgain() async throws {
        // setup: a copy of Forms/ where the Hmong title of sipas is reviewed against today's Vietnamese
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.repositoryRoot.appendingPathComponent("Forms"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = try FormCatalog.load(directory: directory)
        let rows = try TranslationSet.make(catalog: catalog, target: "sipas", language: "hmn").csv()
            .components(separatedBy: "\r\n")
        // The reviewer's name is test data.
        let csv = [rows[0], "sipas:title,\"\(Self.oldTitle)\",,\(Self.hmongTitle),reviewed,Test reviewer,"]
        let submitted = try SubmittedTranslations.read(Data(csv.joined(separator: "\r\n").utf8), file: "title.csv")
        let url = directory.appendingPathComponent("sipas.yaml")
        let outcome = try TranslationImport.apply(submitted, file: "title.csv", catalog: catalog,
                                                  currentYAML: try String(contentsOf: url, encoding: .utf8),
                                                  interfaceOrder: [], reviewer: nil)
        #expect(outcome.reviewed == 1)
        try Data(try #require(outcome.text).utf8).write(to: url)
        #expect(try await sipasTitle(forms: directory) == "<h1>\(Self.hmongTitle)</h1>")
        // act: the Vietnamese title changes, in a new version of the form
        let changed = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
            .replacingOccurrences(of: "  vi: \(Self.oldTitle)\n", with: "  vi: \(Self.newTitle)\n")
        try Data(changed.utf8).write(to: url)
        // validate: the reader of Hmong gets the new Vietnamese, marked as Vietnamese
        #expect(try await sipasTitle(forms: directory) == "<h1 lang=\"vi\">\(Self.newTitle)</h1>")
        let form = try #require(try FormCatalog.load(directory: directory).form(id: "sipas"))
        #expect(form.title.status(in: "hmn") == .stale)
    }
}
