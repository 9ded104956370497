import CivicCore
import Testing

struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password", "matkhau", "iloveyou", "qwertyuiopas"])

    @Test func refusesShortCommonRepetitiveAndLoginPasswords() {
        #expect(policy.problem("ngắn quá", login: "lan") == .tooShort)
        #expect(policy.problem(String(repeating: "ư", count: 40), login: "lan") == .tooLong, "80 bytes of UTF-8")
        #expect(policy.problem("QWERTYUIOPAS", login: "lan") == .common, "case does not matter")
        #expect(policy.problem("matkhau12345!", login: "lan") == .common, "a common word with digits and symbols after it")
        #expect(policy.problem("i love you 2026!", login: "lan") == .common, "spaces do not hide it")
        #expect(policy.problem("lan.nguyen-2026-x", login: "lan.nguyen") == .containsLogin)
        #expect(policy.problem("abababababababab", login: "lan") == .repetitive)
        #expect(policy.problem("mật khẩu\ncó xuống dòng", login: "lan") == .controlCharacters)
        #expect(policy.problem("ruộng bậc thang Mù Cang Chải", login: "lan") == nil)
    }

    @Test func readsAListFileSkippingCommentsAndBlankLines() {
        let entries = PasswordPolicy.entries(ofList: "# comment\npassword\n\n  matkhau  \n")
        #expect(entries == ["password", "matkhau"])
    }
}
