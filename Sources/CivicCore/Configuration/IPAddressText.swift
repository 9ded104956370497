import Foundation

/// IP addresses as text, checked and written one way, so that an address from configuration and
/// one from a socket or a header compare equal. Written here with `inet_pton`/`inet_ntop` (no I/O):
/// CivicCore does not depend on NIO, whose `SocketAddress` does the same.
public enum IPAddressText {
    /// The address in its canonical text (`2001:DB8::1` becomes `2001:db8::1`; an IPv4-mapped
    /// `::ffff:1.2.3.4`, which is how a dual-stack socket shows an IPv4 peer, becomes `1.2.3.4`),
    /// or nil when `text` is not an IPv4 or IPv6 address (no port, no zone).
    public static func canonical(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return write(family: AF_INET, &v4, length: Int(INET_ADDRSTRLEN))
        }
        guard var v6 = ipv6(text) else { return nil }
        if let mapped = ipv4Mapped(v6) { return mapped }
        return write(family: AF_INET6, &v6, length: Int(INET6_ADDRSTRLEN))
    }

    /// One hop of an `X-Forwarded-For` (or `Forwarded: for=`) list as proxies write them: an
    /// address, `1.2.3.4:5678`, `[2001:db8::1]` or `[2001:db8::1]:443`, possibly in double quotes.
    /// The canonical address, or nil when the hop is none of these (`unknown`, an obfuscated name).
    public static func hop(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            let rest = value[value.index(after: close)...]
            guard rest.isEmpty || isPort(rest.dropFirst()) && rest.first == ":" else { return nil }
            return canonical(String(value[value.index(after: value.startIndex)..<close]))
        }
        if let address = canonical(value) { return address }
        // IPv4 with a port: exactly one colon (an IPv6 address has several, and no port unbracketed).
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, isPort(parts[1]) else { return nil }
        var v4 = in_addr()
        guard inet_pton(AF_INET, String(parts[0]), &v4) == 1 else { return nil }
        return canonical(String(parts[0]))
    }

    /// The network a client is counted as for rate limits: an IPv4 address itself; for IPv6, its
    /// /64, which is what one subscriber is given (RFC 6177): counting single IPv6 addresses
    /// would give each client 2^64 fresh allowances. `address` is canonical (``canonical(_:)``).
    public static func clientNetwork(_ address: String) -> String {
        guard var v6 = ipv6(address) else { return address }
        withUnsafeMutableBytes(of: &v6) { bytes in
            for index in 8..<16 { bytes[index] = 0 }
        }
        return (write(family: AF_INET6, &v6, length: Int(INET6_ADDRSTRLEN)) ?? address) + "/64"
    }

    private static func ipv6(_ text: String) -> in6_addr? {
        var v6 = in6_addr()
        return inet_pton(AF_INET6, text, &v6) == 1 ? v6 : nil
    }

    /// `::ffff:a.b.c.d` as `a.b.c.d`; nil for any other IPv6 address.
    private static func ipv4Mapped(_ address: in6_addr) -> String? {
        let bytes = withUnsafeBytes(of: address) { Array($0) }
        guard bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return bytes[12..<16].map(String.init).joined(separator: ".")
    }

    private static func isPort(_ text: Substring) -> Bool {
        (1...5).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber } && (Int(text) ?? 0) <= 65535
    }

    private static func write<Address>(family: Int32, _ address: inout Address, length: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: length)
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
