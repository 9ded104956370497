import Foundation

/// IP addresses as text, checked and written one way, so that an address from configuration and
/// one from a socket or a header compare equal. Written here with `inet_pton`/`inet_ntop` (no I/O):
/// CivicCore does not depend on NIO, whose `SocketAddress` does the same.
public enum IPAddressText {
    /// The address in its canonical text (`::ffff:1.2.3.4` stays IPv6, `2001:DB8::1` becomes
    /// `2001:db8::1`), or nil when `text` is not an IPv4 or IPv6 address (no port, no zone).
    public static func canonical(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return write(family: AF_INET, &v4, length: Int(INET_ADDRSTRLEN))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return write(family: AF_INET6, &v6, length: Int(INET6_ADDRSTRLEN))
        }
        return nil
    }

    private static func write<Address>(family: Int32, _ address: inout Address, length: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: length)
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
