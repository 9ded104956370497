import CivicCore
import CivicStore

/// The unit picker of the staff pages: a `<select>` whose options are grouped by parent unit
/// (`<optgroup>`), with a text filter beside it that narrows the options when the form is
/// submitted, so a province's hundred communes can be searched without JavaScript. Rendered by
/// the `unit-selector` partial; the filter's parameter (``filterParameter``) is ignored by the
/// pages' queries.
struct UnitSelector: Sendable {
    struct Group: Sendable {
        let label: String
        let options: [SelectOption]
    }

    static let filterParameter = "unit_q"

    let id: String
    let name: String
    let label: String
    let filterID: String
    let filterName: String
    let filterLabel: String
    let filterValue: String
    /// The empty choice's label, when the field may be left empty.
    let none: String?
    /// Whether the text filter is shown: only in GET forms, where submitting it narrows the list.
    let hasFilter: Bool
    let groups: [Group]
    let noMatch: String?

    /// - Parameters:
    ///   - units: the units the reader may choose from (in scope, in effect).
    ///   - selected: the code chosen now; it stays among the options even when the filter hides it.
    ///   - filter: the text typed in the filter: a unit stays when its name (marks ignored) or its
    ///     code contains it.
    ///   - none: the label of an empty choice, or nil when a unit must be chosen.
    init(units: [UnitStore.Unit], selected: String?, filter: String?, text: StaffPageText, name: String = "unit",
         none: String? = nil, hasFilter: Bool = true) {
        self.hasFilter = hasFilter
        id = "f-\(name)"
        self.name = name
        label = text.text("staff.select.unit")
        filterID = "f-\(name)-q"
        filterName = name == "unit" ? Self.filterParameter : "\(name)_q"
        filterLabel = text.text("staff.select.unit_filter")
        let cleaned = filter.map(VietnameseText.cleanedInput) ?? ""
        filterValue = String(cleaned.prefix(100))
        self.none = none
        let key = VietnameseText.searchKey(filterValue)
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let shown = units.filter { unit in
            unit.code == selected || key.isEmpty
                || VietnameseText.searchKey(text.unitName(unit.names, code: unit.code)).contains(key)
                || unit.code.lowercased().contains(key)
        }
        // Units whose parent is not among the choices head a group of their own with their children.
        var groups: [(parent: String?, units: [UnitStore.Unit])] = []
        for unit in shown {
            let parent = unit.parentCode.flatMap { byCode[$0] != nil ? $0 : nil }
            if let index = groups.firstIndex(where: { $0.parent == parent }) {
                groups[index].units.append(unit)
            } else {
                groups.append((parent, [unit]))
            }
        }
        func collationKey(_ code: String?) -> VietnameseText.CollationKey {
            guard let code, let unit = byCode[code] else { return VietnameseText.collationKey("") }
            return VietnameseText.collationKey(text.unitName(unit.names, code: code))
        }
        self.groups = groups.sorted { collationKey($0.parent) < collationKey($1.parent) }.map { group in
            let label = group.parent.flatMap { byCode[$0] }.map { "\(text.unitName($0.names, code: $0.code)) (\($0.code))" }
                ?? text.text("staff.select.top_level")
            let options = group.units.sorted {
                VietnameseText.collationKey(text.unitName($0.names, code: $0.code))
                    < VietnameseText.collationKey(text.unitName($1.names, code: $1.code))
            }.map { SelectOption(value: $0.code, label: "\(text.unitName($0.names, code: $0.code)) (\($0.code))",
                                 selected: $0.code == selected) }
            return Group(label: label, options: options)
        }
        noMatch = shown.isEmpty ? text.format("staff.select.no_match", ["filter": filterValue]) : nil
    }
}
