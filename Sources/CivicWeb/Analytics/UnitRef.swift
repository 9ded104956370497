import CivicStore

/// A unit as the analytics API names it: `{"code": "LC.STP", "name": "Sở Tư pháp"}`, the name in
/// the requested language when the register has it, else in Vietnamese. Two rows are not units:
/// the whole service (`{"code": null, "name": "Toàn bộ dịch vụ"}`: no unit named, or no register)
/// and what names no unit (`{"code": "", "name": "Không ghi đơn vị"}`, the breakdown key "").
struct UnitRef: Codable, Sendable, Hashable {
    let code: String?
    let name: String

    init(code: String, names: [String: String], text: AnalyticsText) {
        self.init(code: code, name: text.unitName(names, code: code))
    }

    private init(code: String?, name: String) {
        self.code = code
        self.name = name
    }

    init(_ unit: UnitStore.Unit, text: AnalyticsText) {
        self.init(code: unit.code, names: unit.names, text: text)
    }

    /// The unit, or the whole service for nil.
    init(_ unit: UnitStore.Unit?, text: AnalyticsText) {
        if let unit {
            self.init(unit, text: text)
        } else {
            self.init(code: nil, name: text.text("whole_service"))
        }
    }

    private enum CodingKeys: String, CodingKey { case code, name }

    /// Writes `code` as `null` for the whole service.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
    }

    /// The code for CSV cells and file names: empty for the whole service.
    var codeText: String { code ?? "" }
}
