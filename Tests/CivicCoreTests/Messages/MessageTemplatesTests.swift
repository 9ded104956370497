import Foundation
import Testing
@testable import CivicCore

/// `Forms/messages/<lang>.yaml`: what the shipped files give, and what the lint refuses.
@Suite struct MessageTemplatesTests {
    private var formsDirectory: URL { workflowFilesDirectory().deletingLastPathComponent() }

    /// A copy of `Forms/` with `messages/` files replaced (nil removes one).
    private func scratchForms(_ replacements: [String: String?]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: formsDirectory, to: directory)
        for (name, contents) in replacements {
            let url = directory.appendingPathComponent("messages/\(name)")
            if let contents {
                try contents.write(to: url, atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(at: url)
            }
        }
        return directory
    }

    @Test func theShippedMessagesRenderInVietnameseAndEnglishAndFallBackToVietnamese() throws {
        // setup
        let messages = try WorkflowSettings.loadWithForms(directory: formsDirectory).workflow.messages
        let values = ["tracking_code": "PAKN.20261203.0001-ABCDEF", "status_link": "https://x.vn/pakn/P",
                      "due_date": "17/12/2026"]
        // act
        let vi = try #require(messages.render(.accepted, for: LanguageChain(requested: "vi"), values: values))
        let en = try #require(messages.render(.accepted, for: LanguageChain(requested: "en"), values: values))
        let hmn = try #require(messages.render(.receipt, for: LanguageChain(requested: "hmn"), values: values))
        // validate
        #expect(vi.subject == "Phản ánh, kiến nghị PAKN.20261203.0001-ABCDEF đã được thụ lý")
        #expect(vi.body.contains("Thời hạn xử lý: đến hết ngày 17/12/2026."))
        #expect(en.language == "en")
        #expect(en.body.contains("by the end of 17/12/2026"))
        #expect(hmn.language == "vi", "no Hmong messages yet: Vietnamese")
        #expect(Set(messages.languages.keys) == ["vi", "en"])
        for (language, templates) in messages.languages {
            #expect(Set(templates.keys) == Set(MessageKind.allCases), "\(language)")
        }
    }

    @Test func unknownAndMissingPlaceholdersAndKindsAreListedByTheLint() throws {
        // setup: English uses a placeholder its kind does not fill and drops the code; Vietnamese
        // lacks a kind; a file is named as no language is
        let vi = try String(contentsOf: formsDirectory.appendingPathComponent("messages/vi.yaml"), encoding: .utf8)
        let withoutPublished = String(vi[..<vi.range(of: "published:")!.lowerBound])
        let directory = try scratchForms([
            "vi.yaml": withoutPublished,
            "en.yaml": """
                receipt:
                  subject: "Received {tracking_code}"
                  body: "See {status_link} by {due_date}"
                accepted:
                  subject: "Accepted"
                  body: "Due {due_date}"
                publishd:
                  subject: x
                  body: y
                """,
            "english.yaml": "receipt: {subject: a, body: b}\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        // act
        let issues = WorkflowSettings.lint(directory: directory).map(\.description)
        // validate
        #expect(issues.count == 10, "\(issues.joined(separator: "\n"))")
        for kind in ["published", "reopened", "reopen_declined", "reminder", "overdue", "digest"] {
            #expect(issues.contains { $0.contains("messages/vi.yaml") && $0.contains("missing message '\(kind)'") })
        }
        #expect(issues.contains { $0.contains("messages/en.yaml") && $0.contains("{due_date} is not filled for 'receipt'") })
        #expect(issues.contains { $0.contains("messages/en.yaml") && $0.contains("'accepted' must say {tracking_code}") })
        #expect(issues.contains { $0.contains("messages/en.yaml") && $0.contains("unknown key 'publishd'; did you mean 'published'?") })
        #expect(issues.contains { $0.contains("messages/english.yaml") && $0.contains("language tag") })
    }

    @Test func withoutVietnameseMessagesTheFormsDoNotLoad() throws {
        let directory = try scratchForms(["vi.yaml": nil])
        defer { try? FileManager.default.removeItem(at: directory) }
        let issues = WorkflowSettings.lint(directory: directory)
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("base language") == true)
    }

    @Test func aSubjectIsOneLine() throws {
        #expect(throws: FormValidationErrors.self) {
            _ = try MessageTemplates.parseFile(yaml: """
                receipt:
                  subject: |
                    Received
                    {tracking_code}
                  body: "{status_link}"
                """, file: "en.yaml", language: "en")
        }
    }
}
