import CivicCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns a client address into a keyed hash, so rate limits and login throttles can tell clients
/// apart without the raw address ever being kept (DOMAIN.md: IP addresses never stored raw).
///
/// Behind a reverse proxy every request comes from the proxy: for a peer listed in
/// `TRUSTED_PROXIES`, the client is the right-most `X-Forwarded-For` address that is not itself a
/// trusted proxy (the left part of that header is whatever the client chose to send). Hops with
/// a port (`1.2.3.4:5678`, `[2001:db8::1]:443`) are read as their address; an IPv4-mapped IPv6
/// address is the IPv4 one; an IPv6 client is counted by its /64 (``IPAddressText/clientNetwork(_:)``).
struct AddressHasher: Sendable {
    let key: SymmetricKey
    /// Canonical addresses (``IPAddressText``) whose `X-Forwarded-For` is believed.
    var trustedProxies: Set<String> = []

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The hash of the client of `request`, arriving from `peer`.
    func hash(_ request: Request, peer: SocketAddress?) -> String {
        // Without trusted proxies (the default) the peer is the client: no parsing per request.
        guard !trustedProxies.isEmpty else {
            // NIO writes the peer canonically already: an IPv4 one (no colon) is used as it is.
            guard let address = peer?.ipAddress else { return hash("unknown") }
            guard address.contains(":") else { return hash(address) }
            return hash(IPAddressText.canonical(address).map(IPAddressText.clientNetwork) ?? address)
        }
        return hash(network(of: client(peer: peer?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor])))
    }

    /// What a client address is counted as: itself, or its /64 for IPv6.
    func network(of client: String) -> String {
        client == "unknown" ? client : IPAddressText.clientNetwork(client)
    }

    private func hash(_ text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)
        return Data(mac.prefix(12)).base64URLEncoded
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy, the right-most
    /// forwarded address that is not one. A malformed entry stops the walk at the last trusted
    /// address: what cannot be read cannot be told apart, so it must not dodge the limits.
    func client(peer: String?, forwardedFor: [String]) -> String {
        guard let peer = peer.flatMap(IPAddressText.canonical) else { return "unknown" }
        guard trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddressText.hop(hop) else { return client }
            client = address
            if !trustedProxies.contains(address) { break }
        }
        return client
    }
}
