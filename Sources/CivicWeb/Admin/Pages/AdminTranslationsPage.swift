import CivicCore
import Foundation

/// `GET /staff/admin/translations`: how far each form and the interface are translated into each
/// language (what `civicvoice forms coverage` prints: reviewed, draft, stale, missing), a language
/// called complete only when every string is reviewed against the current Vietnamese; the
/// translators' files to download for each, the upload form, and every string still shown in
/// Vietnamese (missing, or stale since its Vietnamese changed).
struct AdminTranslationsPage: Sendable {
    struct Row: Sendable {
        let form: String
        let language: String
        /// The language named in itself (`Hmoob`, `English`).
        let languageName: String
        let status: String
        let complete: Bool
        let reviewed: Int
        let draft: Int
        let stale: Int
        let missing: Int
        let total: Int
        let share: String
        /// The anchor of its list of strings shown in Vietnamese, when there are any.
        let listAnchor: String?
        /// The translators' files (none for Vietnamese, the source).
        let xliff: String?
        let csv: String?
    }

    struct Listed: Sendable {
        let id: String
        let source: String
        let stale: Bool
    }

    struct List: Sendable {
        let anchor: String
        let heading: String
        let strings: [Listed]
    }

    let chrome: StaffChrome
    let t: [String: String]
    let rows: [Row]
    let lists: [List]
    let csrf: String

    init(catalog: FormCatalog, interfaceOrder: [String], page: StaffPageRenderer.Page) {
        let text = page.text
        chrome = page.chrome(text.text("staff.translations.title"))
        t = text.labels("staff.translations")
        csrf = page.token(StaffRoutes.translationsPreviewPage.path)
        var rows: [Row] = []
        var lists: [List] = []
        for coverage in catalog.coverage() {
            let target = coverage.formID ?? TranslationSet.interfaceTarget
            let name = Self.targetName(target, catalog: catalog, text: text)
            let language = coverage.language
            let isBase = language == LanguageChain.baseLanguage
            let set = isBase ? nil : try? TranslationSet.make(catalog: catalog, target: target, language: language,
                                                               interfaceOrder: interfaceOrder)
            let shownInVietnamese = (set?.units ?? []).filter { $0.status == .missing || $0.status == .stale }
            let anchor = "strings-\(target)-\(language)"
            let download = Self.downloadPath(target: target, language: language)
            rows.append(Row(form: name, language: language,
                            languageName: text.ui.text(UIStrings.languageNameKey(language),
                                                       for: LanguageChain(requested: language)).text,
                            status: Self.status(coverage, text: text), complete: coverage.isComplete,
                            reviewed: coverage.reviewed, draft: coverage.draft, stale: coverage.stale,
                            missing: coverage.missing, total: coverage.total,
                            share: String(format: "%.0f%%", coverage.share * 100),
                            listAnchor: shownInVietnamese.isEmpty ? nil : anchor,
                            xliff: isBase ? nil : download + "?format=xliff", csv: isBase ? nil : download + "?format=csv"))
            if !shownInVietnamese.isEmpty {
                lists.append(List(anchor: anchor,
                                  heading: text.format("staff.translations.list_heading",
                                                       ["form": name, "language": language,
                                                        "count": "\(shownInVietnamese.count)"]),
                                  strings: shownInVietnamese.map { Listed(id: $0.id, source: $0.source, stale: $0.status == .stale) }))
            }
        }
        self.rows = rows
        self.lists = lists
    }

    /// Complete only when every string is reviewed against the current Vietnamese (whatever the
    /// file declares); otherwise a draft, or one with stale strings to review.
    static func status(_ coverage: TranslationCoverage, text: StaffPageText) -> String {
        text.text("staff.translations.status_\(coverage.isComplete ? "complete" : coverage.stale > 0 ? "stale" : "draft")")
    }

    /// `/staff/admin/translations/pakn/hmn`.
    static func downloadPath(target: String, language: String) -> String {
        "/staff/admin/translations/\(target)/\(language)"
    }

    /// A form by its title and id, or the interface.
    static func targetName(_ target: String, catalog: FormCatalog, text: StaffPageText) -> String {
        guard let form = catalog.form(id: target) else { return text.text("staff.translations.interface") }
        return "\(form.title.resolved(for: text.chain).text) (\(target))"
    }
}
