import Foundation

/// All forms of a directory and the interface strings: what the server loads at start-up.
///
/// A catalog guarantees: every form is valid, form ids are unique and each matches its file name
/// (`Forms/<id>.yaml`), and the UI strings passed their checks (see ``UIStrings``).
public struct FormCatalog: Sendable, Hashable {
    /// Forms by id.
    public let forms: [String: FormDefinition]
    public let ui: UIStrings

    public init(forms: [FormDefinition], ui: UIStrings) {
        self.forms = Dictionary(forms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.ui = ui
    }

    /// The form ids, sorted.
    public var formIDs: [String] { forms.keys.sorted() }

    public func form(id: String) -> FormDefinition? { forms[id] }

    /// Translation coverage of every form (by id) and then of the UI strings.
    public func coverage() -> [TranslationCoverage] {
        formIDs.flatMap { forms[$0]?.coverage() ?? [] } + ui.coverage()
    }
}
