import Foundation
import Testing
@testable import CivicCore

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.field("plain") == "plain")
        #expect(CSVWriter.field("") == "")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
        #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVWriter.field("Sở Văn hóa và Thể thao") == "Sở Văn hóa và Thể thao")
    }

    @Test func recordsEndWithCRLF() {
        var writer = CSVWriter(byteOrderMark: false)
        writer.append(["unit", "rate"])
        writer.append(["Phòng A, B", "0.8492"])
        #expect(writer.text == "unit,rate\r\n\"Phòng A, B\",0.8492\r\n")
        #expect(writer.recordCount == 2)
    }

    @Test func byteOrderMark() {
        var writer = CSVWriter()
        writer.append(["Hài lòng"])
        #expect(writer.text.unicodeScalars.first == "\u{FEFF}")
        #expect(Array(writer.data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        var plain = CSVWriter(byteOrderMark: false)
        plain.append(["Hài lòng"])
        #expect(Array(plain.data.prefix(3)) == Array("Hài".utf8.prefix(3)))
    }

    @Test func guardsFormulas() {
        #expect(CSVWriter.field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(CSVWriter.field("=1+1") == "'=1+1")
        #expect(CSVWriter.field("+84912345678") == "'+84912345678")
        #expect(CSVWriter.field("-2+3") == "'-2+3")
        #expect(CSVWriter.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.field("\tcmd") == "'\tcmd")
        #expect(CSVWriter.field("\r=1") == "\"'\r=1\"")
        #expect(CSVWriter.field("a=1") == "a=1")
        // Plain numbers cannot be formulas and stay numbers.
        #expect(CSVWriter.field("-5") == "-5")
        #expect(CSVWriter.field("-0.0125") == "-0.0125")
        #expect(CSVWriter.field("-") == "'-")
        #expect(CSVWriter.field("-1e5") == "'-1e5")
        #expect(CSVWriter.field("=1+1", guardingFormulas: false) == "=1+1")
        var unguarded = CSVWriter(byteOrderMark: false, guardsFormulas: false)
        unguarded.append(["=1"])
        #expect(unguarded.text == "=1\r\n")
    }

    /// The export's byte-level field writer appends what the text-level one does, for every
    /// case of quoting and of the guard.
    @Test(arguments: ["", "plain", "Hài lòng", "a,b", "say \"hi\"", "line\r\nbreak", "=1+1", "+84912345678", "-2+3",
                      "@SUM(A1)", "\tcmd", "\r=1", "=HYPERLINK(\"x\"), có dấu phẩy", "-5", "-0.0125", "-", "-1e5", "1.",
                      ".5", "-1.2.3", "a=1", "-,5", "procedure; other"])
    func bytesAsTheTextIs(value: String) {
        for guarding in [true, false] {
            var text = ""
            CSVWriter.appendField(value, to: &text, guardingFormulas: guarding)
            var bytes: [UInt8] = Array("x,".utf8)
            Array(value.utf8).withUnsafeBufferPointer { CSVWriter.appendField(bytes: $0, to: &bytes, guardingFormulas: guarding) }
            #expect(String(decoding: bytes, as: UTF8.self) == "x," + text, "\(value), guarding \(guarding)")
        }
    }

    @Test func readsBackThroughTheProjectsParser() throws {
        let rows = [["mã", "nội dung", "điểm"],
                    ["PAKN.20200812.0012", "Chậm, \"rất\" chậm\r\nlần 2", "-1"],
                    ["x", "=cmd|' /C calc'!A0", ""]]
        var writer = CSVWriter()
        for row in rows { writer.append(row) }
        let records = try CSVRecords.parse(writer.text)
        #expect(records.map(\.fields) == [rows[0], rows[1], ["x", "'=cmd|' /C calc'!A0", ""]])
    }
}
