import CivicCore
import CivicStore

/// `GET /staff/admin/units`: the unit tree, every unit of every period, with its effective dates
/// and its successions both ways, and the form that uploads a register (YAML or CSV) for a preview.
struct AdminUnitsPage: Sendable {
    struct Row: Sendable {
        let code: String
        let name: String
        let kind: String
        let from: String
        let to: String
        let inEffect: Bool
        let successors: String
        let predecessors: String
        /// Indentation by depth in the tree, as a CSS length.
        let indent: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let rows: [Row]
    let hasRows: Bool
    let notice: String?
    let csrf: String

    init(units: [UnitStore.Unit], today: CalendarDate, page: StaffPageRenderer.Page, notice: String?) {
        let text = page.text
        chrome = page.chrome(text.text("staff.units.title"))
        t = text.labels("staff.units")
        var children: [String: [UnitStore.Unit]] = [:]
        let codes = Set(units.map(\.code))
        for unit in units {
            children[unit.parentCode.flatMap { codes.contains($0) ? $0 : nil } ?? "", default: []].append(unit)
        }
        var predecessors: [String: [String]] = [:]
        for unit in units {
            for successor in unit.successors { predecessors[successor, default: []].append(unit.code) }
        }
        var rows: [Row] = []
        func visit(_ parent: String, depth: Int) {
            let sorted = (children[parent] ?? []).sorted {
                VietnameseText.collationKey(text.unitName($0.names, code: $0.code))
                    < VietnameseText.collationKey(text.unitName($1.names, code: $1.code))
            }
            for unit in sorted {
                let inEffect = unit.effectiveFrom <= today && unit.effectiveTo.map { $0 > today } ?? true
                rows.append(Row(code: unit.code, name: text.unitName(unit.names, code: unit.code), kind: unit.kind,
                                from: unit.effectiveFrom.description, to: unit.effectiveTo?.description ?? "—",
                                inEffect: inEffect, successors: unit.successors.isEmpty ? "—" : unit.successors.joined(separator: ", "),
                                predecessors: (predecessors[unit.code] ?? []).sorted().joined(separator: ", "),
                                indent: "\(Double(depth) * 1.25)rem"))
                if depth < 32 { visit(unit.code, depth: depth + 1) }
            }
        }
        visit("", depth: 0)
        self.rows = rows
        hasRows = !rows.isEmpty
        self.notice = notice
        csrf = page.token("/staff/admin/units/preview")
    }
}
