import CivicCore
import CivicStore

/// `GET /staff/desks` (`staff-desks.mustache`): the one-stop desks of the units within the
/// caller's grants, and the form that registers one.
struct DesksPage: Sendable {
    /// What was typed in the registering form, shown again when it was refused.
    struct Typed: Sendable {
        var unit = ""
        var label = ""
    }

    struct Row: Sendable {
        let href: String
        let label: String
        let code: String
        let unit: String
        let state: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let rows: [Row]
    let hasRows: Bool
    let unit: UnitSelector
    let typed: Typed
    let errors: [String]
    let hasErrors: Bool
    let csrf: String

    init(page: StaffPageRenderer.Page, desks: [DeskStore.Desk], units: [UnitStore.Unit], typed: Typed, errors: [String],
         csrf: String) {
        let text = page.text
        chrome = page.chrome(text.text("staff.desks.title"))
        t = text.labels("staff.desks")
        let names = Dictionary(units.map { ($0.code, text.unitName($0.names, code: $0.code)) }, uniquingKeysWith: { a, _ in a })
        rows = desks.map { desk in
            Row(href: DeskController.deskPath(desk.id), label: desk.label, code: desk.code,
                unit: "\(names[desk.unitCode] ?? desk.unitCode) (\(desk.unitCode))",
                state: text.text(desk.isRetired ? "staff.desks.state_retired" : "staff.desks.state_active"))
        }
        hasRows = !rows.isEmpty
        // A leader of one unit has nothing to choose: it is chosen for them.
        unit = UnitSelector(units: units, selected: typed.unit.isEmpty ? (units.count == 1 ? units.first?.code : nil) : typed.unit,
                            filter: nil, text: text, hasFilter: false)
        self.typed = typed
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.csrf = csrf
    }
}
