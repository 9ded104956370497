import CivicCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands one message at a time to an SMTP server (RFC 5321): EHLO, STARTTLS when offered (or
/// required), AUTH PLAIN or LOGIN, MAIL FROM with BODY=8BITMIME when announced, RCPT TO, DATA with
/// dot-stuffing, QUIT.
///
/// Written here on SwiftNIO because the package mirror has no SMTP client
/// (/work/.library/env/machines/swift-packages-b.md lists none); the protocol subset a relay
/// needs is small, and NIOSSL, which is in the mirror, does the TLS.
///
/// Guarantees: no address, password or message text is logged or put in an error; every send
/// ends within ``timeout``; one connection per message, closed afterwards.
struct SMTPClient: Sendable {
    let url: SMTPURL
    /// The name this client gives in EHLO (the service's host name).
    let heloName: String
    let tls: NIOSSLContext
    let timeout: Duration

    /// - Parameter caFile: a PEM file of the authorities to trust instead of the system's (a
    ///   relay with a private certificate); nil: the system's.
    init(url: SMTPURL, heloName: String, caFile: String?, timeout: Duration = .seconds(30)) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.trustRoots = .file(caFile) }
        self.url = url
        self.heloName = heloName
        self.tls = try NIOSSLContext(configuration: configuration)
        self.timeout = timeout
    }

    /// Sends `message` from `from` (the envelope sender) to `message.to`.
    /// - Throws: ``SMTPError`` for a refusal or a protocol failure; NIO's errors for the connection.
    func send(_ message: MailMessage, from: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await session(message, from: from) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SMTPError.timedOut
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func session(_ message: MailMessage, from: String) async throws {
        let host = url.host
        let implicitTLS = url.security == .implicitTLS
        let tls = tls
        let serverName = Self.serverName(host)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: url.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReply.Decoder()))
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            func read(_ step: String, expecting codes: Set<Int>) async throws -> SMTPReply {
                guard let reply = try await replies.next() else { throw SMTPError.connectionClosed }
                guard codes.contains(reply.code) else { throw SMTPError.rejected(step: step, reply: reply) }
                return reply
            }
            func command(_ line: String, step: String, expecting codes: Set<Int>) async throws -> SMTPReply {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await read(step, expecting: codes)
            }

            _ = try await read("greeting", expecting: [220])
            var extensions = try await hello(command)
            if !implicitTLS {
                if extensions.contains("STARTTLS") {
                    _ = try await command("STARTTLS", step: "STARTTLS", expecting: [220])
                    let pipeline = channel.channel.pipeline
                    try await channel.channel.eventLoop.submit {
                        try pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName),
                                                               position: .first)
                    }.get()
                    // RFC 3207 §4.2: forget what was learnt before TLS and ask again.
                    extensions = try await hello(command)
                } else if url.security == .startTLSRequired {
                    throw SMTPError.startTLSNotOffered
                }
            }
            if let username = url.username {
                try await authenticate(username: username, password: url.password ?? "", extensions: extensions, command)
            }
            let eightBit = extensions.contains("8BITMIME")
            _ = try await command("MAIL FROM:<\(from)>" + (eightBit ? " BODY=8BITMIME" : ""), step: "MAIL", expecting: [250])
            _ = try await command("RCPT TO:<\(message.to)>", step: "RCPT", expecting: [250, 251])
            _ = try await command("DATA", step: "DATA", expecting: [354])
            try await outbound.write(ByteBuffer(string: Self.dotStuffed(message.encoded(eightBit: eightBit)) + ".\r\n"))
            _ = try await read("DATA", expecting: [250])
            // The message is accepted; a failed QUIT changes nothing.
            _ = try? await command("QUIT", step: "QUIT", expecting: [221])
        }
    }

    /// EHLO (HELO when the server does not know it); the upper-cased keywords of the extensions.
    private func hello(_ command: (String, String, Set<Int>) async throws -> SMTPReply) async throws -> Set<String> {
        do {
            let reply = try await command("EHLO \(heloName)", "EHLO", [250])
            return Set(reply.lines.dropFirst().compactMap { $0.split(separator: " ").first.map { $0.uppercased() } }
                + reply.lines.dropFirst().filter { $0.uppercased().hasPrefix("AUTH") }.flatMap {
                    $0.uppercased().split(separator: " ").dropFirst().map { "AUTH=" + $0 }
                })
        } catch SMTPError.rejected(_, let reply) where reply.isPermanentFailure {
            _ = try await command("HELO \(heloName)", "HELO", [250])
            return []
        }
    }

    private func authenticate(username: String, password: String, extensions: Set<String>,
                              _ command: (String, String, Set<Int>) async throws -> SMTPReply) async throws {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if extensions.contains("AUTH=PLAIN") {
            _ = try await command("AUTH PLAIN " + base64("\u{0}\(username)\u{0}\(password)"), "AUTH", [235])
        } else if extensions.contains("AUTH=LOGIN") {
            _ = try await command("AUTH LOGIN", "AUTH", [334])
            _ = try await command(base64(username), "AUTH", [334])
            _ = try await command(base64(password), "AUTH", [235])
        } else {
            throw SMTPError.noUsableAuthentication
        }
    }

    /// RFC 5321 §4.5.2: a line that starts with a dot gets one more, so that no line of the text
    /// reads as the end of the data.
    static func dotStuffed(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }

    /// The name sent in SNI and checked against the certificate; nil for an IP address (SNI
    /// carries names only; the certificate is then checked against the address).
    private static func serverName(_ host: String) -> String? {
        IPAddressText.canonical(host) == nil ? host : nil
    }
}
