import CivicCore
import Foundation
import Hummingbird

/// `GET /staff/admin/translations`: how much of each form and of the interface each language
/// translates (the table `civicvoice forms coverage` prints), with every untranslated string
/// listed in Vietnamese, so a translator knows what is left.
struct AdminTranslationsController: Sendable {
    let registry: FormRegistry
    let pages: StaffPageRenderer

    struct Row: Sendable {
        let form: String
        let language: String
        let status: String
        let translated: Int
        let total: Int
        let share: String
        /// The anchor of its list of untranslated strings, when there are any.
        let missingAnchor: String?
    }

    struct Missing: Sendable {
        let anchor: String
        let heading: String
        let strings: [String]
    }

    struct Page: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let rows: [Row]
        let missing: [Missing]
    }

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.translationsPage, handler: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let page = pages.page(request, access: access)
        let catalog = registry.catalog
        let interface = page("staff.translations.interface")
        var rows: [Row] = []
        var missing: [Missing] = []
        for coverage in catalog.coverage() {
            let strings: [String]
            let formName: String
            if let formID = coverage.formID, let form = catalog.form(id: formID) {
                strings = form.untranslatedStrings(in: coverage.language).map { $0.resolved(for: LanguageChain(requested: "vi")).text }
                formName = "\(form.title.resolved(for: page.text.chain).text) (\(formID))"
            } else {
                strings = catalog.ui.untranslatedKeys(in: coverage.language).map {
                    "\($0): \(catalog.ui.text($0, for: LanguageChain(requested: "vi")).text)"
                }
                formName = interface
            }
            let anchor = "missing-\(coverage.formID ?? "ui")-\(coverage.language)"
            rows.append(Row(form: formName, language: coverage.language,
                            status: page("staff.translations.status_\(coverage.status.rawValue)"),
                            translated: coverage.translated, total: coverage.total,
                            share: String(format: "%.0f%%", coverage.share * 100),
                            missingAnchor: strings.isEmpty ? nil : anchor))
            if !strings.isEmpty {
                missing.append(Missing(anchor: anchor, heading: page.text.format("staff.translations.missing_heading",
                                                                                   ["form": formName, "language": coverage.language,
                                                                                    "count": "\(strings.count)"]),
                                       strings: strings))
            }
        }
        let model = Page(chrome: page.chrome(page("staff.translations.title")), t: page.text.labels("staff.translations"),
                         rows: rows, missing: missing)
        return pages.render(model, template: "staff-admin-translations", page: page)
    }
}
