/// ZIP files for tests of attachments (OOXML and OpenDocument containers), built by hand.
public enum TestZip {
    /// A ZIP of stored (uncompressed) entries, as office suites write the OpenDocument `mimetype`.
    /// The CRCs are left at zero: the policy reads the directory, never the data's checksum.
    public static func stored(_ entries: [(String, [UInt8])]) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        var body: [UInt8] = []
        var directory: [UInt8] = []
        for (name, data) in entries {
            let offset = body.count
            let nameBytes = Array(name.utf8)
            body += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0) + le32(data.count) + le32(data.count)
                + le16(nameBytes.count) + le16(0) + nameBytes + data
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0)
                + le32(data.count) + le32(data.count) + le16(nameBytes.count) + le16(0) + le16(0) + le16(0) + le16(0)
                + le32(0) + le32(offset) + nameBytes
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(directory.count) + le32(body.count) + le16(0)
        return body + directory + end
    }

}
