import CivicCore
import Testing

@Suite struct AppConfigurationTests {
    let secret = String(repeating: "s", count: 32)
    let dataKeys = "k1:" + String(repeating: "A", count: 43) + "="
    let ratingKeys = "r1:" + String(repeating: "B", count: 43) + "="

    @Test func defaultsApplyWhenOnlyTheSecretsAreSet() throws {
        let configuration = try AppConfiguration(environment: ["SECRET_KEY": secret, "DATA_KEYS": dataKeys])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.logLevel == .info)
        #expect(configuration.formsDirectory == "Forms")
        #expect(configuration.migrationsDirectory == "Migrations")
        #expect(configuration.databaseURL == DatabaseURL(username: "civicvoice", password: nil, host: "127.0.0.1",
                                                         port: 5432, database: "civicvoice", sslMode: .prefer))
    }

    @Test func everyBadKeyIsNamedAtOnce() {
        let environment = [
            "DATABASE_URL": "mysql://x@y/z",
            "PORT": "80000",
            "LOG_LEVEL": "loud",
            "SECRET_KEY": "short",
            "HOST": "bad host",
            "DATA_KEYS": dataKeys,
        ]
        do {
            _ = try AppConfiguration(environment: environment)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["DATABASE_URL", "HOST", "PORT", "LOG_LEVEL", "SECRET_KEY"])
            #expect(error.description.contains("PORT: must be a whole number from 1 to 65535, got \"80000\""))
            #expect(error.description.contains("SECRET_KEY: must be at least 32 characters, got 5"))
            #expect(error.description.hasPrefix("invalid configuration (5 problems):"))
        }
    }

    @Test func trustedProxiesAreAddressesWrittenOneWay() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        #expect(try AppConfiguration(environment: base).trustedProxies.isEmpty)
        let set = try AppConfiguration(environment: base.merging(["TRUSTED_PROXIES": " 10.0.0.2, 2001:DB8:0:0::1 "]) { $1 })
        #expect(set.trustedProxies == ["10.0.0.2", "2001:db8::1"])
        do {
            _ = try AppConfiguration(environment: base.merging(["TRUSTED_PROXIES": "10.0.0.2,proxy.local,10.0.0.0/8"]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["TRUSTED_PROXIES", "TRUSTED_PROXIES"])
            #expect(error.description.contains("\"proxy.local\" is not an IPv4 or IPv6 address"))
        }
    }

    @Test func reportingConventionDefaultsToCalendarAndRefusesOtherWords() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        #expect(try AppConfiguration(environment: base).reportingConvention == .calendar)
        let cutoff = try AppConfiguration(environment: base.merging(["REPORTING_CONVENTION": "Cutoff"]) { $1 })
        #expect(cutoff.reportingConvention == .cutoff)
        do {
            _ = try AppConfiguration(environment: base.merging(["REPORTING_CONVENTION": "fiscal", "PORT": "0"]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["PORT", "REPORTING_CONVENTION"])
            #expect(error.description.contains("REPORTING_CONVENTION: must be calendar or cutoff, got \"fiscal\""))
        }
        #expect(AppConfiguration.keys.contains { $0.name == "REPORTING_CONVENTION" && $0.defaultValue == "calendar" })
    }

    @Test func migrationAndReadURLsAreOptionalAndTheLagBoundIsSeconds() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        let defaults = try AppConfiguration(environment: base)
        #expect(defaults.migrationDatabaseURL == nil)
        #expect(defaults.readDatabaseURL == nil)
        #expect(defaults.readMaximumLag == .seconds(60))
        let set = try AppConfiguration(environment: base.merging([
            "MIGRATION_DATABASE_URL": "postgres://owner@db:5432/civic?sslmode=disable",
            "DATABASE_READ_URL": "postgres://cv@replica:5432/civic?sslmode=disable",
            "DATABASE_READ_MAX_LAG": "15",
        ]) { $1 })
        #expect(set.migrationDatabaseURL?.username == "owner")
        #expect(set.readDatabaseURL?.host == "replica")
        #expect(set.readMaximumLag == .seconds(15))
        do {
            _ = try AppConfiguration(environment: base.merging([
                "MIGRATION_DATABASE_URL": "mysql://x@y/z", "DATABASE_READ_URL": "postgres://db/civic",
                "DATABASE_READ_MAX_LAG": "0",
            ]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["MIGRATION_DATABASE_URL", "DATABASE_READ_URL", "DATABASE_READ_MAX_LAG"])
            #expect(error.description.contains("DATABASE_READ_URL: has no user name"))
            #expect(error.description.contains("DATABASE_READ_MAX_LAG: must be a whole number of seconds from 1 to 86400, got \"0\""))
        }
    }

    @Test func smtpNeedsASenderAndThePublicAddressAndHidesItsPassword() throws {
        // Unset: no relay, nothing required.
        #expect(try AppConfiguration(environment: ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]).smtpURL == nil)
        // Set alone: the sender and the links' base are named as missing.
        do {
            _ = try AppConfiguration(environment: ["SECRET_KEY": secret, "DATA_KEYS": dataKeys,
                                                   "SMTP_URL": "smtp://pakn:hunter2@relay.example.vn:587"])
            Issue.record("expected a configuration error")
        } catch {
            #expect(Set(error.problems.map(\.key)) == ["SMTP_FROM", "PUBLIC_BASE_URL", "RATING_LINK_KEYS"])
            #expect(!error.description.contains("hunter2"))
        }
        let configuration = try AppConfiguration(environment: [
            "SECRET_KEY": secret, "DATA_KEYS": dataKeys, "SMTP_URL": "smtps://relay.example.vn",
            "SMTP_FROM": "Sở Tư pháp <pakn@example.vn>", "PUBLIC_BASE_URL": "https://pakn.example.vn/",
            "RATING_LINK_KEYS": ratingKeys,
        ])
        #expect(configuration.smtpURL?.security == .implicitTLS)
        #expect(configuration.smtpFrom?.address == "pakn@example.vn")
        #expect(configuration.publicBaseURL == "https://pakn.example.vn")
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["SECRET_KEY": secret, "DATA_KEYS": dataKeys, "SMTP_URL": "smtp://relay.example.vn",
                                               "SMTP_FROM": "pakn@example.vn", "PUBLIC_BASE_URL": "ftp://x",
                                               "SMTP_CA_FILE": "/nonexistent/ca.pem"])
        }
    }

    @Test func minimumRespondentsDefaultsToThirty() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        #expect(try AppConfiguration(environment: base).minimumRespondents == 30)
        #expect(try AppConfiguration(environment: base.merging(["MIN_RESPONDENTS": "50"]) { $1 }).minimumRespondents == 50)
        do {
            _ = try AppConfiguration(environment: base.merging(["MIN_RESPONDENTS": "-1"]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.description.contains("MIN_RESPONDENTS: must be a whole number from 0 to 1000000, got \"-1\""))
        }
    }

    @Test func kioskResetsAfterTenSecondsAndAnIdleScreenAfterThreeMinutes() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        let defaults = try AppConfiguration(environment: base)
        #expect(defaults.kioskResetSeconds == 10 && defaults.kioskIdleSeconds == 180)
        #expect(try AppConfiguration(environment: base.merging(["KIOSK_RESET_SECONDS": "5"]) { $1 }).kioskResetSeconds == 5)
        do {
            _ = try AppConfiguration(environment: base.merging(["KIOSK_RESET_SECONDS": "0", "KIOSK_IDLE_SECONDS": "x"]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.description.contains("KIOSK_RESET_SECONDS: must be a whole number of seconds from 3 to 600, got \"0\""))
            #expect(error.description.contains("KIOSK_IDLE_SECONDS: must be a whole number of seconds from 30 to 3600, got \"x\""))
        }
    }

    @Test func ratingLinksHaveKeysAndADefaultOfFourteenDays() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        let defaults = try AppConfiguration(environment: base)
        #expect(defaults.ratingLinkDays == 14)
        #expect(defaults.ratingLinkKeys.isEmpty)
        let set = try AppConfiguration(environment: base.merging(["RATING_LINK_KEYS": ratingKeys, "RATING_LINK_DAYS": "30"]) { $1 })
        #expect(set.ratingLinkDays == 30)
        #expect(set.ratingLinkKeys.map(\.id) == ["r1"])
        do {
            _ = try AppConfiguration(environment: base.merging(["RATING_LINK_KEYS": "r1:c2hvcnQ=", "RATING_LINK_DAYS": "0"]) { $1 })
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["RATING_LINK_KEYS", "RATING_LINK_DAYS"])
            #expect(error.description.contains("key r1 must be 32 bytes"))
        }
    }

    @Test func reminderLeadDaysDefaultToThreeAndOneAndRefuseWhatIsNotAShortList() throws {
        let base = ["SECRET_KEY": secret, "DATA_KEYS": dataKeys]
        #expect(try AppConfiguration(environment: base).reminderLeadDays == [3, 1])
        #expect(try AppConfiguration(environment: base.merging(["REMINDER_LEAD_DAYS": " 1, 5 ,2"]) { $1 }).reminderLeadDays
            == [5, 2, 1])
        for bad in ["0", "3,3", "31", "1,2,3,4,5,6", "3,", "ba"] {
            do {
                _ = try AppConfiguration(environment: base.merging(["REMINDER_LEAD_DAYS": bad]) { $1 })
                Issue.record("expected a configuration error for \(bad)")
            } catch {
                #expect(error.problems.map(\.key) == ["REMINDER_LEAD_DAYS"], "\(bad)")
                #expect(error.description.contains("got \"\(bad)\""))
            }
        }
    }

    @Test func missingSecretIsReportedOnlyWhenRequired() throws {
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: [:]) }
        let configuration = try AppConfiguration(environment: [:], requireSecret: false)
        #expect(configuration.secretKey == "")
    }

    @Test func databaseURLIsParsedWithSSLModeAndPasswordHiddenInDescription() throws {
        let url = try DatabaseURL(parsing: "postgres://cv:p%40ss@db.example:6543/civic?sslmode=require")
        #expect(url.username == "cv")
        #expect(url.password == "p@ss")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "civic")
        #expect(url.sslMode == .require)
        #expect(url.description == "postgres://cv:***@db.example:6543/civic?sslmode=require")
    }

    @Test(arguments: [
        ("postgres://db/civic", "has no user name"),
        ("postgres://u@db/", "must name exactly one database after the host, as in /civicvoice"),
        ("postgres://u@db/civic?sslmode=always", "sslmode must be one of disable, prefer, require"),
        ("postgres://u@db/civic?timeout=3", "unknown parameter timeout (only sslmode is understood)"),
        ("http://u@db/civic", "scheme must be postgres:// or postgresql://, not http://"),
    ])
    func badDatabaseURLsSayWhy(text: String, reason: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: text) }
        do { _ = try DatabaseURL(parsing: text) } catch { #expect(error.reason == reason) }
    }
}
