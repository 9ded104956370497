import Foundation
import ZIPFoundation

/// A workbook written as an XLSX file (Office Open XML SpreadsheetML, ECMA-376): named sheets of
/// rows of text and number cells, numbers shown in Vietnamese format.
///
/// Why this is written here: no XLSX writer is in the package mirror. An XLSX file is a ZIP of XML
/// parts, so ZIPFoundation (in the mirror) builds the archive in memory and the parts are written
/// as text: the content types, the relationships, the workbook, one worksheet per sheet (inline
/// strings, so no shared-strings table) and the styles. Number formats carry the Vietnamese locale
/// (`[$-42A]`, LCID 0x042A), so LibreOffice and Excel show `92,5%` and `1.234` whatever the
/// reader's own locale is.
///
/// Guarantees: sheet names are made valid (at most 31 characters, none of `[]:*?/\`, unique);
/// text is XML-escaped and stripped of the control characters XML 1.0 cannot hold.
public struct XLSXWorkbook: Sendable {
    /// How a number cell is shown.
    public enum NumberStyle: Int, Sendable {
        /// `#,##0` in Vietnamese: `1.234`.
        case integer = 1
        /// `0.0%` in Vietnamese: 0.925 shows as `92,5%`.
        case percent = 2
        /// `#,##0.0` in Vietnamese: `98,5`.
        case decimal = 3
    }

    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double, NumberStyle)
        /// A bold heading cell.
        case heading(String)
        case empty
    }

    public struct Sheet: Sendable {
        public let name: String
        public let rows: [[Cell]]
        /// Column widths in characters, from column A; missing ones keep the default.
        public let columnWidths: [Double]

        public init(name: String, rows: [[Cell]], columnWidths: [Double] = []) {
            self.name = name
            self.rows = rows
            self.columnWidths = columnWidths
        }
    }

    public let sheets: [Sheet]

    /// - Precondition: at least one sheet.
    public init(sheets: [Sheet]) {
        precondition(!sheets.isEmpty, "a workbook needs a sheet")
        self.sheets = sheets
    }

    /// The XLSX file's bytes.
    public func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        let names = Self.sheetNames(sheets.map(\.name))
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>
                """),
            ("xl/workbook.xml", workbook(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Self.worksheet(sheet)))
        }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: Date(timeIntervalSince1970: 315_532_800),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    private var contentTypes: String {
        let overrides = sheets.indices.map { index in
            "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(overrides)</Types>
            """
    }

    private func workbook(_ names: [String]) -> String {
        let entries = names.enumerated().map { index, name in
            "<sheet name=\"\(Self.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(entries)</sheets></workbook>
            """
    }

    private var workbookRelationships: String {
        let sheetRelationships = sheets.indices.map { index in
            "<Relationship Id=\"rId\(index + 1)\" "
                + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                + "Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheetRelationships)\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
    }

    /// Cell formats, by index: 0 default, 1–3 the ``NumberStyle``s, 4 bold text, 5 wrapped text.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="3"><numFmt numFmtId="164" formatCode="[$-42A]#,##0"/>\
        <numFmt numFmtId="165" formatCode="[$-42A]0.0%"/><numFmt numFmtId="166" formatCode="[$-42A]#,##0.0"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>\
        </cellXfs></styleSheet>
        """

    static func worksheet(_ sheet: Sheet) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            """
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>" + sheet.columnWidths.enumerated().map { index, width in
                "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, cell) in row.enumerated() {
                let reference = columnName(columnIndex) + "\(rowIndex + 1)"
                switch cell {
                case .empty:
                    continue
                case .text(let text):
                    xml += "<c r=\"\(reference)\" s=\"5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
                case .heading(let text):
                    xml += "<c r=\"\(reference)\" s=\"4\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
                case .number(let value, let style):
                    guard value.isFinite else { continue }
                    xml += "<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(value)</v></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// Valid, unique sheet names: the characters Excel refuses replaced, at most 31 characters.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used: Set<String> = []
        return wanted.enumerated().map { index, name in
            var clean = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 })
                .trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            if clean.isEmpty { clean = "Sheet\(index + 1)" }
            var candidate = String(clean.prefix(31))
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(clean.prefix(31 - " (\(suffix))".count)) + " (\(suffix))"
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// XML text (``XMLText``), without the control characters XML 1.0 cannot hold.
    static func escape(_ text: String) -> String {
        var allowed = String.UnicodeScalarView()
        for scalar in text.unicodeScalars
        where !(scalar.value < 0x20 && !["\t", "\n", "\r"].contains(scalar)) && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
            allowed.append(scalar)
        }
        return XMLText.escaped(String(allowed))
    }
}
