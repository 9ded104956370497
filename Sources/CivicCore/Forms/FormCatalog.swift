import Foundation

/// All forms of a directory and the interface strings: what the server loads at start-up.
///
/// A catalog guarantees: every form is valid, form ids are unique and each matches its file name
/// (`Forms/<id>.yaml`), the UI strings passed their checks (see ``UIStrings``), and at most one
/// form, a survey, is the default for metrics.
public struct FormCatalog: Sendable, Hashable {
    /// Forms by id.
    public let forms: [String: FormDefinition]
    public let ui: UIStrings
    /// The survey form whose file says `metrics_default: true`: the one a satisfaction figure
    /// counts when the request names no form. Nil when no file says so (figures then pool every
    /// form and say so).
    public let metricsDefaultFormID: String?
    /// How a kiosk shows each form whose file says (`kiosk_layout:`); see ``kioskLayout(of:)``.
    public let kioskLayouts: [String: KioskLayout]

    /// - Precondition: `metricsDefaultFormID`, when given, is one of `forms`.
    public init(forms: [FormDefinition], ui: UIStrings, metricsDefaultFormID: String? = nil,
                kioskLayouts: [String: KioskLayout] = [:]) {
        self.forms = Dictionary(forms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.ui = ui
        precondition(metricsDefaultFormID.map { id in forms.contains { $0.id == id } } ?? true,
                     "the default form for metrics must be in the catalog")
        self.metricsDefaultFormID = metricsDefaultFormID
        self.kioskLayouts = kioskLayouts
    }

    /// How a kiosk shows the form: its file's `kiosk_layout`, else the whole form on one page.
    public func kioskLayout(of formID: String) -> KioskLayout {
        kioskLayouts[formID] ?? .wholeForm
    }

    /// The survey forms, sorted by id: those a satisfaction figure can be about.
    public var surveyFormIDs: [String] { formIDs.filter { forms[$0]?.kind == .survey } }

    /// The form ids, sorted.
    public var formIDs: [String] { forms.keys.sorted() }

    public func form(id: String) -> FormDefinition? { forms[id] }

    /// Translation coverage of every form (by id) and then of the UI strings.
    public func coverage() -> [TranslationCoverage] {
        formIDs.flatMap { forms[$0]?.coverage() ?? [] } + ui.coverage()
    }
}
