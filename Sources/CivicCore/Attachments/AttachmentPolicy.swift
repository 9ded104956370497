import Foundation

/// Which files a citizen may attach to a feedback item, recognised by their content (not by the
/// name or the type a client claims): images, PDF and office documents, a few megabytes each.
///
/// Office documents are accepted only in the formats that cannot run code when a handler opens
/// them: OOXML (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods), each checked to be the
/// container its name claims and to hold no macros (VBA, ActiveX, embedded OLE binaries, Basic or
/// script folders). The legacy binary formats (.doc, .xls), which can carry macros invisibly, and
/// the macro-enabled ones (.docm, .xlsm, .pptm) are refused.
public struct AttachmentPolicy: Sendable {
    public var maximumBytes: Int
    public var maximumCount: Int

    public init(maximumBytes: Int = 2 * 1024 * 1024, maximumCount: Int = 3) {
        self.maximumBytes = maximumBytes
        self.maximumCount = maximumCount
    }

    /// An accepted file: a safe name to show and its media type as sniffed.
    public struct Accepted: Sendable, Hashable {
        public let fileName: String
        public let mediaType: String
    }

    public enum Refusal: Error, Sendable, Hashable {
        case empty
        case tooLarge(maximumBytes: Int)
        case unsupportedType
        case tooMany(maximumCount: Int)
        /// An office document that can run code: a macro-enabled format, or macros inside.
        case macros

        /// The UI string key that explains it.
        public var code: String {
            switch self {
            case .empty: "attachment_empty"
            case .tooLarge: "attachment_too_large"
            case .unsupportedType: "attachment_type"
            case .tooMany: "attachment_too_many"
            case .macros: "attachment_macros"
            }
        }
    }

    /// Checks one file. The name keeps only its last path component, without control characters,
    /// NFC-normalised and shortened, so `../../etc/passwd` is stored as `passwd` and nothing in a
    /// name can reach a file system.
    public func check(fileName: String, bytes: [UInt8]) -> Result<Accepted, Refusal> {
        guard !bytes.isEmpty else { return .failure(.empty) }
        guard bytes.count <= maximumBytes else { return .failure(.tooLarge(maximumBytes: maximumBytes)) }
        let name = Self.safeName(fileName)
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if Self.macroCapableExtensions.contains(ext) { return .failure(.macros) }
        guard let type = Self.sniff(bytes, name: name) else {
            // An OLE compound file (the legacy Office format) is refused under any name.
            return .failure(Self.starts(bytes, Self.oleSignature) ? .macros : .unsupportedType)
        }
        if type.hasPrefix("application/vnd.") {
            return Self.officeContainerProblem(bytes, extension: ext).map { .failure($0) }
                ?? .success(Accepted(fileName: name, mediaType: type))
        }
        return .success(Accepted(fileName: name, mediaType: type))
    }

    public static func safeName(_ name: String) -> String {
        let normalised = VietnameseText.nfc(name).replacingOccurrences(of: "\\", with: "/")
        let last = normalised.split(separator: "/").last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }
            .filter { $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }
            .map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        let trimmed = cleaned.drop(while: { $0 == "." })
        let result = trimmed.isEmpty ? "attachment" : String(trimmed)
        return String(result.prefix(120))
    }

    /// The media type from the file's first bytes; office formats also need the right extension,
    /// since every ZIP starts alike (``officeContainerProblem(_:extension:)`` then looks inside).
    static func sniff(_ bytes: [UInt8], name: String) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), bytes.count >= 12, Array(bytes[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            switch ext {
            case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case "pptx": return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            case "odt": return "application/vnd.oasis.opendocument.text"
            case "ods": return "application/vnd.oasis.opendocument.spreadsheet"
            default: return nil
            }
        }
        return nil
    }

    /// Formats refused by name, whatever their content: macro-enabled OOXML and the legacy
    /// binary formats.
    static let macroCapableExtensions: Set<String> = ["doc", "dot", "xls", "xlt", "ppt", "docm", "dotm", "xlsm", "xltm",
                                                      "xlam", "pptm", "potm", "ppsm"]

    static let oleSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func starts(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix
    }

    /// The entries an OOXML or OpenDocument file of each extension must hold.
    static let requiredEntries: [String: [String]] = [
        "docx": ["[Content_Types].xml", "word/document.xml"],
        "xlsx": ["[Content_Types].xml", "xl/workbook.xml"],
        "pptx": ["[Content_Types].xml", "ppt/presentation.xml"],
        "odt": ["mimetype", "content.xml"],
        "ods": ["mimetype", "content.xml"],
    ]

    /// Why an office container is refused: not the container its extension claims, or holding
    /// something that runs code; nil when it is acceptable.
    static func officeContainerProblem(_ bytes: [UInt8], extension ext: String) -> Refusal? {
        guard let directory = ZipDirectory(bytes), let required = requiredEntries[ext],
              required.allSatisfy(directory.contains) else { return .unsupportedType }
        for entry in directory.entries {
            let name = entry.name.lowercased()
            let file = name.split(separator: "/").last.map(String.init) ?? name
            if file.hasPrefix("vbaproject") || file.hasPrefix("vbadata") || name.contains("activex")
                || (name.contains("/embeddings/") && (file.hasSuffix(".bin") || macroCapableExtensions.contains(
                    file.split(separator: ".").last.map(String.init) ?? "")))
                || name.hasPrefix("basic/") || name.hasPrefix("scripts/") {
                return .macros
            }
        }
        if ext == "odt" || ext == "ods" {
            // The first entry of an OpenDocument file is its type, stored uncompressed.
            let expected = ext == "odt" ? "application/vnd.oasis.opendocument.text" : "application/vnd.oasis.opendocument.spreadsheet"
            guard let first = directory.entries.first, first.name == "mimetype",
                  directory.storedContent(of: first, in: bytes) == Array(expected.utf8) else { return .unsupportedType }
        }
        return nil
    }
}
