import CivicCore
import CivicStore

/// `GET /staff/paper` (`staff-paper.mustache`): the open batches of paper forms within the
/// clerk's grants, and the form that opens a new one for a stack on the desk.
struct PaperIndexPage: Sendable {
    /// What was typed in the opening form, shown again when it was refused.
    struct Typed: Sendable {
        var form = ""
        var unit = ""
        var paperDate = ""
        var count = ""
        var doubleEntry = false
        var label = ""
    }

    struct Row: Sendable {
        let href: String
        let batch: String
        let form: String
        let unit: String
        let paperDate: String
        let count: Int
        let doubleEntry: String
        let openedBy: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let rows: [Row]
    let hasRows: Bool
    let forms: [SelectOption]
    let unit: UnitSelector
    let typed: Typed
    let errors: [String]
    let hasErrors: Bool
    let csrf: String

    init(page: StaffPageRenderer.Page, batches: [PaperBatchStore.Batch], surveys: [FormDefinition], registry: FormRegistry,
         units: [UnitStore.Unit], typed: Typed, errors: [String], today: CalendarDate, csrf: String) {
        let text = page.text
        chrome = page.chrome(text.text("staff.paper.title"))
        t = text.labels("staff.paper")
        let names = Dictionary(units.map { ($0.code, text.unitName($0.names, code: $0.code)) }, uniquingKeysWith: { a, _ in a })
        rows = batches.map { batch in
            Row(href: PaperEntryController.batchPath(batch.id),
                batch: text.format("staff.paper.batch_title", ["id": "\(batch.id)"]) + (batch.label.isEmpty ? "" : ": \(batch.label)"),
                form: registry.definition(batch.formID, version: batch.formVersion)?.title.resolved(for: text.chain).text
                    ?? batch.formID,
                unit: "\(names[batch.unitCode] ?? batch.unitCode) (\(batch.unitCode))", paperDate: batch.paperDate.description,
                count: batch.declaredCount, doubleEntry: text.text(batch.doubleEntry ? "staff.paper.yes" : "staff.paper.no"),
                openedBy: batch.createdBy)
        }
        hasRows = !rows.isEmpty
        let chosen = typed.form.isEmpty ? surveys.first?.id : typed.form
        forms = surveys.map { SelectOption(value: $0.id, label: $0.title.resolved(for: text.chain).text, selected: $0.id == chosen) }
        // A clerk of one unit has nothing to choose: it is chosen for them.
        self.unit = UnitSelector(units: units, selected: typed.unit.isEmpty ? (units.count == 1 ? units.first?.code : nil) : typed.unit,
                                 filter: nil, text: text, hasFilter: false)
        var shown = typed
        if shown.paperDate.isEmpty { shown.paperDate = today.description }
        self.typed = shown
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.csrf = csrf
    }
}
