import Foundation

/// Which files a citizen may attach to a feedback item, recognised by their content (not by the
/// name or the type a client claims): images, PDF and office documents, a few megabytes each.
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

        /// The UI string key that explains it.
        public var code: String {
            switch self {
            case .empty: "attachment_empty"
            case .tooLarge: "attachment_too_large"
            case .unsupportedType: "attachment_type"
            case .tooMany: "attachment_too_many"
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
        guard let type = Self.sniff(bytes, name: name) else { return .failure(.unsupportedType) }
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
    /// since every ZIP (and every OLE file) starts alike.
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
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            switch ext {
            case "doc": return "application/msword"
            case "xls": return "application/vnd.ms-excel"
            default: return nil
            }
        }
        return nil
    }
}
