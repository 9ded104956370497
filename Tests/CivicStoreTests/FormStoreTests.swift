import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct FormStoreTests {
    private func form(hmn: String, vi: String = "Tiêu đề") throws -> FormDefinition {
        try FormDefinition.parse(yaml: """
            id: t
            version: 1
            kind: survey
            base_language: vi
            languages: {vi: complete, hmn: draft}
            title: {vi: \(vi), hmn: \(hmn)}
            sections:
              - id: s
                title: {vi: Phần}
                questions:
                  - {id: q1, type: yes_no, label: {vi: Câu 1}}
            """, file: "t.yaml")
    }

    @Test func aTranslationChangesUnderTheSameVersionButTheVietnameseDoesNot() async throws {
        try await TestDatabase.withMigratedDatabase { _, url in
            // setup: as the server connects, in the role of 0009_application_role.sql, which may
            // UPDATE form_versions (the translation-only change needs it)
            let database = Database(url: TestDatabase.url(url, as: TestDatabase.applicationRole), maximumConnections: 2,
                                    deadline: .seconds(30), logger: TestDatabase.logger)
            try await database.whileRunning {
                try await self.translationOnlyChange(FormStore(database: database))
            }
        }
    }

    private func translationOnlyChange(_ store: FormStore) async throws {
        #expect(try await store.synchronise([form(hmn: "Lub npe")], logger: TestDatabase.logger) == ["t v1": .stored])
        // act: a translator's import changed the Hmong title only
        let translated = try form(hmn: "Lub npe tshiab")
        let outcome = try await store.synchronise([translated], logger: TestDatabase.logger)
        // validate
        #expect(outcome == ["t v1": .translationsUpdated])
        #expect(try await store.allVersions(logger: TestDatabase.logger) == [translated])
        #expect(try await store.synchronise([translated], logger: TestDatabase.logger) == ["t v1": .unchanged])
        await #expect(throws: FormStoreError.changedUnderSameVersion(form: "t", version: 1)) {
            try await store.synchronise([self.form(hmn: "Lub npe tshiab", vi: "Tiêu đề mới")], logger: TestDatabase.logger)
        }
        #expect(try await store.allVersions(logger: TestDatabase.logger) == [translated], "nothing stored")
    }
}
