import CivicCore
import Foundation
import Testing

@Suite struct ContactDetailsTests {
    @Test(arguments: [
        ("0912 345 678", "0912345678"), ("+84 912.345.678", "0912345678"), ("0084-912-345-678", "0912345678"),
        ("(024) 3825 1234", "02438251234"), ("+33 1 23 45 67 89", "+33123456789"),
    ])
    func phonesNormaliseToOneSpelling(input: String, expected: String) {
        #expect(ContactDetails.normalizedPhone(input) == expected)
    }

    @Test(arguments: ["12345", "0912abc678", "+84", "912345678", "+1234567890123456"])
    func invalidPhonesAreRefused(input: String) {
        #expect(ContactDetails.normalizedPhone(input) == nil)
    }

    @Test func emailsAreTrimmedAndLowerCased() {
        #expect(ContactDetails.normalizedEmail("  Lan.Nguyen@Example.VN ") == "lan.nguyen@example.vn")
        for bad in ["lan", "lan@", "@x.vn", "lan@localhost", "a b@x.vn", "a@b@x.vn", "lan@x.vn."] {
            #expect(ContactDetails.normalizedEmail(bad) == nil, "\(bad)")
        }
    }

    @Test func fieldsAreCleanedAndValidatedTogether() throws {
        let nfd = "Nguye\u{302}\u{303}n Thi\u{323} Lan"
        let details = try ContactDetails(name: "  \(nfd) ", phone: "+84912345678", email: "LAN@EXAMPLE.VN", address: "")
        #expect(details.name == "Nguyễn Thị Lan")
        #expect(details.phone == "0912345678")
        #expect(details.email == "lan@example.vn")
        #expect(details.address == nil)
        do {
            _ = try ContactDetails(name: String(repeating: "a", count: 201), phone: "12", email: "x")
            Issue.record("expected errors")
        } catch {
            #expect(error.problems.map(\.code) == ["too_long", "invalid_phone", "invalid_email"])
        }
        #expect(throws: ContactDetailsError.self) { try ContactDetails(name: " ", address: "\n") }
    }

    @Test func noRenderingShowsTheContent() throws {
        let details = try ContactDetails(name: "Lò Văn Páo", phone: "0912345678", email: "pao@example.vn")
        var dumped = ""
        dump(details, to: &dumped)
        for text in ["\(details)", String(reflecting: details), dumped, "\([details])"] {
            for secret in ["Páo", "0912345678", "pao@example.vn"] {
                #expect(!text.contains(secret), "\(text)")
            }
        }
        #expect("\(details)" == "ContactDetails(name, phone, email: redacted)")
    }

    @Test func consentOnlyFromAnAffirmativeAnswer() {
        #expect(ContactConsent(answer: "yes", at: Date()) != nil)
        for answer in [nil, "", "no", "on", "YES", "true"] as [String?] {
            #expect(ContactConsent(answer: answer, at: Date()) == nil)
        }
    }
}
