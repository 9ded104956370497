import CivicTestSupport
import Testing
@testable import CivicCore

/// Office documents are accepted only as macro-free OOXML or OpenDocument containers that are what
/// their names claim (issue 13).
@Suite struct AttachmentPolicyTests {
    static let xml = Array("<?xml version=\"1.0\"?><x/>".utf8)
    static let docx = TestZip.stored([("[Content_Types].xml", xml), ("word/document.xml", xml), ("word/media/image1.png", [1, 2])])
    let policy = AttachmentPolicy()

    func refusal(_ name: String, _ bytes: [UInt8]) -> AttachmentPolicy.Refusal? {
        if case .failure(let refusal) = policy.check(fileName: name, bytes: bytes) { return refusal }
        return nil
    }

    @Test func aPlainOOXMLDocumentIsAccepted() throws {
        let accepted = try policy.check(fileName: "don.docx", bytes: Self.docx).get()
        #expect(accepted.mediaType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        let xlsx = TestZip.stored([("[Content_Types].xml", Self.xml), ("xl/workbook.xml", Self.xml),
                             ("xl/printerSettings/printerSettings1.bin", [0])])
        #expect(refusal("bang.xlsx", xlsx) == nil, "printer settings are no macro")
        let odt = TestZip.stored([("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", Self.xml)])
        #expect(refusal("don.odt", odt) == nil)
    }

    @Test func macroCapableFormatsAreRefusedByNameAndByContent() {
        for name in ["don.doc", "bang.xls", "don.docm", "bang.xlsm", "trinh-bay.pptm", "DON.DOCM"] {
            #expect(refusal(name, Self.docx) == .macros, "\(name)")
        }
        // A legacy Office file (OLE compound document) under an innocent name.
        let ole = AttachmentPolicy.oleSignature + Array(repeating: 0, count: 512)
        #expect(refusal("anh.png", ole) == .macros)
        #expect(refusal("don.docx", ole) == .macros)
        // A .docm renamed .docx still holds its VBA project.
        let renamed = TestZip.stored([("[Content_Types].xml", Self.xml), ("word/document.xml", Self.xml),
                                ("word/vbaProject.bin", [0xD0, 0xCF])])
        #expect(refusal("don.docx", renamed) == .macros)
        let activeX = TestZip.stored([("[Content_Types].xml", Self.xml), ("xl/workbook.xml", Self.xml),
                                ("xl/activeX/activeX1.xml", Self.xml)])
        #expect(refusal("bang.xlsx", activeX) == .macros)
        let embedded = TestZip.stored([("[Content_Types].xml", Self.xml), ("word/document.xml", Self.xml),
                                 ("word/embeddings/oleObject1.bin", [0])])
        #expect(refusal("don.docx", embedded) == .macros)
        let basic = TestZip.stored([("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", Self.xml),
                              ("Basic/Standard/Module1.xml", Self.xml)])
        #expect(refusal("don.odt", basic) == .macros)
    }

    @Test func aContainerThatIsNotWhatItsNameClaimsIsRefused() {
        // A ZIP of anything named .docx, a spreadsheet named .docx, a truncated file.
        let archive = TestZip.stored([("run.sh", Array("#!/bin/sh".utf8))])
        #expect(refusal("don.docx", archive) == .unsupportedType)
        let xlsx = TestZip.stored([("[Content_Types].xml", Self.xml), ("xl/workbook.xml", Self.xml)])
        #expect(refusal("don.docx", xlsx) == .unsupportedType)
        #expect(refusal("don.docx", Array(Self.docx.prefix(40))) == .unsupportedType)
        #expect(refusal("don.zip", archive) == .unsupportedType)
        // An OpenDocument whose declared type is another.
        let wrongType = TestZip.stored([("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8)), ("content.xml", Self.xml)])
        #expect(refusal("don.odt", wrongType) == .unsupportedType)
    }

    @Test func theDirectoryReaderRefusesWhatDoesNotAddUp() {
        #expect(ZipDirectory([]) == nil)
        #expect(ZipDirectory(Array(repeating: 0, count: 100)) == nil)
        var broken = Self.docx
        // The directory's offset points past its end.
        broken[broken.count - 3] = 0x7F
        #expect(ZipDirectory(broken) == nil)
        #expect(ZipDirectory(Self.docx)?.entries.map(\.name) == ["[Content_Types].xml", "word/document.xml", "word/media/image1.png"])
    }
}
