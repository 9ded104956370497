/// Records of a CSV text (RFC 4180: comma-separated, `"` quotes, `""` for a quote inside quotes,
/// line breaks allowed inside quotes), each with the line it starts on.
///
/// The package mirror has two CSV readers, swiftcsv/SwiftCSV 0.10.0 and yaslab/CSV.swift 2.5.2;
/// this one is written here anyway because unit registers and translators' files are refused line
/// by line, and those readers hand back rows without the line each starts on (a record with line
/// breaks inside quotes spans several). A leading byte-order mark is ignored; blank lines are
/// skipped.
struct CSVRecords {
    struct Record {
        let line: Int
        let fields: [String]
    }

    struct UnterminatedQuote: Error {
        let line: Int
    }

    static func parse(_ text: String) throws(UnterminatedQuote) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var characters = Substring(text)
        if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }
        var iterator = characters.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                quoted = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(character)
            }
        }
        if quoted { throw UnterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
