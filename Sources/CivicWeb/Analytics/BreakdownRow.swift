/// One row of a breakdown: its key and label, a few row-specific fields, and the figures flattened
/// into the same object, so a satisfaction row reads
/// `{"key": "LC.STP", "label": "Sở Tư pháp", "respondents": 120, "rate": 0.91, "satisfied": …, "ci95": …}`.
struct BreakdownRow<Figures: Encodable & Sendable>: Encodable, Sendable {
    /// A row-specific field; `null` values are written, so each row of one breakdown has one shape.
    enum Extra: Encodable, Sendable {
        case int(Int?)
        case string(String?)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    let key: String
    let label: String
    var extras: [String: Extra] = [:]
    let figures: Figures

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(key, forKey: Key("key"))
        try container.encode(label, forKey: Key("label"))
        for (name, value) in extras.sorted(by: { $0.key < $1.key }) {
            try container.encode(value, forKey: Key(name))
        }
        try figures.encode(to: encoder)
    }
}

/// A breakdown as the metrics API shows it: `{"by": "unit", "rows": [...]}`.
struct BreakdownView<Figures: Encodable & Sendable>: Encodable, Sendable {
    let by: String
    let rows: [BreakdownRow<Figures>]
}
