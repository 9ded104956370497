import Foundation

/// Everything the server reads from its environment, validated in one pass.
///
/// Every key is documented in ``AppConfiguration/keys`` (the README's table is written from it).
/// A bad or missing value never stops at the first problem: ``init(environment:)`` collects them
/// all so an operator fixes a deployment in one go.
public struct AppConfiguration: Sendable {
    public var databaseURL: DatabaseURL
    /// Where migrations run (`migrate`, and `serve` at start): the schema's owner, directly rather
    /// than through a transaction pooler. Nil: `databaseURL`.
    public var migrationDatabaseURL: DatabaseURL?
    /// A streaming replica that analytics and exports read from. Nil: they read the primary.
    public var readDatabaseURL: DatabaseURL?
    /// How far behind the primary the replica may be before reads fall back to the primary.
    public var readMaximumLag: Duration
    public var host: String
    public var port: Int
    public var logLevel: LogLevelName
    /// Signs session cookies and CSRF tokens, and salts address hashes. Never logged.
    public var secretKey: String
    public var formsDirectory: String
    public var migrationsDirectory: String
    /// Submissions allowed per client address and minute (web form and API); 0 turns the limit off.
    public var rateLimitPerMinute: Int
    /// Mark cookies `Secure` (set when the service is reached over HTTPS, as in production).
    public var cookieSecure: Bool
    /// Keys that encrypt contact details at rest: the first encrypts, all decrypt. Empty only when
    /// not required and not set. Never logged.
    public var dataKeys: [DataKey]
    /// How analytics choose a period's days when a request does not say (`convention=`): calendar
    /// months, or the data cut-off of NĐ 09/2019/NĐ-CP Art. 12 (15th to 14th).
    public var reportingConvention: ReportingPeriod.Convention
    /// Addresses of the reverse proxies in front of the server (the TLS terminator, a load
    /// balancer): a request from one of them is counted against the client its `X-Forwarded-For`
    /// names, not against the proxy. Empty: the header is never believed.
    public var trustedProxies: [String]
    /// Seconds a connection may send nothing (between requests, or in the middle of a request's
    /// head) before it is closed; also the time a request body has to start arriving.
    public var httpIdleTimeout: Int
    /// Connections served at once; past it the server stops accepting until one closes.
    public var httpMaximumConnections: Int
    /// MiB of large request bodies held in memory at once; past it such requests get 503.
    public var httpBodyBudgetMiB: Int
    /// The relay that messages to citizens go through; nil: none are sent (they stay queued).
    public var smtpURL: SMTPURL?
    /// The sender of those messages; required with `smtpURL`.
    public var smtpFrom: MailAddress?
    /// A PEM file of the authorities to trust for the relay's certificate instead of the system's.
    public var smtpCAFile: String?
    /// Where citizens reach the service (`https://pakn.example.vn`, no trailing slash): the base of
    /// the links in messages; required with `smtpURL`.
    public var publicBaseURL: String?
    /// Below this many respondents a unit's satisfaction rate is shown as "too few answers" and
    /// takes no place in a ranking or a chart colour.
    public var minimumRespondents: Int
    /// Seconds a kiosk's thank-you screen stays before the kiosk returns to its start for the next citizen.
    public var kioskResetSeconds: Int
    /// Seconds a kiosk's question screen may stay untouched before the kiosk returns to its start,
    /// dropping what a citizen who walked away had begun.
    public var kioskIdleSeconds: Int
    /// Keys that sign the rating links of the `published` message (the first signs, all verify);
    /// required with `smtpURL`, empty otherwise unless set. Never logged.
    public var ratingLinkKeys: [DataKey]
    /// Days a rating link works after publication; a holder of the tracking code may rate for
    /// as long after publication too.
    public var ratingLinkDays: Int
    /// Working days before a due date at which the assignee is reminded, largest first.
    public var reminderLeadDays: [Int]
    /// How long a background export's file (and a failed export's record) is kept once it ends.
    public var exportKeep: Duration

    /// One documented environment variable.
    public struct Key: Sendable {
        public let name: String
        /// nil: unset unless given (required ones refuse to start, the others mean "none").
        public let defaultValue: String?
        public let meaning: String
        /// `serve` refuses to start without it.
        public let isRequired: Bool

        init(name: String, defaultValue: String?, meaning: String, isRequired: Bool = false) {
            self.name = name
            self.defaultValue = defaultValue
            self.meaning = meaning
            self.isRequired = isRequired
        }
    }

    /// The environment variables, their defaults and what they mean.
    /// Long enough to read "thank you", short enough that the next citizen finds the start.
    public static let defaultKioskResetSeconds = 10
    /// Long enough to find a dossier code on the receipt and type it.
    public static let defaultKioskIdleSeconds = 180

    public static let keys: [Key] = [
        Key(name: "DATABASE_URL", defaultValue: "postgres://civicvoice@127.0.0.1:5432/civicvoice?sslmode=prefer",
            meaning: "PostgreSQL to use: postgres://user:pass@host:port/db?sslmode=disable|prefer|require"),
        Key(name: "MIGRATION_DATABASE_URL", defaultValue: nil,
            meaning: "PostgreSQL for migrations (`migrate`, and `serve` at start), as the schema's owner and not "
                + "through a transaction pooler (default: DATABASE_URL)"),
        Key(name: "DATABASE_READ_URL", defaultValue: nil,
            meaning: "a streaming replica for metrics, reports, the dashboard, exports and `analytics verify` "
                + "(default: none, they read DATABASE_URL)"),
        Key(name: "DATABASE_READ_MAX_LAG", defaultValue: "60",
            meaning: "seconds the replica may lag behind the primary before reads fall back to the primary (1-86400)"),
        Key(name: "HOST", defaultValue: "127.0.0.1", meaning: "address the HTTP server binds to"),
        Key(name: "PORT", defaultValue: "8080", meaning: "TCP port the HTTP server listens on (1-65535)"),
        Key(name: "LOG_LEVEL", defaultValue: "info",
            meaning: "one of " + LogLevelName.allCases.map(\.rawValue).joined(separator: ", ")),
        Key(name: "SECRET_KEY", defaultValue: nil,
            meaning: "required, at least 32 characters: signs cookies and CSRF tokens, salts address hashes",
            isRequired: true),
        Key(name: "FORMS_DIR", defaultValue: "Forms", meaning: "directory of form definitions (*.yaml, ui/*.yaml)"),
        Key(name: "MIGRATIONS_DIR", defaultValue: "Migrations", meaning: "directory of NNNN_name.sql migrations"),
        Key(name: "RATE_LIMIT_PER_MINUTE", defaultValue: "30",
            meaning: "submissions per client address and minute, web and API (0 turns the limit off)"),
        Key(name: "COOKIE_SECURE", defaultValue: "false", meaning: "true behind HTTPS: cookies are sent over HTTPS only"),
        Key(name: "DATA_KEYS", defaultValue: nil,
            meaning: "required: id:base64key,… (32-byte keys) encrypting contact details; the first encrypts, all decrypt",
            isRequired: true),
        Key(name: "TRUSTED_PROXIES", defaultValue: "",
            meaning: "IP addresses of the reverse proxies in front of the server, comma-separated: the rate limits "
                + "and sign-in throttle then count the client their X-Forwarded-For names (empty: trust none)"),
        Key(name: "HTTP_IDLE_TIMEOUT", defaultValue: "30",
            meaning: "seconds a connection may stay silent (between requests or inside a request head) before it is "
                + "closed; a request body must then arrive at 512 bytes a second or more (1-3600)"),
        Key(name: "HTTP_MAX_CONNECTIONS", defaultValue: "2000",
            meaning: "connections served at once; past it new ones wait until one closes (1-1000000)"),
        Key(name: "HTTP_BODY_BUDGET_MB", defaultValue: "64",
            meaning: "MiB of large request bodies (over 64 KiB) held in memory at once; past it such requests get 503 "
                + "with Retry-After (10-65536)"),
        Key(name: "REPORTING_CONVENTION", defaultValue: "calendar",
            meaning: "calendar or cutoff: the days of a reporting period when a request gives no convention= "
                + "(cutoff: from the 15th of the month before to the 14th, NĐ 09/2019/NĐ-CP Art. 12)"),
        Key(name: "SMTP_URL", defaultValue: nil,
            meaning: "the relay for messages to citizens who gave an email with consent: smtp://user:pass@host:587 "
                + "(STARTTLS when offered; required with a password or ?starttls=required) or smtps://…:465 "
                + "(default: none, messages stay queued)"),
        Key(name: "SMTP_FROM", defaultValue: nil,
            meaning: "required with SMTP_URL: the sender, as pakn@example.vn or \"Sở Văn hoá <pakn@example.vn>\""),
        Key(name: "SMTP_CA_FILE", defaultValue: nil,
            meaning: "a PEM file of the authorities that sign the relay's certificate (default: the system's)"),
        Key(name: "PUBLIC_BASE_URL", defaultValue: nil,
            meaning: "required with SMTP_URL: where citizens reach the service, e.g. https://pakn.example.vn, "
                + "the base of the links in messages and of the one-stop desks' QR codes (without it, a sheet "
                + "takes the address the staff member's browser used)"),
        Key(name: "MIN_RESPONDENTS", defaultValue: String(RateReport.defaultMinimumRespondents),
            meaning: "respondents below which a unit's satisfaction rate shows \"too few answers\" and is neither "
                + "ranked nor coloured against its target (0 to 1000000)"),
        Key(name: "KIOSK_RESET_SECONDS", defaultValue: String(Self.defaultKioskResetSeconds),
            meaning: "seconds a desk kiosk shows its thank-you screen before it starts again for the next citizen (3-600)"),
        Key(name: "KIOSK_IDLE_SECONDS", defaultValue: String(Self.defaultKioskIdleSeconds),
            meaning: "seconds a desk kiosk's question screen may stay untouched before it starts again, "
                + "dropping what was begun (30-3600)"),
        Key(name: "RATING_LINK_KEYS", defaultValue: nil,
            meaning: "required with SMTP_URL: id:base64key,… (32-byte keys) signing the rating link of the result "
                + "message (HMAC-SHA256); the first signs, all verify, so add a new key in front to rotate"),
        Key(name: "RATING_LINK_DAYS", defaultValue: "14",
            meaning: "days after publication that the rating link, or the tracking code, lets the citizen rate "
                + "the handling (1-365)"),
        Key(name: "REMINDER_LEAD_DAYS", defaultValue: "3,1",
            meaning: "working days before a PAKN item's due date at which its assignee is emailed a reminder, "
                + "comma-separated (1 to 5 values, each 1-30); past the date the parent unit's handlers are told, "
                + "and each unit's handlers get a daily digest (staff emails are set on the account page)"),
        Key(name: "EXPORT_KEEP_HOURS", defaultValue: "24",
            meaning: "hours a background export's file is kept for download once it is done, then deleted (1-8760)"),
    ]

    /// Reads and validates the environment.
    /// - Parameter requireSecret: commands that serve no HTTP (migrate, lint) need neither SECRET_KEY
    ///   nor DATA_KEYS; a DATA_KEYS that is set is validated all the same.
    /// - Throws: ``ConfigurationError`` naming every bad key and why.
    public init(environment: [String: String], requireSecret: Bool = true) throws(ConfigurationError) {
        var problems: [ConfigurationError.Problem] = []
        func value(_ name: String) -> String? {
            if let raw = environment[name], !raw.isEmpty { return raw }
            return Self.keys.first { $0.name == name }?.defaultValue
        }

        var databaseURL = DatabaseURL(username: "civicvoice", password: nil, host: "127.0.0.1", port: 5432,
                                      database: "civicvoice", sslMode: .prefer)
        do {
            databaseURL = try DatabaseURL(parsing: value("DATABASE_URL") ?? "")
        } catch {
            problems.append(.init(key: "DATABASE_URL", reason: error.reason))
        }

        func optionalURL(_ name: String) -> DatabaseURL? {
            guard let raw = value(name) else { return nil }
            do {
                return try DatabaseURL(parsing: raw)
            } catch {
                problems.append(.init(key: name, reason: error.reason))
                return nil
            }
        }
        let migrationDatabaseURL = optionalURL("MIGRATION_DATABASE_URL")
        let readDatabaseURL = optionalURL("DATABASE_READ_URL")
        var readMaximumLag = Duration.seconds(60)
        if let raw = value("DATABASE_READ_MAX_LAG") {
            if let seconds = Int(raw), (1...86_400).contains(seconds) {
                readMaximumLag = .seconds(seconds)
            } else {
                problems.append(.init(key: "DATABASE_READ_MAX_LAG",
                                      reason: "must be a whole number of seconds from 1 to 86400, got \"\(raw)\""))
            }
        }

        let host = value("HOST") ?? "127.0.0.1"
        if host.contains(where: { $0.isWhitespace || $0 == "/" }) {
            problems.append(.init(key: "HOST", reason: "must be a host name or IP address"))
        }

        var port = 8080
        if let raw = value("PORT") {
            if let parsed = Int(raw), (1...65535).contains(parsed) {
                port = parsed
            } else {
                problems.append(.init(key: "PORT", reason: "must be a whole number from 1 to 65535, got \"\(raw)\""))
            }
        }

        var logLevel = LogLevelName.info
        if let raw = value("LOG_LEVEL") {
            if let level = LogLevelName(rawValue: raw.lowercased()) {
                logLevel = level
            } else {
                let allowed = LogLevelName.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(.init(key: "LOG_LEVEL", reason: "must be one of \(allowed), got \"\(raw)\""))
            }
        }

        let secretKey = environment["SECRET_KEY"] ?? ""
        if requireSecret {
            if secretKey.isEmpty {
                problems.append(.init(key: "SECRET_KEY", reason: "is required (at least 32 random characters)"))
            } else if secretKey.count < 32 {
                problems.append(.init(key: "SECRET_KEY", reason: "must be at least 32 characters, got \(secretKey.count)"))
            }
        }

        var rateLimitPerMinute = 30
        if let raw = value("RATE_LIMIT_PER_MINUTE") {
            if let parsed = Int(raw), (0...100_000).contains(parsed) {
                rateLimitPerMinute = parsed
            } else {
                problems.append(.init(key: "RATE_LIMIT_PER_MINUTE", reason: "must be a whole number from 0 to 100000, got \"\(raw)\""))
            }
        }

        var cookieSecure = false
        if let raw = value("COOKIE_SECURE") {
            switch raw.lowercased() {
            case "true", "1", "yes": cookieSecure = true
            case "false", "0", "no": cookieSecure = false
            default: problems.append(.init(key: "COOKIE_SECURE", reason: "must be true or false, got \"\(raw)\""))
            }
        }

        var dataKeys: [DataKey] = []
        if let raw = environment["DATA_KEYS"], !raw.isEmpty {
            switch DataKey.parseList(raw) {
            case .success(let keys): dataKeys = keys
            case .failure(let error):
                problems += error.reasons.map { .init(key: "DATA_KEYS", reason: $0) }
            }
        } else if requireSecret {
            problems.append(.init(key: "DATA_KEYS", reason: "is required (id:base64 of 32 random bytes, e.g. k1:…)"))
        }

        func number(_ key: String, in range: ClosedRange<Int>, default fallback: Int) -> Int {
            guard let raw = value(key) else { return fallback }
            guard let parsed = Int(raw), range.contains(parsed) else {
                problems.append(.init(key: key, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(raw)\""))
                return fallback
            }
            return parsed
        }
        let httpIdleTimeout = number("HTTP_IDLE_TIMEOUT", in: 1...3600, default: 30)
        let httpMaximumConnections = number("HTTP_MAX_CONNECTIONS", in: 1...1_000_000, default: 2000)
        let httpBodyBudgetMiB = number("HTTP_BODY_BUDGET_MB", in: 10...65_536, default: 64)
        let exportKeepHours = number("EXPORT_KEEP_HOURS", in: 1...8760, default: 24)

        var reportingConvention = ReportingPeriod.Convention.calendar
        if let raw = value("REPORTING_CONVENTION") {
            if let convention = ReportingPeriod.Convention(rawValue: raw.lowercased()) {
                reportingConvention = convention
            } else {
                let allowed = ReportingPeriod.Convention.allCases.map(\.rawValue).joined(separator: " or ")
                problems.append(.init(key: "REPORTING_CONVENTION", reason: "must be \(allowed), got \"\(raw)\""))
            }
        }

        var trustedProxies: [String] = []
        for entry in (value("TRUSTED_PROXIES") ?? "").split(separator: ",") {
            let address = entry.trimmingCharacters(in: .whitespaces)
            if let canonical = IPAddressText.canonical(address) {
                trustedProxies.append(canonical)
            } else {
                problems.append(.init(key: "TRUSTED_PROXIES", reason: "\"\(address)\" is not an IPv4 or IPv6 address"))
            }
        }

        var smtpURL: SMTPURL?
        var smtpFrom: MailAddress?
        var publicBaseURL: String?
        if let raw = value("SMTP_URL") {
            do {
                smtpURL = try SMTPURL(parsing: raw)
            } catch {
                problems.append(.init(key: "SMTP_URL", reason: error.reason))
            }
            if let from = value("SMTP_FROM") {
                smtpFrom = MailAddress(parsing: from)
                if smtpFrom == nil {
                    problems.append(.init(key: "SMTP_FROM", reason: "must be an address, or a name and <address>"))
                }
            } else {
                problems.append(.init(key: "SMTP_FROM", reason: "is required with SMTP_URL"))
            }
            if value("PUBLIC_BASE_URL") == nil {
                problems.append(.init(key: "PUBLIC_BASE_URL", reason: "is required with SMTP_URL"))
            }
        }
        // Also without mail: the desks' QR codes are made from it.
        if let base = value("PUBLIC_BASE_URL") {
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            if let components = URLComponents(string: trimmed), ["http", "https"].contains(components.scheme ?? ""),
               components.host?.isEmpty == false, components.query == nil, components.fragment == nil {
                publicBaseURL = trimmed
            } else {
                problems.append(.init(key: "PUBLIC_BASE_URL", reason: "must be an http:// or https:// URL without query"))
            }
        }
        var ratingLinkKeys: [DataKey] = []
        if let raw = value("RATING_LINK_KEYS") {
            switch DataKey.parseList(raw) {
            case .success(let keys): ratingLinkKeys = keys
            case .failure(let error): problems += error.reasons.map { .init(key: "RATING_LINK_KEYS", reason: $0) }
            }
        } else if value("SMTP_URL") != nil {
            problems.append(.init(key: "RATING_LINK_KEYS", reason: "is required with SMTP_URL (id:base64 of 32 random bytes)"))
        }
        let ratingLinkDays = number("RATING_LINK_DAYS", in: 1...365, default: 14)
        var reminderLeadDays = ReminderPolicy.defaultLeadDays
        if let raw = value("REMINDER_LEAD_DAYS") {
            let parts = raw.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            let days = parts.compactMap { $0 }
            if days.count == parts.count, (1...ReminderPolicy.maximumStages).contains(days.count),
               days.allSatisfy({ (1...ReminderPolicy.maximumLeadDays).contains($0) }), Set(days).count == days.count {
                reminderLeadDays = days.sorted(by: >)
            } else {
                problems.append(.init(key: "REMINDER_LEAD_DAYS",
                                      reason: "must be 1 to \(ReminderPolicy.maximumStages) different whole numbers of working "
                                          + "days from 1 to \(ReminderPolicy.maximumLeadDays), comma-separated, got \"\(raw)\""))
            }
        }
        let smtpCAFile = value("SMTP_CA_FILE")
        if let smtpCAFile, !FileManager.default.isReadableFile(atPath: smtpCAFile) {
            problems.append(.init(key: "SMTP_CA_FILE", reason: "is not a readable file"))
        }
        var minimumRespondents = RateReport.defaultMinimumRespondents
        if let raw = value("MIN_RESPONDENTS") {
            if let parsed = Int(raw), (0...1_000_000).contains(parsed) {
                minimumRespondents = parsed
            } else {
                problems.append(.init(key: "MIN_RESPONDENTS", reason: "must be a whole number from 0 to 1000000, got \"\(raw)\""))
            }
        }
        func seconds(_ key: String, default fallback: Int, _ range: ClosedRange<Int>) -> Int {
            guard let raw = value(key) else { return fallback }
            if let parsed = Int(raw), range.contains(parsed) { return parsed }
            problems.append(.init(key: key, reason: "must be a whole number of seconds from \(range.lowerBound) to "
                                      + "\(range.upperBound), got \"\(raw)\""))
            return fallback
        }
        let kioskResetSeconds = seconds("KIOSK_RESET_SECONDS", default: Self.defaultKioskResetSeconds, 3...600)
        let kioskIdleSeconds = seconds("KIOSK_IDLE_SECONDS", default: Self.defaultKioskIdleSeconds, 30...3600)

        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        self.databaseURL = databaseURL
        self.migrationDatabaseURL = migrationDatabaseURL
        self.readDatabaseURL = readDatabaseURL
        self.readMaximumLag = readMaximumLag
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.secretKey = secretKey
        self.formsDirectory = value("FORMS_DIR") ?? "Forms"
        self.migrationsDirectory = value("MIGRATIONS_DIR") ?? "Migrations"
        self.rateLimitPerMinute = rateLimitPerMinute
        self.cookieSecure = cookieSecure
        self.dataKeys = dataKeys
        self.reportingConvention = reportingConvention
        self.trustedProxies = trustedProxies
        self.httpIdleTimeout = httpIdleTimeout
        self.httpMaximumConnections = httpMaximumConnections
        self.httpBodyBudgetMiB = httpBodyBudgetMiB
        self.smtpURL = smtpURL
        self.smtpFrom = smtpFrom
        self.smtpCAFile = smtpCAFile
        self.publicBaseURL = publicBaseURL
        self.minimumRespondents = minimumRespondents
        self.kioskResetSeconds = kioskResetSeconds
        self.kioskIdleSeconds = kioskIdleSeconds
        self.ratingLinkKeys = ratingLinkKeys
        self.ratingLinkDays = ratingLinkDays
        self.reminderLeadDays = reminderLeadDays
        self.exportKeep = .seconds(exportKeepHours * 3600)
    }
}
