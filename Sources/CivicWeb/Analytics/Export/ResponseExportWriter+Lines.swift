import CivicCore
import CivicStore
import Foundation

extension ResponseExportWriter {
    /// The rows, one line each with its line ending, as UTF-8.
    ///
    /// CSV is written as bytes straight from the stored answers' text: each value's bytes are
    /// found by ``FlatJSONObject`` and copied into the line (quoted or guarded where
    /// ``CSVWriter`` would), with no `String` per value and no dictionary per row. Building a
    /// `String` per cell and hashing every key was two thirds of a million-row export's time.
    /// A row the fast reader refuses (free text with an escape, anything unusual) goes through
    /// JSONSerialization, to the same cells.
    public func lines(_ rows: [ResponseExportRow]) -> [UInt8] {
        var out: [UInt8] = []
        switch format {
        case .ndjson:
            for row in rows { out.append(contentsOf: ndjsonLine(row).utf8) }
        case .csv:
            out.reserveCapacity(rows.count * (keyBytes.count * 2 + 256))
            var cells = CSVCells(writer: self)
            keyBytes.withUnsafeBufferPointer { keys in
                for row in rows { cells.appendLine(row, keys: keys, to: &out) }
            }
        }
        return out
    }

    /// What one batch's CSV lines share: the spans of the row being written and the text of a
    /// list of choices, kept from row to row so that a row allocates nothing.
    private struct CSVCells {
        let writer: ResponseExportWriter
        let yes: [UInt8], no: [UInt8]
        /// A boolean answer to a question that is not yes/no.
        let trueWord = Array("true".utf8), falseWord = Array("false".utf8)
        var spans: [FlatJSONObject.Span?]
        var list: [UInt8] = []

        init(writer: ResponseExportWriter) {
            self.writer = writer
            yes = Array(writer.yes.utf8)
            no = Array(writer.no.utf8)
            spans = Array(repeating: nil, count: writer.columns.count)
        }

        mutating func appendLine(_ row: ResponseExportRow, keys: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
            var answers = row.answersJSON
            let fast = answers.withUTF8 { appendAnswers(from: $0, keys: keys, to: &out) }
            if !fast { appendAnswersInGeneral(row.answersJSON, to: &out) }
            var first = writer.columns.isEmpty
            func separate() {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
            }
            separate()
            appendID(row.id, to: &out)
            separate()
            ResponseExportWriter.appendVietnamTime(row.submittedAt, to: &out)
            separate()
            out.append(contentsOf: String(row.formVersion).utf8)
            func field(_ value: String) {
                separate()
                var value = value
                value.withUTF8 { CSVWriter.appendField(bytes: $0, to: &out) }
            }
            field(row.unitCode ?? "")
            field(row.language)
            field(row.channel)
            field(row.dossierCode ?? "")
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
        }

        /// The answer cells from the text of the answers, or false (and nothing written) when the
        /// fast reader refuses it.
        private mutating func appendAnswers(from bytes: UnsafeBufferPointer<UInt8>, keys: UnsafeBufferPointer<UInt8>,
                                            to out: inout [UInt8]) -> Bool {
            for index in spans.indices { spans[index] = nil }
            let order = writer.keysInJSONBOrder
            var next = 0
            let read = FlatJSONObject.scan(bytes) { key, span in
                let key = UnsafeBufferPointer(rebasing: bytes[key])
                // Stored keys come in jsonb's order, as the list does: the walk finds each in a
                // step or two. Anything else (a key no version lists) is looked for in the whole
                // list, and left out when it is in none.
                while next < order.count, ResponseExportWriter.precedesInJSONB(keys[order[next].bytes], key) {
                    next += 1
                }
                if next < order.count, Self.equal(UnsafeBufferPointer(rebasing: keys[order[next].bytes]), key) {
                    spans[order[next].column] = span
                } else if let found = order.first(where: { Self.equal(UnsafeBufferPointer(rebasing: keys[$0.bytes]), key) }) {
                    spans[found.column] = span
                }
            }
            guard read else { return false }
            for (index, column) in writer.columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                switch spans[index] {
                case nil, .null?:
                    break
                case .number(let range)?, .string(let range)?:
                    CSVWriter.appendField(bytes: UnsafeBufferPointer(rebasing: bytes[range]), to: &out)
                case .bool(let flag)?:
                    let text = column.type == .yesNo ? (flag ? yes : no) : (flag ? trueWord : falseWord)
                    text.withUnsafeBufferPointer { CSVWriter.appendField(bytes: $0, to: &out) }
                case .list(let range)?:
                    list.removeAll(keepingCapacity: true)
                    var count = 0
                    FlatJSONObject.items(of: range, in: bytes) { item in
                        if count > 0 { list.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: " ")]) }
                        list.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[item]))
                        count += 1
                    }
                    list.withUnsafeBufferPointer { CSVWriter.appendField(bytes: $0, to: &out) }
                }
            }
            return true
        }

        /// The answer cells of a row the fast reader refused, read by JSONSerialization.
        private func appendAnswersInGeneral(_ text: String, to out: inout [UInt8]) {
            let answers = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            var line = ""
            for (index, column) in writer.columns.enumerated() {
                if index > 0 { line += "," }
                CSVWriter.appendField(answers[column.id].map { cell($0, type: column.type) } ?? "", to: &line)
            }
            out.append(contentsOf: line.utf8)
        }

        /// One stored answer, as JSONSerialization reads it, as a cell (the cells of the fast path).
        private func cell(_ value: Any, type: QuestionType) -> String {
            if type == .yesNo, let flag = (value as? Bool) ?? (value as? NSNumber)?.boolValue {
                return flag ? writer.yes : writer.no
            }
            switch value {
            case let text as String: return text
            case let list as [Any]: return list.map { ($0 as? String) ?? "\($0)" }.joined(separator: "; ")
            case let number as NSNumber: return number.description
            default: return ""
            }
        }

        /// The id in lower-case hex, 8-4-4-4-12, as `uuidString.lowercased()` writes it
        /// (which formats through `sprintf`: 4% of an export).
        private func appendID(_ id: UUID, to out: inout [UInt8]) {
            let digits: StaticString = "0123456789abcdef"
            withUnsafeBytes(of: id.uuid) { bytes in
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
                    out.append(digits.utf8Start[Int(byte >> 4)])
                    out.append(digits.utf8Start[Int(byte & 0x0F)])
                }
            }
        }

        private static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
            left.count == right.count && left.elementsEqual(right)
        }
    }
}
