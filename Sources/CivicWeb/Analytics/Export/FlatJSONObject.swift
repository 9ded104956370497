/// A fast reader for the common shape of a stored answers object (`responses.answers` as
/// PostgreSQL prints jsonb): one object whose values are numbers, strings, `true`/`false`/`null`,
/// or arrays of numbers and strings, with no escape sequence anywhere.
///
/// It exists for the export, where a general JSON parser per row is most of the cost of a
/// million-row file. Anything else (an escape in a string, a nested object, a syntax error)
/// makes ``scan(_:member:)`` return false, and the caller falls back to a general parser: this
/// reader never guesses.
enum FlatJSONObject {
    /// Where a member's value lies in the text, by byte offsets: nothing is copied out of it.
    enum Span: Equatable, Sendable {
        /// A number's literal (`4`, `2.50`).
        case number(Range<Int>)
        /// A string's content, between its quotes (it holds no escape).
        case string(Range<Int>)
        case bool(Bool)
        case null
        /// What lies between the brackets of an array of numbers and strings; ``items(of:in:_:)``
        /// reads its items.
        case list(Range<Int>)
    }

    /// Calls `member` with each member's key (the range of its content, between its quotes) and
    /// value, in the order of the text; false when `bytes` is not of the shape described on the
    /// type, in which case some members may already have been reported.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, member: (_ key: Range<Int>, _ value: Span) -> Void) -> Bool {
        var reader = Reader(bytes: bytes)
        return reader.object(member)
    }

    /// Calls `item` with the range of each item of a list ``scan(_:member:)`` reported: a
    /// string's content or a number's literal, in order.
    static func items(of list: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, _ item: (Range<Int>) -> Void) {
        var index = list.lowerBound
        while index < list.upperBound {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "\""):
                // The scan checked that the string ends before the list does and holds no escape.
                let start = index + 1
                index = start
                while bytes[index] != UInt8(ascii: "\"") { index += 1 }
                item(start..<index)
                index += 1
            default:
                let start = index
                while index < list.upperBound, Reader.isNumberByte(bytes[index]) { index += 1 }
                item(start..<index)
            }
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func object(_ member: (Range<Int>, Span) -> Void) -> Bool {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return false }
            skipSpace()
            if take(UInt8(ascii: "}")) { return atEnd() }
            while true {
                skipSpace()
                guard let key = string() else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard let value = value() else { return false }
                member(key, value)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return false }
                return atEnd()
            }
        }

        private mutating func value() -> Span? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Span.string)
            case UInt8(ascii: "["): return list().map(Span.list)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return word("null") ? .null : nil
            default: return number().map(Span.number)
            }
        }

        /// The inside of an array of strings and numbers, checked item by item.
        private mutating func list() -> Range<Int>? {
            guard take(UInt8(ascii: "[")) else { return nil }
            let start = index
            skipSpace()
            if take(UInt8(ascii: "]")) { return start..<(index - 1) }
            while true {
                skipSpace()
                guard index < bytes.count else { return nil }
                guard (bytes[index] == UInt8(ascii: "\"") ? string() : number()) != nil else { return nil }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "]")) ? start..<(index - 1) : nil
            }
        }

        /// The content of a string without escapes; nil for one with a backslash (the caller falls back).
        private mutating func string() -> Range<Int>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return start..<(index - 1)
                case UInt8(ascii: "\\"):
                    return nil
                default:
                    index += 1
                }
            }
            return nil
        }

        /// The literal of a JSON number (`-`, digits, `.`, exponent), checked only for its characters.
        private mutating func number() -> Range<Int>? {
            let start = index
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            return start..<index
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }

        private mutating func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
            index += count
            return true
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        private mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }
    }
}
