import NIOCore

/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its lines, multi-line replies joined.
struct SMTPReply: Sendable, Hashable {
    let code: Int
    let lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    /// 5xx: the same command will fail again.
    var isPermanentFailure: Bool { code >= 500 }

    /// The reply as one line, for a failure's recorded reason. Servers put no address of ours
    /// in the reply texts we record (greeting, EHLO, AUTH, DATA); RCPT and MAIL replies, which
    /// may echo one, are recorded by code only.
    var summary: String { "\(code) " + lines.joined(separator: " ").prefix(200) }

    /// Decodes the server's byte stream into replies.
    struct Decoder: ByteToMessageDecoder {
        typealias InboundOut = SMTPReply

        /// A line longer than this is not SMTP (RFC 5321 §4.5.3.1.5 allows 512 with the code).
        static let maximumLineLength = 4096
        private var pending: [String] = []

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.readableBytes > Self.maximumLineLength { throw SMTPError.malformedReply }
                return .needMoreData
            }
            let length = newline - buffer.readerIndex + 1
            guard var bytes = buffer.readBytes(length: length) else { return .needMoreData }
            // Bytes, not Characters: "\r\n" is one Character, which `String.last` would not match.
            while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)),
                  (200...599).contains(code) || (100...199).contains(code) else { throw SMTPError.malformedReply }
            let continued = bytes.count > 3 && bytes[3] == UInt8(ascii: "-")
            pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if !continued {
                let reply = SMTPReply(code: code, lines: pending)
                pending = []
                context.fireChannelRead(wrapInboundOut(reply))
            }
            return .continue
        }

        mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
            while try decode(context: context, buffer: &buffer) == .continue {}
            return .needMoreData
        }
    }
}
