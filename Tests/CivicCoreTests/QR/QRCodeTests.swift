@testable import CivicCore
import Foundation
import Testing

/// The QR encoder against the standard's own figures (a Reed-Solomon example, the format and
/// version information tables) and against a real decoder: zbar (Debian's zbar-tools, installed
/// by scripts/test, `ZBARIMG_BIN`) reads every version from 1 to 10 under every mask.
struct QRCodeTests {
    /// The worked example of ISO/IEC 18004 annex I: "01234567" as version 1-M. Its 16 data
    /// codewords (numeric mode) and the 10 error correction codewords the standard gives for them.
    @Test func reedSolomonGivesTheStandardsExampleCodewords() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = QRCode.ReedSolomon.remainder(of: data, divisor: QRCode.ReedSolomon.generator(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// Level M's eight format information strings (ISO/IEC 18004 annex C, table C.1), read back
    /// from the first copy around the top-left finder.
    @Test func theFormatInformationIsTheStandardsForLevelMAndEachMask() throws {
        let expected = [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]
        for mask in 0..<8 {
            let code = try QRCode("https://civicvoice.example/f/dossier-rating?desk=Q1", mask: mask)
            // Bit i of the format string, where drawFormatBits puts it in the first copy.
            var positions = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)]
            positions += (9..<15).map { (14 - $0, 8) }
            let bits = positions.enumerated().reduce(0) { value, item in
                value | (code.isDark(x: item.element.0, y: item.element.1) ? 1 << item.offset : 0)
            }
            #expect(bits == expected[mask], "mask \(mask): \(String(bits, radix: 2)) is not \(String(expected[mask], radix: 2))")
            #expect(code.mask == mask)
        }
    }

    /// Versions 7 to 10 carry their number with its BCH code (annex D, table D.1).
    @Test func theVersionInformationIsTheStandards() throws {
        let expected = [7: 0x07C94, 8: 0x085BC, 9: 0x09A99, 10: 0x0A4D3]
        for (version, bits) in expected {
            let code = try QRCode(Self.text(forVersion: version))
            #expect(code.version == version)
            let bottomLeft = (0..<18).reduce(0) { value, index in
                value | (code.isDark(x: index / 3, y: code.size - 11 + index % 3) ? 1 << index : 0)
            }
            let topRight = (0..<18).reduce(0) { value, index in
                value | (code.isDark(x: code.size - 11 + index % 3, y: index / 3) ? 1 << index : 0)
            }
            #expect(bottomLeft == bits && topRight == bits, "version \(version)")
        }
    }

    @Test func theSmallestVersionThatHoldsTheTextIsChosenUpToTen() throws {
        // Level M byte capacities: 14, 26, 42, 62, 84, 106, 122, 152, 180, 213.
        for (version, capacity) in zip(1...10, [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]) {
            #expect(try QRCode(String(repeating: "a", count: capacity)).version == version)
            if version < 10 {
                #expect(try QRCode(String(repeating: "a", count: capacity + 1)).version == version + 1)
            }
            #expect(try QRCode(String(repeating: "a", count: capacity)).size == 17 + 4 * version)
        }
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 214, maximum: 213)) {
            try QRCode(String(repeating: "a", count: 214))
        }
    }

    /// What a phone's camera does: zbar finds and reads the symbol, for every version the desk
    /// sheets may use and under each of the eight masks, and under the mask the penalty chose.
    @Test func zbarReadsEveryVersionUnderEveryMask() throws {
        for version in 1...10 {
            let text = Self.text(forVersion: version)
            for mask in [nil] + (0..<8).map(Optional.some) {
                let code = try QRCode(text, mask: mask)
                #expect(code.version == version)
                #expect(try Self.decode(code) == text, "version \(version), mask \(mask.map(String.init) ?? "chosen")")
            }
        }
    }

    @Test func theSVGHasOnePathOfDarkRunsInsideTheQuietZone() throws {
        let code = try QRCode("https://civicvoice.example/f/dossier-rating?desk=Q1")
        let svg = code.svg(label: "Mã QR <quầy 1>")
        let side = code.size + 2 * QRCode.quietZone
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("aria-label=\"Mã QR &lt;quầy 1&gt;\""))
        // The top-left finder's first row: seven dark modules from the quiet zone's edge.
        #expect(svg.contains("M4 4h7v1h-7z"))
    }

    /// A URL-like text that needs exactly `version` at level M.
    static func text(forVersion version: Int) -> String {
        let capacity = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213][version - 1]
        let long = "https://cv.example/f/dossier-rating?desk=" + String(repeating: "Q7", count: 120)
        return String(long.prefix(capacity))
    }

    /// zbar's reading of `code` drawn as a PBM image: 4 pixels a module, the quiet zone around.
    static func decode(_ code: QRCode) throws -> String {
        let binary = try #require(ProcessInfo.processInfo.environment["ZBARIMG_BIN"],
                                  "scripts/test installs zbar-tools and sets ZBARIMG_BIN")
        let scale = 4
        let side = (code.size + 2 * QRCode.quietZone) * scale
        var image = "P1\n\(side) \(side)\n"
        for row in 0..<side {
            let y = row / scale - QRCode.quietZone
            image += (0..<side).map { column in code.isDark(x: column / scale - QRCode.quietZone, y: y) ? "1" : "0" }
                .joined(separator: " ") + "\n"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pbm")
        try Data(image.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        // Only the decoded text on standard output; zbar's notes (a missing D-Bus) go to the error stream.
        process.arguments = ["--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", file.path]
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "zbarimg: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
