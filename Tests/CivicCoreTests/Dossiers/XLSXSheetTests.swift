import Foundation
import Testing
import ZIPFoundation
@testable import CivicCore

@Suite struct XLSXSheetTests {
    /// A workbook of `parts` (path → XML), zipped in memory with deflate, as Excel writes it.
    static func workbook(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, xml) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Excel's habits: shared strings (one with rich-text runs and a phonetic run), prefixed
    /// elements, a second sheet that is not read, an absolute target, the 1904 date system, a date
    /// style from the built-in formats (14) and a month style of its own, a boolean, a row without
    /// `r`, a cell far to the right, an empty row.
    static func excelLike() throws -> Data {
        try workbook([
            "xl/workbook.xml": """
                <x:workbook xmlns:x="\(main)" xmlns:r="\(relationships)"><x:workbookPr date1904="1"/>
                <x:sheets><x:sheet name="Data" sheetId="2" r:id="rId7"/><x:sheet name="Other" sheetId="1" r:id="rId1"/></x:sheets>
                </x:workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/>
                </Relationships>
                """,
            "xl/sharedStrings.xml": """
                <sst xmlns="\(main)"><si><t>Đơn vị</t></si><si><r><t>Tiếp </t></r><r><rPr><b/></rPr><t>nhận</t></r>\
                <rPh><t>ignored</t></rPh></si><si><t xml:space="preserve"> LC.SNV </t></si><si><t>A &amp; B</t></si></sst>
                """,
            "xl/styles.xml": """
                <styleSheet xmlns="\(main)"><numFmts><numFmt numFmtId="170" formatCode="[$-42A]mm/yyyy;@"/>\
                <numFmt numFmtId="171" formatCode="0.00&quot;d&quot;"/></numFmts>
                <cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/><xf numFmtId="171"/></cellXfs></styleSheet>
                """,
            "xl/worksheets/data.xml": """
                <worksheet xmlns="\(main)"><sheetData>
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
                <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="1"><v>44000</v></c><c r="C3" s="2"><v>44000.75</v></c>\
                <c r="D3" s="3"><v>12</v></c><c r="E3" t="b"><v>1</v></c><c r="G3" t="str"><f>A3</f><v>x</v></c></row>
                <row><c t="s"><v>3</v></c><c r="AB4"><v>7</v></c></row>
                <row r="6"><c r="A6"/></row>
                </sheetData></worksheet>
                """,
            "xl/worksheets/sheet1.xml": "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>no</t></is></c></row></sheetData></worksheet>",
        ])
    }

    @Test func readsTheFirstSheetAsExcelShowsIt() throws {
        let sheet = try XLSXSheet(data: Self.excelLike())
        #expect(sheet.rows.map(\.number) == [1, 3, 4])
        #expect(sheet.rows[0].cells == ["Đơn vị", "Tiếp nhận"])
        // 1904 system: serial 44000 is 2024-06-19 (1904-01-01 + 44000 days); 14 shows the day,
        // the custom mm/yyyy only the month; a number format that is not a date leaves the number.
        #expect(sheet.rows[1].cells == [" LC.SNV ", "2024-06-19", "2024-06", "12", "TRUE", "", "x"])
        #expect(sheet.rows[2].cells.count == 28)
        #expect(sheet.rows[2].cells.first == "A & B")
        #expect(sheet.rows[2].cells.last == "7")
    }

    @Test func theSerialDatesOfThe1900System() {
        #expect(XLSXSheet.day(ofSerial: 1, date1904: false) == CalendarDate("1900-01-01"))
        #expect(XLSXSheet.day(ofSerial: 59, date1904: false) == CalendarDate("1900-02-28"))
        #expect(XLSXSheet.day(ofSerial: 61, date1904: false) == CalendarDate("1900-03-01"))
        #expect(XLSXSheet.day(ofSerial: 46023, date1904: false) == CalendarDate("2026-01-01"))
        #expect(XLSXSheet.day(ofSerial: 46096.99, date1904: false) == CalendarDate("2026-03-15"))
        #expect(XLSXSheet.day(ofSerial: 0, date1904: false) == nil)
        #expect(XLSXSheet.dateFormat("dd/mm/yyyy") == true)
        #expect(XLSXSheet.dateFormat("mmm-yy") == false)
        #expect(XLSXSheet.dateFormat("[h]:mm") == nil)
        #expect(XLSXSheet.dateFormat("#,##0\" ngày\"") == nil)
    }

    @Test func whatIsNotAWorkbookIsSaidSo() throws {
        #expect(throws: XLSXSheet.ReadError.notAWorkbook) { try XLSXSheet(data: Data("unit,period\n".utf8)) }
        #expect(throws: XLSXSheet.ReadError.missingPart("xl/workbook.xml")) {
            try XLSXSheet(data: Self.workbook(["word/document.xml": "<w/>"]))
        }
        #expect(throws: XLSXSheet.ReadError.malformedXML(part: "xl/workbook.xml", line: 1)) {
            try XLSXSheet(data: Self.workbook(["xl/workbook.xml": "<workbook><sheets></workbook>"]))
        }
        let truncated = try Self.excelLike().prefix(300)
        #expect(throws: XLSXSheet.ReadError.notAWorkbook) { try XLSXSheet(data: Data(truncated)) }
    }

    @Test func aPartLargerThanTheLimitIsRefusedBeforeItIsRead() throws {
        // 70 MB of spaces deflate to about 70 KB: the header's size is refused at once.
        let big = String(repeating: " ", count: XLSXSheet.maximumPartSize + 1)
        let data = try Self.workbook(["xl/workbook.xml": "<workbook>" + big + "</workbook>"])
        #expect(data.count < 1_000_000)
        #expect(throws: XLSXSheet.ReadError.partTooLarge("xl/workbook.xml")) { try XLSXSheet(data: data) }
    }
}
