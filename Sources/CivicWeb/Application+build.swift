import CivicCore
import CivicStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// What the HTTP application needs, built by the executable or by a test.
public struct ServerDependencies: Sendable {
    public var configuration: AppConfiguration
    public var database: Database
    /// Where start-up migrations run (`MIGRATION_DATABASE_URL`); nil: ``database``.
    public var migrationDatabase: Database?
    public var migrations: [Migration]
    /// The streaming replica analytics read (`DATABASE_READ_URL`); nil: they read ``database``.
    public var readDatabase: Database?
    public var forms: FormRegistry
    /// Apply pending migrations before the server accepts requests.
    public var migrateOnStart: Bool
    /// bcrypt cost for passwords set through the admin API (12; tests lower it to stay fast).
    public var passwordCost: UInt8
    /// Where every route takes the time and the day in Vietnam (tests set it).
    public var clock: ServiceClock
    /// Allowances of the throttles and limits (production defaults; the bad input corpus widens them).
    public var protection = ProtectionPolicy()

    public init(configuration: AppConfiguration, database: Database, migrationDatabase: Database? = nil,
                readDatabase: Database? = nil, migrations: [Migration], forms: FormRegistry, migrateOnStart: Bool,
                passwordCost: UInt8 = 12, clock: ServiceClock = .system) {
        self.configuration = configuration
        self.database = database
        self.migrationDatabase = migrationDatabase
        self.readDatabase = readDatabase
        self.migrations = migrations
        self.forms = forms
        self.migrateOnStart = migrateOnStart
        self.passwordCost = passwordCost
        self.clock = clock
    }
}

/// Builds the application: routes, middleware, and the database pool as a service, so that one
/// service group starts the pool first and, on SIGTERM, stops accepting, finishes in-flight
/// requests, then closes the pool. Before the server accepts requests it applies pending
/// migrations (unless told not to) and stores new form versions.
public func buildApplication(_ dependencies: ServerDependencies, logger: Logger) async throws -> some ApplicationProtocol {
    Telemetry.bootstrap()
    if dependencies.configuration.cookieSecure, dependencies.configuration.trustedProxies.isEmpty {
        // HTTPS is terminated by a proxy in front: unless it is named, every client is the proxy.
        logger.warning("COOKIE_SECURE is true but TRUSTED_PROXIES is empty: behind a reverse proxy, every client shares its rate limits")
    }
    let router = try await buildRouter(dependencies)
    let configuration = dependencies.configuration
    // Hummingbird's own limits (docs/security.md): an idle timeout, which also closes a connection
    // whose request head never ends (slow loris), and a connection cap, past which the server stops
    // accepting (the kernel's backlog holds the rest); plus ours, a body-read deadline.
    let idle = TimeAmount.seconds(Int64(configuration.httpIdleTimeout))
    var app = Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [BodyReadDeadline(policy: .init(grace: idle))], idleTimeout: idle)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "CivicVoice",
                             availableConnectionsDelegate: .maximum(configuration.httpMaximumConnections, logger: logger)),
        logger: logger
    )
    app.addServices(dependencies.database.pool)
    if let migrationDatabase = dependencies.migrationDatabase { app.addServices(migrationDatabase.pool) }
    if let readDatabase = dependencies.readDatabase { app.addServices(readDatabase.pool) }
    // Moves newly stored responses into the satisfaction counts every second (issue 6); after the
    // pool, so that it stops before the pool closes.
    // It starts once the start-up below is over (finished, failed or skipped), so that its batches
    // never run beside the migrations.
    let (startedUp, startUpOver) = AsyncStream.makeStream(of: Void.self)
    app.addServices(CountsCompactor(database: dependencies.database, logger: logger,
                                    startsAfter: { for await _ in startedUp {} }))
    // Makes the monthly partitions of responses ahead of their months (issue 14), after the
    // start-up migrations that make the function it calls.
    let (partitionsMayStart, partitionsStartUpOver) = AsyncStream.makeStream(of: Void.self)
    app.addServices(ResponsePartitionMaintainer(database: dependencies.database, clock: dependencies.clock,
                                                logger: logger, startsAfter: { for await _ in partitionsMayStart {} }))
    // Sends the outbox's messages to citizens (issue 15) once a relay is configured; without one
    // they stay queued, visible to staff, until it is.
    // (An AsyncStream has one reader: the worker waits on a stream of its own.)
    let (outboxMayStart, outboxStartUpOver) = AsyncStream.makeStream(of: Void.self)
    let (remindersMayStart, remindersStartUpOver) = AsyncStream.makeStream(of: Void.self)
    if let worker = try makeOutboxWorker(dependencies, logger: logger, startsAfter: { for await _ in outboxMayStart {} }) {
        app.addServices(worker)
        // Reminds staff of due dates (issue 15) through the same outbox; only where mail is sent,
        // or a server without a relay would pile up stale reminders for the day one is set.
        app.addServices(ReminderScanner(
            store: ReminderStore(database: dependencies.database),
            policy: ReminderPolicy(leadDays: dependencies.configuration.reminderLeadDays,
                                   calendar: dependencies.forms.workflow.calendar),
            clock: dependencies.clock, logger: logger, startsAfter: { for await _ in remindersMayStart {} }))
    }
    // Runs background exports (issue 14) once the start-up migrations have created their queue;
    // it is told whether they did (a server on an older schema runs none). Added after the pools
    // and the compactor, so that at SIGTERM it gives its job back before the pools close.
    let (exportsMayStart, exportsStartUp) = AsyncStream.makeStream(of: Bool.self)
    app.addServices(makeExportWorker(dependencies, logger: logger, startsAfter: {
        for await ready in exportsMayStart { return ready }
        return false
    }))
    // Sends webhook deliveries (issue 15) wherever DATA_KEYS opens the subscriptions' secrets;
    // with no subscription it only looks for due deliveries every two seconds.
    let (webhooksMayStart, webhooksStartUpOver) = AsyncStream.makeStream(of: Void.self)
    if let worker = try makeWebhookWorker(dependencies, logger: logger, startsAfter: { for await _ in webhooksMayStart {} }) {
        app.addServices(worker)
    }
    let runner = MigrationRunner(database: dependencies.migrationDatabase ?? dependencies.database,
                                 migrations: dependencies.migrations)
    let migrateOnStart = dependencies.migrateOnStart
    let forms = dependencies.forms
    let formStore = FormStore(database: dependencies.database)
    let keys = dependencies.configuration.dataKeys
    let files = keys.isEmpty ? nil : try AttachmentVault(database: dependencies.database, keys: keys)
    app.beforeServerStarts {
        defer {
            startUpOver.finish()
            outboxStartUpOver.finish()
            partitionsStartUpOver.finish()
            remindersStartUpOver.finish()
            exportsStartUp.finish()
            webhooksStartUpOver.finish()
        }
        if migrateOnStart {
            try await runner.migrate(logger: logger)
        } else if let pending = try? await runner.status(logger: logger).pending, !pending.isEmpty {
            // Serving with --no-migrate against an older schema: stay up, report not ready, and
            // leave the forms until `civicvoice migrate` has run.
            logger.warning("migrations pending: forms not synchronised, /readyz answers 503",
                           metadata: ["pending": "\(pending.map(\.label))"])
            return
        }
        try await forms.synchronise(with: formStore, logger: logger)
        if let files {
            // Attachments stored before 0011 are sealed now, in place.
            let sealed = try await files.sealPlaintext(logger: logger)
            if sealed > 0 { logger.notice("attachments encrypted at rest", metadata: ["count": "\(sealed)"]) }
        }
        if try await runner.connectsAsSchemaOwner(logger: logger) {
            logger.warning("""
                the server connects as a role that can change the schema: serve as civicvoice_app and migrate \
                as the owner (docs/security.md)
                """)
        }
        exportsStartUp.yield(true)
    }
    return app
}

/// The background exports' worker: reads where analytics read (the replica when there is one),
/// writes the files to the primary.
func makeExportWorker(_ dependencies: ServerDependencies, logger: Logger,
                      startsAfter: @escaping @Sendable () async -> Bool) -> ExportWorker {
    let configuration = dependencies.configuration
    let reads = ReplicaRouter(primary: dependencies.database, replica: dependencies.readDatabase,
                              maximumLag: configuration.readMaximumLag, clock: dependencies.clock)
    let service = AnalyticsService(reads: reads, registry: dependencies.forms,
                                   defaultConvention: configuration.reportingConvention, clock: dependencies.clock)
    return ExportWorker(jobs: ExportJobStore(database: dependencies.database), service: service,
                        audit: AuditLog(database: dependencies.database), keep: configuration.exportKeep, logger: logger,
                        startsAfter: startsAfter)
}

/// The outbox's sender, when SMTP_URL (with SMTP_FROM and PUBLIC_BASE_URL, which the
/// configuration requires with it) and DATA_KEYS, which open the addresses, are set.
func makeOutboxWorker(_ dependencies: ServerDependencies, logger: Logger,
                      startsAfter: (@Sendable () async -> Void)? = nil) throws -> OutboxWorker? {
    let configuration = dependencies.configuration
    guard let url = configuration.smtpURL, let from = configuration.smtpFrom, let base = configuration.publicBaseURL,
          !configuration.dataKeys.isEmpty else { return nil }
    let vault = try ContactVault(database: dependencies.database, keys: configuration.dataKeys)
    let heloName = URLComponents(string: base)?.host ?? from.domain
    let smtp = try SMTPClient(url: url, heloName: heloName, caFile: configuration.smtpCAFile)
    let sender = MessageSender(smtp: smtp, from: from, vault: vault, templates: dependencies.forms.workflow.messages,
                               publicBaseURL: base, links: ratingLinks(configuration), clock: dependencies.clock)
    // Each message holds its row lock while the relay answers: the deadline covers the SMTP timeout.
    return OutboxWorker(outbox: Outbox(database: dependencies.database.with(deadline: .seconds(90))), sender: sender,
                        logger: logger, startsAfter: startsAfter)
}

/// The webhook sender, when DATA_KEYS (which opens the subscriptions' secrets and the contact
/// details a subscription may receive) is set.
func makeWebhookWorker(_ dependencies: ServerDependencies, logger: Logger,
                       startsAfter: (@Sendable () async -> Void)? = nil) throws -> WebhookWorker? {
    let configuration = dependencies.configuration
    guard !configuration.dataKeys.isEmpty else { return nil }
    let subscriptions = try WebhookSubscriptions(database: dependencies.database, keys: configuration.dataKeys)
    let vault = try ContactVault(database: dependencies.database, keys: configuration.dataKeys)
    let base = configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    let sender = WebhookSender(vault: vault,
                               templates: dependencies.forms.workflow.messages, publicBaseURL: base,
                               clock: dependencies.clock)
    return WebhookWorker(deliveries: WebhookDeliveries(subscriptions: subscriptions), sender: sender, logger: logger,
                         startsAfter: startsAfter)
}

/// The rating links' keys and validity, from RATING_LINK_KEYS and RATING_LINK_DAYS.
func ratingLinks(_ configuration: AppConfiguration) -> RatingLinks {
    RatingLinks(keys: configuration.ratingLinkKeys, days: configuration.ratingLinkDays)
}

func buildRouter(_ dependencies: ServerDependencies) async throws -> Router<AppRequestContext> {
    let configuration = dependencies.configuration
    let database = dependencies.database
    let clock = dependencies.clock
    let keys = SecretKeys(secret: configuration.secretKey)
    let addresses = AddressHasher(key: keys.addressHash, trustedProxies: Set(configuration.trustedProxies))
    let rateLimiter = configuration.rateLimitPerMinute > 0
        ? RateLimiter(policy: .init(capacity: Double(configuration.rateLimitPerMinute),
                                    refillPerSecond: Double(configuration.rateLimitPerMinute) / 60))
        : nil
    // One limit, one bucket per client address, for all four intakes.
    let limit = IntakeLimit(addresses: addresses, limiter: rateLimiter)
    let units = UnitDirectory(store: UnitStore(database: database), clock: clock)
    let submissions = SubmissionService(registry: dependencies.forms, responses: ResponseStore(database: database),
                                        units: units, clock: clock)

    let renderer = try await PageRenderer.load()
    let citizenPages = CitizenPages(renderer: renderer, ui: dependencies.forms.catalog.ui)
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        SecurityHeadersMiddleware(https: configuration.cookieSecure)
        HostCookiePrefixMiddleware(https: configuration.cookieSecure)
        AccessLogMiddleware(level: .info)
        MetricsMiddleware()
        ErrorResponseMiddleware(citizenPages: citizenPages,
                                staffPages: StaffPageRenderer(renderer: renderer, ui: dependencies.forms.catalog.ui,
                                                              csrf: CSRFProtection(key: keys.csrf),
                                                              secureCookies: configuration.cookieSecure))
        BodyBudgetMiddleware(bytes: configuration.httpBodyBudgetMiB * 1024 * 1024)
    }
    HealthController(migrations: MigrationRunner(database: database, migrations: dependencies.migrations))
        .register(on: router)
    FormsAPIController(registry: dependencies.forms).register(on: router)
    let apiIntake = APIIntake(ui: dependencies.forms.catalog.ui, limit: limit)
    let formIntake = CitizenFormIntake(limit: limit, csrf: CSRFProtection(key: keys.csrf), pages: citizenPages,
                                       secureCookies: configuration.cookieSecure)
    // Who may say when a response was given: staff with the paper-entry permission, and the
    // registered kiosk devices of the one-stop desks (resending what they took offline).
    let kiosks = KioskDevices(kiosks: KioskStore(database: database), desks: DeskStore(database: database))
    let paperEntry = StaffPaperEntryAuthority(
        gate: StaffGate(users: UserStore(database: database), tokens: TokenStore(database: database),
                        units: UnitStore(database: database), sessions: SessionCookie(key: keys.session), clock: clock),
        clock: clock)
    ResponsesAPIController(submissions: submissions, intake: apiIntake,
                           authorities: [paperEntry, KioskAuthority(devices: kiosks)], kiosks: kiosks)
        .register(on: router)
    KioskController(devices: kiosks, registry: dependencies.forms, submissions: submissions, units: units, renderer: renderer,
                    pages: citizenPages, limit: limit, forms: KioskFormToken(key: keys.kioskForm), clock: clock,
                    resetSeconds: configuration.kioskResetSeconds, idleSeconds: configuration.kioskIdleSeconds)
        .register(on: router)
    CitizenController(registry: dependencies.forms, submissions: submissions, units: units, renderer: renderer,
                      intake: formIntake)
        .register(on: router)
    let feedbackStore = FeedbackStore(database: database)
    // No data keys (a command or test that stores no personal data): contact details are refused.
    let vault = configuration.dataKeys.isEmpty ? nil : try ContactVault(database: database, keys: configuration.dataKeys)
    let files = configuration.dataKeys.isEmpty ? nil : try AttachmentVault(database: database, keys: configuration.dataKeys)
    let feedback = FeedbackService(registry: dependencies.forms, store: feedbackStore, units: units, contacts: vault,
                                   files: files, clock: clock)
    let lookups = TrackingCodeLookups(store: ThrottleStore(database: database), policy: dependencies.protection,
                                      addresses: addresses, clock: clock)
    FeedbackAPIController(service: feedback, store: feedbackStore, intake: apiIntake, lookups: lookups).register(on: router)
    Open311Controller(service: feedback, store: feedbackStore, limit: limit, lookups: lookups).register(on: router)
    FeedbackPagesController(service: feedback, store: feedbackStore, units: units, renderer: renderer, intake: formIntake,
                            lookups: lookups, links: ratingLinks(configuration))
        .register(on: router)
    OpenAPIController().register(on: router)
    try registerStaffRoutes(on: router, dependencies, keys: keys, addresses: addresses, renderer: renderer, contacts: vault,
                            files: files, directory: units, submissions: submissions)
    return router
}

/// Staff pages and the staff and admin API, every one behind the gate of the route table.
private func registerStaffRoutes(on router: Router<AppRequestContext>, _ dependencies: ServerDependencies,
                                 keys: SecretKeys, addresses: AddressHasher, renderer: PageRenderer,
                                 contacts: ContactVault?, files: AttachmentVault?, directory: UnitDirectory,
                                 submissions: SubmissionService) throws {
    let database = dependencies.database
    let clock = dependencies.clock
    let accounts = StaffAccounts(database: database, passwordCost: dependencies.passwordCost)
    let unitStore = UnitStore(database: database)
    let audit = AuditLog(database: database)
    let sessions = SessionCookie(key: keys.session)
    let secureCookies = dependencies.configuration.cookieSecure
    let pages = StaffPageRenderer(renderer: renderer, ui: dependencies.forms.catalog.ui, csrf: CSRFProtection(key: keys.csrf),
                                  secureCookies: secureCookies)
    var staff = StaffRouter(
        router: router,
        gate: StaffGate(users: accounts.users, tokens: accounts.tokens, units: unitStore, sessions: sessions, clock: clock,
                        plans: dependencies.forms.plans),
        pages: pages)
    let protection = dependencies.protection
    StaffPagesController(accounts: accounts, audit: audit, pages: pages, sessions: sessions,
                         csrf: CSRFProtection(key: keys.csrf),
                         throttle: LoginThrottle(store: ThrottleStore(database: database), policy: protection,
                                                 key: keys.addressHash),
                         passwordChecks: CapacityLimit(capacity: protection.concurrentPasswordChecks), addresses: addresses,
                         secureCookies: secureCookies, clock: clock)
        .register(on: router)
    let policy = try PasswordPolicy.shipped()
    StaffAccountController(accounts: accounts, contacts: contacts, pages: pages, sessions: sessions, policy: policy,
                           clock: clock)
        .register(on: &staff)
    PasswordLinkController(accounts: accounts, pages: pages, policy: policy, clock: clock).register(on: router)
    let today: @Sendable () -> CalendarDate = { clock.today() }
    AdminUsersController(accounts: accounts, contacts: contacts, units: unitStore, pages: pages, today: today, clock: clock)
        .register(on: &staff)
    AdminUnitsController(units: unitStore, directory: directory, pages: pages, today: today).register(on: &staff)
    AdminTargetsController(analytics: AnalyticsStore(database: database), units: unitStore, registry: dependencies.forms,
                           pages: pages, today: today)
        .register(on: &staff)
    AdminAuditController(audit: audit, pages: pages, clock: clock).register(on: &staff)
    AdminTranslationsController(registry: dependencies.forms, audit: audit, pages: pages).register(on: &staff)
    AdminPrivacyController(vault: contacts, files: files, feedback: FeedbackStore(database: database), pages: pages,
                           calendar: dependencies.forms.workflow.calendar, clock: clock)
        .register(on: &staff)
    StaffAPIController(units: unitStore, clock: clock).register(on: &staff)
    AdminAPIController(units: unitStore, accounts: accounts, audit: audit).register(on: &staff)
    // Webhook subscriptions (issue 15): their secrets are sealed under DATA_KEYS, so without
    // them the pages say so and the API answers 503.
    let webhookKeys = dependencies.configuration.dataKeys
    let webhookSubscriptions = webhookKeys.isEmpty ? nil : try WebhookSubscriptions(database: database, keys: webhookKeys)
    let webhookDeliveries = webhookSubscriptions.map { WebhookDeliveries(subscriptions: $0) }
    WebhookAPIController(subscriptions: webhookSubscriptions, deliveries: webhookDeliveries).register(on: &staff)
    WebhookPagesController(subscriptions: webhookSubscriptions, deliveries: webhookDeliveries, pages: pages)
        .register(on: &staff)
    DossierImportController(store: DossierStore(database: database), pages: pages).register(on: &staff)
    let handling = StaffFeedbackService(registry: dependencies.forms, store: FeedbackStore(database: database),
                                        units: unitStore, users: accounts.users, contacts: contacts, files: files,
                                        audit: audit, clock: clock)
    StaffFeedbackAPIController(service: handling).register(on: &staff)
    StaffFeedbackPagesController(service: handling, pages: pages, csrf: CSRFProtection(key: keys.csrf))
        .register(on: &staff)
    // Analytics read the replica when there is one; the gate above, the audit log and every write
    // stay on the primary (a sign-out must not be undone by replication lag).
    let reads = ReplicaRouter(primary: database, replica: dependencies.readDatabase,
                              maximumLag: dependencies.configuration.readMaximumLag, clock: clock)
    let analytics = AnalyticsService(reads: reads, registry: dependencies.forms,
                                     defaultConvention: dependencies.configuration.reportingConvention,
                                     minimumRespondents: dependencies.configuration.minimumRespondents, clock: clock)
    StaffHomeController(feedback: FeedbackStore(database: database), units: unitStore, pages: pages, clock: clock)
        .register(on: &staff)
    let metrics = MetricsAPIController(service: analytics)
    metrics.register(on: &staff)
    ReportController(service: analytics, renderer: renderer, pages: pages).register(on: &staff)
    DashboardController(service: analytics, renderer: renderer, pages: pages).register(on: &staff)
    let exports = ResponseExportController(service: analytics, audit: audit, policy: dependencies.protection)
    exports.register(on: &staff)
    let exportJobs = ExportJobsAPIController(service: analytics, jobs: ExportJobStore(database: database), audit: audit)
    exportJobs.register(on: &staff)
    ExportJobsPagesController(api: exportJobs, pages: pages,
                              keepHours: Int(dependencies.configuration.exportKeep.components.seconds / 3600))
        .register(on: &staff)
    StaffDownloadsController(metrics: metrics, exports: exports, pages: pages).register(on: &staff)
    PlanController(service: PlanService(analytics: analytics, values: PlanValueStore(database: database), units: unitStore,
                                        plans: dependencies.forms.plans),
                   renderer: renderer, pages: pages)
        .register(on: &staff)
    PaperEntryController(batches: PaperBatchStore(database: database), submissions: submissions, registry: dependencies.forms,
                         units: unitStore, pages: pages, clock: clock)
        .register(on: &staff)
    DeskController(desks: DeskStore(database: database), kiosks: KioskStore(database: database), units: unitStore, pages: pages, clock: clock,
                   publicBaseURL: dependencies.configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
                   secureCookies: secureCookies, minimumRespondents: dependencies.configuration.minimumRespondents)
        .register(on: &staff)
    try staff.verify()
}
