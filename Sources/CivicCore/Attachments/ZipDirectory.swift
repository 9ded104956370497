/// The entry names of a ZIP file (an OOXML or OpenDocument container), read from its central
/// directory without extracting anything, so that an upload can be checked to be what its name
/// claims and to carry no macros.
///
/// Written here rather than with ZIPFoundation: only the names are needed, CivicCore does no I/O
/// (ZIPFoundation reads an in-memory archive through a C stream), and a strict reader that refuses
/// anything unusual (ZIP64, a directory that does not fit, too many entries) is what a check wants.
public struct ZipDirectory: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public let name: String
        /// Offset of the entry's local header, from the start of the file.
        public let localHeaderOffset: Int
        /// 0: stored (uncompressed).
        public let method: Int
        public let compressedSize: Int
    }

    public let entries: [Entry]

    /// Reads the central directory of `bytes`; nil when it is not a well-formed, ordinary ZIP.
    public init?(_ bytes: [UInt8], maximumEntries: Int = 10_000) {
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return low | high << 16
        }
        // End of central directory: 22 bytes plus a comment of at most 65 535, at the very end.
        let lowest = max(0, bytes.count - 22 - 65_535)
        var end: Int?
        var position = bytes.count - 22
        while position >= lowest {
            if u32(position) == 0x0605_4B50 { end = position; break }
            position -= 1
        }
        guard let end, let count = u16(end + 10), let size = u32(end + 12), let offset = u32(end + 16),
              count <= maximumEntries, count != 0xFFFF, offset != 0xFFFF_FFFF, offset + size <= end else { return nil }
        var entries: [Entry] = []
        var cursor = offset
        for _ in 0..<count {
            guard u32(cursor) == 0x0201_4B50, let method = u16(cursor + 10), let compressed = u32(cursor + 20),
                  let nameLength = u16(cursor + 28), let extraLength = u16(cursor + 30),
                  let commentLength = u16(cursor + 32), let local = u32(cursor + 42),
                  cursor + 46 + nameLength <= end, local < offset,
                  let name = String(validating: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            else { return nil }
            entries.append(Entry(name: name, localHeaderOffset: local, method: method, compressedSize: compressed))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    public func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    /// The bytes of a stored (uncompressed) entry, such as an OpenDocument's `mimetype`; nil for a
    /// compressed one or one whose data does not fit.
    public func storedContent(of entry: Entry, in bytes: [UInt8]) -> [UInt8]? {
        let header = entry.localHeaderOffset
        guard entry.method == 0, header + 30 <= bytes.count,
              bytes[header] == 0x50, bytes[header + 1] == 0x4B, bytes[header + 2] == 0x03, bytes[header + 3] == 0x04
        else { return nil }
        let nameLength = Int(bytes[header + 26]) | Int(bytes[header + 27]) << 8
        let extraLength = Int(bytes[header + 28]) | Int(bytes[header + 29]) << 8
        let start = header + 30 + nameLength + extraLength
        guard start + entry.compressedSize <= bytes.count else { return nil }
        return Array(bytes[start..<(start + entry.compressedSize)])
    }
}
