import CivicStore

/// A unit as the analytics API names it: `{"code": "LC.STP", "name": "Sở Tư pháp"}`, the name in
/// the requested language when the register has it, else in Vietnamese.
struct UnitRef: Codable, Sendable, Hashable {
    let code: String
    let name: String

    init(code: String, names: [String: String], text: AnalyticsText) {
        self.code = code
        self.name = text.unitName(names, code: code)
    }

    init(_ unit: UnitStore.Unit, text: AnalyticsText) {
        self.init(code: unit.code, names: unit.names, text: text)
    }
}
