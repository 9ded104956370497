import CivicCore
import CivicStore
import Foundation

/// `POST /staff/admin/units/preview`: what an uploaded register would change (units created,
/// updated, left as they are, and successions), computed by the real import rolled back; or every
/// problem at its line. Confirming posts the same file back to `/staff/admin/units/import`.
struct AdminUnitsPreviewPage: Sendable {
    let chrome: StaffChrome
    let t: [String: String]
    let file: String
    let errors: [String]
    let hasErrors: Bool
    let summary: String?
    let created: [String]
    let updated: [String]
    let successions: [String]
    let hasChanges: Bool
    /// The file, base64, for the confirmation form (what is confirmed is what was previewed).
    let contents: String
    let csrf: String

    init(file: String, contents: String, summary: UnitStore.ImportSummary?, errors: [String], page: StaffPageRenderer.Page) {
        let text = page.text
        chrome = page.chrome(text.text("staff.units.preview_title"))
        t = text.labels("staff.units")
        self.file = file
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.summary = summary.map {
            text.format("staff.units.summary", ["created": "\($0.created)", "updated": "\($0.updated)",
                                                "unchanged": "\($0.unchanged)", "successions": "\($0.successions)"])
        }
        created = summary?.createdCodes ?? []
        updated = summary?.updatedCodes ?? []
        successions = summary?.successionLinks ?? []
        hasChanges = summary.map { $0.created + $0.updated + $0.successions > 0 } ?? false
        self.contents = Data(contents.utf8).base64EncodedString()
        csrf = page.token("/staff/admin/units/import")
    }
}
