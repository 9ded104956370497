import CivicCore
import Foundation
import Testing

struct ReplyTemplatesTests {
    static let yaml = """
        replies:
          - id: resolved_procedure
            category: administrative_procedure
            state: resolved
            title: {vi: Đã xử lý thủ tục}
            text: {vi: "Ngày [[ngày]], [[đơn vị]] đã xử lý.", en: "On [[date]], [[unit]] handled it."}
          - id: resolved_generic
            state: resolved
            title: {vi: Đã xử lý}
            text: {vi: "[[đơn vị]] đã xem xét."}
        """

    @Test func templatesForACategoryComeBeforeTheGeneralOnes() throws {
        let replies = try ReplyTemplates.parse(yaml: Self.yaml, file: "replies.yaml",
                                               knownCategories: ["administrative_procedure", "other"])
        #expect(replies.templates(category: "administrative_procedure", state: .resolved).map(\.id)
            == ["resolved_procedure", "resolved_generic"])
        #expect(replies.templates(category: "other", state: .resolved).map(\.id) == ["resolved_generic"])
        #expect(replies.templates(category: "other", state: .forwarded).isEmpty)
        #expect(replies.template(id: "resolved_procedure")?.text["en"] == "On [[date]], [[unit]] handled it.")
    }

    @Test func everyProblemIsReportedAtItsLine() {
        let bad = """
            replies:
              - id: a
                state: published
                category: nonsense
                title: {en: no Vietnamese}
                text: {vi: x}
              - id: a
                state: resolved
                title: {vi: t}
                text: {vi: x}
            """
        #expect(throws: FormValidationErrors.self) {
            try ReplyTemplates.parse(yaml: bad, file: "replies.yaml", knownCategories: ["other"])
        }
        do {
            _ = try ReplyTemplates.parse(yaml: bad, file: "replies.yaml", knownCategories: ["other"])
        } catch {
            let text = error.issues.map(\.description).joined(separator: "\n")
            #expect(text.contains("replies.yaml:3"), "the state at its line: \(text)")
            #expect(text.contains("nonsense"))
            #expect(text.contains("Vietnamese"))
            #expect(text.contains("used twice"))
        }
    }

    @Test func aReplyWithBlanksLeftIsNotAccepted() {
        #expect(ReplyTemplates.blanks(in: "Ngày [[ngày]], [[đơn vị]] đã xử lý.") == ["[[ngày]]", "[[đơn vị]]"])
        #expect(ReplyTemplates.blanks(in: "Ngày 3/12, Sở đã xử lý. [không phải chỗ trống]").isEmpty)
        let refused = FeedbackWorkflow.apply(TransitionRequest(action: .resolve, publicReply: "[[đơn vị]] đã xem xét."),
                                             to: .inProgress)
        #expect(refused == .failure(.unfilledBlanks("publicReply", blanks: ["[[đơn vị]]"])))
        #expect(FeedbackWorkflow.apply(TransitionRequest(action: .resolve, publicReply: "Sở đã xem xét."), to: .inProgress)
            == .success(.resolved))
    }

    @Test func theShippedTemplatesLoadWithTheForms() throws {
        let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Forms")
        let (_, workflow) = try WorkflowSettings.loadWithForms(directory: forms)
        #expect(workflow.replies.templates.count >= 4)
        for template in workflow.replies.templates {
            #expect(!ReplyTemplates.blanks(in: template.text["vi"] ?? "").isEmpty, "\(template.id) has blanks to fill")
        }
    }
}
