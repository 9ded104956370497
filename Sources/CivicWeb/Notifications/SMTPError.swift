/// Why a message was not handed to the SMTP server. The descriptions name no address and no
/// text of the message: they are stored as the outbox's reason and may be logged.
enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// The server answered a step with a failure (4xx passes, 5xx does not).
    case rejected(step: String, reply: SMTPReply)
    /// STARTTLS was required (a password to send, or `starttls=required`) and not offered.
    case startTLSNotOffered
    /// A password is configured and the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case noUsableAuthentication
    case malformedReply
    case connectionClosed
    case timedOut

    var isPermanent: Bool {
        switch self {
        case .rejected(_, let reply): reply.isPermanentFailure
        case .startTLSNotOffered, .noUsableAuthentication: false
        case .malformedReply, .connectionClosed, .timedOut: false
        }
    }

    var description: String {
        switch self {
        case .rejected(let step, let reply):
            // MAIL and RCPT replies may repeat an address: their code says enough.
            step == "MAIL" || step == "RCPT" ? "\(step) refused: \(reply.code)" : "\(step) refused: \(reply.summary)"
        case .startTLSNotOffered: "the server does not offer STARTTLS, which is required"
        case .noUsableAuthentication: "the server offers neither AUTH PLAIN nor AUTH LOGIN"
        case .malformedReply: "the server's reply is not SMTP"
        case .connectionClosed: "the server closed the connection"
        case .timedOut: "no answer from the SMTP server in time"
        }
    }
}
