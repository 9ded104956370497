extension CSVWriter {
    /// Appends one field, given as UTF-8 bytes, to a record being built as bytes: exactly the
    /// bytes of what ``appendField(_:to:guardingFormulas:)`` appends for the same text.
    ///
    /// For the response export, which writes tens of millions of fields: appending to a `String`
    /// and making a `String` of each stored value were a third of its time. All six characters
    /// the quoting and the guard look at are ASCII, so the bytes tell them apart.
    public static func appendField(bytes value: UnsafeBufferPointer<UInt8>, to line: inout [UInt8],
                                   guardingFormulas: Bool = true) {
        let plain = !value.contains { $0 == comma || $0 == quote || $0 == 0x0D || $0 == 0x0A }
        let guarded = guardingFormulas && needsFormulaGuard(bytes: value)
        if plain, !guarded {
            line.append(contentsOf: value)
            return
        }
        // The apostrophe is no character that needs quotes: the guarded field needs them when the
        // value does.
        if plain {
            line.append(apostrophe)
            line.append(contentsOf: value)
            return
        }
        line.append(quote)
        if guarded { line.append(apostrophe) }
        for byte in value {
            if byte == quote { line.append(quote) }
            line.append(byte)
        }
        line.append(quote)
    }

    /// ``needsFormulaGuard(_:)`` on UTF-8 bytes.
    static func needsFormulaGuard(bytes value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first, formulaStarts.contains(first) else { return false }
        return !isPlainNumber(bytes: value)
    }

    /// `=`, `+`, `-`, `@`, tab and CR (all ASCII, so the first UTF-8 byte tells).
    private static let formulaStarts: [UInt8] = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// `-?digits(.digits)?` in ASCII digits.
    private static func isPlainNumber(bytes value: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = value.first == UInt8(ascii: "-") ? 1 : 0
        var digitsInPart = 0
        var parts = 1
        while index < value.count {
            let byte = value[index]
            if byte == UInt8(ascii: ".") {
                guard digitsInPart > 0, parts == 1 else { return false }
                parts += 1
                digitsInPart = 0
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digitsInPart += 1
            } else {
                return false
            }
            index += 1
        }
        return digitsInPart > 0
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
}
