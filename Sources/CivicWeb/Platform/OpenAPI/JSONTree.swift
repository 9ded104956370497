import Foundation

/// A JSON value written as Swift literals, with object members kept in the order they are written
/// (the OpenAPI document reads top-down: `summary` before `responses`). Serialised by
/// ``serialized()``; strings are escaped as RFC 8259 requires.
indirect enum JSONTree: Sendable, Hashable {
    case object([Member])
    case array([JSONTree])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    struct Member: Sendable, Hashable {
        let name: String
        let value: JSONTree
    }

    /// The member `name` of an object; nil for other values or a missing member.
    subscript(name: String) -> JSONTree? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    /// Compact JSON text.
    func serialized() -> String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                output += ResponseExportWriter.json(member.name) + ":"
                member.value.write(to: &output)
            }
            output += "}"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case .string(let text):
            output += ResponseExportWriter.json(text)
        case .number(let value):
            output += value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .null:
            output += "null"
        }
    }
}

extension JSONTree: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(arrayLiteral elements: JSONTree...) { self = .array(elements) }
    /// Members in the order written.
    init(dictionaryLiteral elements: (String, JSONTree)...) {
        self = .object(elements.map { Member(name: $0.0, value: $0.1) })
    }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(floatLiteral value: Double) { self = .number(value) }
}
