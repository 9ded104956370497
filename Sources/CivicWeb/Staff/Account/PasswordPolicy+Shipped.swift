import CivicCore
import Foundation

extension PasswordPolicy {
    /// The policy with the list of common passwords shipped in the CivicWeb bundle
    /// (`passwords/common-passwords.txt`).
    /// - Throws: when the file is missing or empty: the server does not start without it.
    static func shipped() throws -> PasswordPolicy {
        guard let url = Bundle.module.url(forResource: "passwords", withExtension: nil)?
            .appendingPathComponent("common-passwords.txt") else {
            throw PageRenderer.TemplateError.missing("passwords/common-passwords.txt in the CivicWeb resource bundle")
        }
        let entries = PasswordPolicy.entries(ofList: try String(contentsOf: url, encoding: .utf8))
        guard !entries.isEmpty else {
            throw PageRenderer.TemplateError.missing("the common passwords in passwords/common-passwords.txt")
        }
        return PasswordPolicy(commonPasswords: entries)
    }
}
