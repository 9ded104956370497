import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// The cells of the first worksheet of an XLSX workbook (Office Open XML SpreadsheetML), as text,
/// each row with the row number a spreadsheet program shows.
///
/// Why this is written here: offices export from Excel, and no XLSX reader is in the package
/// mirror (CoreXLSX is not). An XLSX file is a ZIP of XML parts, so ZIPFoundation (in the mirror)
/// opens the archive in memory and Foundation's `XMLParser` (a streaming parser, no document tree)
/// reads the four parts a table needs: the workbook (which sheet is first, the 1904 date system),
/// its relationships (where that sheet is), the shared strings and the cell styles (which numbers
/// are dates). Formulas are not evaluated: the value Excel cached with the cell is read.
///
/// Cell text: a string as written (shared or inline); a number as written in the file (`12`,
/// `0.5`), except that a number whose style is a date format becomes `YYYY-MM-DD`, or `YYYY-MM`
/// when the format shows no day (`mm/yyyy`); a boolean as `TRUE`/`FALSE`; an error cell as its
/// code (`#N/A`). Empty and missing cells are `""`.
///
/// Guarantees: rows in sheet order, each with its 1-based number; `cells[i]` is column i (A = 0),
/// trailing empty cells trimmed; rows without any text are left out. Nothing here touches a disk:
/// the archive is read from `data` in memory.
public struct XLSXSheet: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The row number in the sheet (1-based), as Excel shows it.
        public let number: Int
        public let cells: [String]
    }

    public let rows: [Row]

    /// Why a file could not be read as a workbook.
    public enum ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Not a ZIP archive, or a damaged one.
        case notAWorkbook
        /// A ZIP without the parts of a SpreadsheetML workbook (a DOCX, say).
        case missingPart(String)
        /// A part larger than ``maximumPartSize`` once decompressed (a ZIP bomb, or a sheet far
        /// larger than any statistics export).
        case partTooLarge(String)
        /// A part that is not well-formed XML.
        case malformedXML(part: String, line: Int)

        public var description: String {
            switch self {
            case .notAWorkbook: "not an XLSX workbook (the file is not a readable ZIP archive)"
            case .missingPart(let part): "not an XLSX workbook: the part \(part) is missing"
            case .partTooLarge(let part): "\(part) is larger than \(XLSXSheet.maximumPartSize / 1_000_000) MB uncompressed"
            case .malformedXML(let part, let line): "\(part) is not well-formed XML (line \(line))"
            }
        }
    }

    /// The largest part read, decompressed: 64 MB is about a million cells.
    public static let maximumPartSize = 64_000_000

    /// Whether `data` starts like a ZIP archive (`PK\u{3}\u{4}`), as every XLSX file does.
    public static func looksLikeWorkbook(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// Reads the first worksheet of the workbook in `data`.
    /// - Throws: ``ReadError``.
    public init(data: Data) throws(ReadError) {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .notAWorkbook
        }
        let workbook = try Self.parse(Self.part("xl/workbook.xml", in: archive), part: "xl/workbook.xml",
                                      into: WorkbookReader())
        guard let sheetRelationship = workbook.firstSheetRelationship else { throw .missingPart("a worksheet") }
        let relationships = try Self.parse(Self.part("xl/_rels/workbook.xml.rels", in: archive),
                                           part: "xl/_rels/workbook.xml.rels", into: RelationshipsReader())
        guard let target = relationships.targets[sheetRelationship] else { throw .missingPart("the first worksheet") }
        // Targets are relative to xl/, or absolute from the archive's root.
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        var strings: [String] = []
        if let data = try Self.optionalPart("xl/sharedStrings.xml", in: archive) {
            strings = try Self.parse(data, part: "xl/sharedStrings.xml", into: SharedStringsReader()).strings
        }
        var dateStyles = DateStyles()
        if let data = try Self.optionalPart("xl/styles.xml", in: archive) {
            dateStyles = try Self.parse(data, part: "xl/styles.xml", into: StylesReader()).dateStyles
        }
        let sheet = SheetReader(strings: strings, dateStyles: dateStyles, date1904: workbook.date1904)
        rows = try Self.parse(Self.part(sheetPath, in: archive), part: sheetPath, into: sheet).rows
    }

    // MARK: - Parts

    private static func part(_ path: String, in archive: Archive) throws(ReadError) -> Data {
        guard let data = try optionalPart(path, in: archive) else { throw .missingPart(path) }
        return data
    }

    private static func optionalPart(_ path: String, in archive: Archive) throws(ReadError) -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(maximumPartSize) else { throw .partTooLarge(path) }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                // The size in the header is the archive's word; the bytes are what counts.
                if data.count > maximumPartSize { throw ReadError.partTooLarge(path) }
            }
        } catch let error as ReadError {
            throw error
        } catch {
            throw .notAWorkbook
        }
        return data
    }

    private static func parse<Reader: XMLPartReader>(_ data: Data, part: String, into reader: Reader) throws(ReadError) -> Reader {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // On Linux `parse()` can answer true for a document it found broken: the error is what tells.
        guard parser.parse(), parser.parserError == nil else { throw .malformedXML(part: part, line: parser.lineNumber) }
        return reader
    }

    // MARK: - Dates

    /// Style indices (`s` of a cell) whose number format is a date, and whether it shows the day.
    struct DateStyles: Hashable {
        var showsDay: [Int: Bool] = [:]
    }

    /// The built-in date formats of SpreadsheetML (ECMA-376 Part 1, 18.8.30), by id: whether each
    /// shows the day. 17 is `mmm-yy`.
    static let builtInDateFormats: [Int: Bool] = [14: true, 15: true, 16: true, 17: false, 22: true,
                                                  27: true, 30: true, 36: true, 50: true, 57: true]

    /// Whether a custom format code is a date, and whether it shows the day: a `y`, `m` or `d`
    /// outside quotes and brackets (`[Red]`, `[$-409]`) marks a date; `d` marks the day. Elapsed
    /// times (`[h]:mm`) and plain numbers are not dates.
    static func dateFormat(_ code: String) -> Bool? {
        var inQuotes = false, inBracket = false, escaped = false
        var hasYear = false, hasDay = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": inQuotes.toggle()
            case "[" where !inQuotes: inBracket = true
            case "]" where !inQuotes: inBracket = false
            case _ where inQuotes || inBracket: continue
            case "y": hasYear = true
            case "d": hasDay = true
            default: continue
            }
        }
        guard hasYear || hasDay else { return nil }
        return hasDay
    }

    /// The day of an Excel serial number: days since 1899-12-30 (the 1900 system, whose serial 60
    /// is the 29 February 1900 that never was; serials from 61 on are right with that epoch), or
    /// since 1904-01-01 (the 1904 system). The time of day is dropped. Nil outside 1900…9999.
    static func day(ofSerial serial: Double, date1904: Bool) -> CalendarDate? {
        guard serial.isFinite, serial >= 1, serial < 3_000_000 else { return nil }
        let epoch = date1904 ? CalendarDate(year: 1904, month: 1, day: 1)! : CalendarDate(year: 1899, month: 12, day: 30)!
        let whole = Int(serial.rounded(.down))
        // In the 1900 system serials 1…59 are one day earlier than the epoch arithmetic gives.
        let days = !date1904 && whole < 61 ? whole + 1 : whole
        return epoch.adding(days: days)
    }
}

/// A delegate that reads one part; a class because `XMLParser` wants an `NSObject` delegate.
/// Each instance is used by one parse on one thread and never shared.
private protocol XMLPartReader: NSObject, XMLParserDelegate {}

/// `xl/workbook.xml`: the first `<sheet>`'s relationship id, and `<workbookPr date1904="1">`.
private final class WorkbookReader: NSObject, XMLPartReader {
    var firstSheetRelationship: String?
    var date1904 = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "sheet" where firstSheetRelationship == nil:
            firstSheetRelationship = attributes.first { localName($0.key) == "id" && $0.key.contains(":") }?.value
        case "workbookPr":
            date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
        default:
            break
        }
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → target path.
private final class RelationshipsReader: NSObject, XMLPartReader {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if localName(name) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, the text of its `<t>` elements (rich text
/// has several runs; phonetic `<rPh>` runs are left out).
private final class SharedStringsReader: NSObject, XMLPartReader {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// `xl/styles.xml`: custom number formats (`<numFmt numFmtId formatCode>`) and the cell formats
/// (`<cellXfs><xf numFmtId>`), in order: a cell's `s` is an index into the latter.
private final class StylesReader: NSObject, XMLPartReader {
    private var customFormats: [Int: String] = [:]
    private var cellFormatIDs: [Int] = []
    private var inCellFormats = false

    var dateStyles: XLSXSheet.DateStyles {
        var styles = XLSXSheet.DateStyles()
        for (index, formatID) in cellFormatIDs.enumerated() {
            if let code = customFormats[formatID] {
                if let showsDay = XLSXSheet.dateFormat(code) { styles.showsDay[index] = showsDay }
            } else if let showsDay = XLSXSheet.builtInDateFormats[formatID] {
                styles.showsDay[index] = showsDay
            }
        }
        return styles
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case "cellXfs":
            inCellFormats = true
        case "xf" where inCellFormats:
            cellFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if localName(name) == "cellXfs" { inCellFormats = false }
    }
}

/// A worksheet: `<row r><c r="B7" t s><v>…</v> | <is><t>…</t></is></c></row>`.
private final class SheetReader: NSObject, XMLPartReader {
    let strings: [String]
    let dateStyles: XLSXSheet.DateStyles
    let date1904: Bool
    var rows: [XLSXSheet.Row] = []

    private var rowNumber = 0
    private var cells: [String] = []
    private var cellColumn = 0
    private var cellType = ""
    private var cellStyle = 0
    private var value = ""
    private var inValue = false

    init(strings: [String], dateStyles: XLSXSheet.DateStyles, date1904: Bool) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "row":
            // `r` may be left out: then the row follows the previous one.
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            cellColumn = attributes["r"].flatMap(Self.column(ofReference:)) ?? cells.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t":
            inValue = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "v", "t":
            inValue = false
        case "c":
            let text = self.text()
            guard !text.isEmpty, cellColumn < 16_384 else { return }
            if cells.count <= cellColumn { cells += Array(repeating: "", count: cellColumn + 1 - cells.count) }
            cells[cellColumn] = text
        case "row":
            if cells.contains(where: { !$0.isEmpty }) { rows.append(XLSXSheet.Row(number: rowNumber, cells: cells)) }
        default:
            break
        }
    }

    /// The cell's text by its type: shared string, inline string, formula string, boolean, number.
    private func text() -> String {
        switch cellType {
        case "s":
            guard let index = Int(value), strings.indices.contains(index) else { return "" }
            return strings[index]
        case "b":
            return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "inlineStr", "str", "e":
            return value
        default:
            let number = value.trimmingCharacters(in: .whitespaces)
            if let showsDay = dateStyles.showsDay[cellStyle], let serial = Double(number),
               let day = XLSXSheet.day(ofSerial: serial, date1904: date1904) {
                return showsDay ? day.description : YearMonth(day).description
            }
            return number
        }
    }

    /// The 0-based column of a reference such as `AB12` (AB = 27).
    static func column(ofReference reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 ? nil : column - 1
    }
}

/// `x:sheet` → `sheet`: parts may prefix the SpreadsheetML namespace.
private func localName(_ name: String) -> String {
    name.split(separator: ":").last.map(String.init) ?? name
}
