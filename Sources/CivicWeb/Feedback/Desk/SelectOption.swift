import CivicStore

/// One `<option>` of a `<select>` (or one check box of a group) on the staff pages.
struct SelectOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

extension SelectOption {
    /// A unit, shown by its name in `language` (else in Vietnamese) and its code.
    init(unit: UnitStore.Unit, language: String, selected: Bool) {
        self.init(value: unit.code, label: "\(Self.name(of: unit, in: language)) (\(unit.code))", selected: selected)
    }

    /// A unit's name in `language`, else in Vietnamese, else its code.
    static func name(of unit: UnitStore.Unit, in language: String) -> String {
        unit.names[language] ?? unit.names["vi"] ?? unit.code
    }
}
