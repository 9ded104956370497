/// The route table: every staff page and staff or admin API route, with what it requires.
///
/// A route is added here and registered with ``StaffRouter/register(_:handler:)``; the server
/// refuses to start when a route in the table has no handler, when a handler is registered for a
/// route not in the table, or when the router holds any route that is neither here nor in
/// ``PublicRoutes``. The authorisation matrix test walks this list.
enum StaffRoutes {
    // Pages (session cookie).
    static let home = StaffRoute(.get, "/staff", .signedIn)
    static let feedbackListPage = StaffRoute(.get, "/staff/feedback", .permission(.handleFeedback),
                                             unit: .grantSubtree(narrowedBy: "unit"))
    static let feedbackItemPage = StaffRoute(.get, "/staff/feedback/:id", .permission(.handleFeedback),
                                             unit: .feedbackItem(pathParameter: "id"))
    static let feedbackTransitionPage = StaffRoute(.post, "/staff/feedback/:id/transitions", .permission(.handleFeedback),
                                                   unit: .feedbackItem(pathParameter: "id"))
    static let feedbackContactPage = StaffRoute(.post, "/staff/feedback/:id/contact", .permission(.handleFeedback),
                                                unit: .feedbackItem(pathParameter: "id"))
    static let feedbackNotePage = StaffRoute(.post, "/staff/feedback/:id/notes", .permission(.handleFeedback),
                                             unit: .feedbackItem(pathParameter: "id"))
    // Linking a duplicate to its main item (issue 15); the main item is checked against the scope too.
    static let feedbackLinkPage = StaffRoute(.post, "/staff/feedback/:id/link", .permission(.handleFeedback),
                                             unit: .feedbackItem(pathParameter: "id"))
    static let feedbackUnlinkPage = StaffRoute(.post, "/staff/feedback/:id/unlink", .permission(.handleFeedback),
                                               unit: .feedbackItem(pathParameter: "id"))
    static let feedbackAttachmentPage = StaffRoute(.get, "/staff/feedback/:id/attachments/:attachment",
                                                   .permission(.handleFeedback), unit: .feedbackItem(pathParameter: "id"))
    static let dashboard = StaffRoute(.get, "/staff/dashboard", .permission(.readMetrics),
                                      unit: .unitQuery(parameter: "unit"))
    static let periodicReportPage = StaffRoute(.get, "/staff/reports/:period", .permission(.readMetrics),
                                               unit: .unitQuery(parameter: "unit"))
    // The API's downloads for a signed-in browser (issue 12): the same handlers, the same checks.
    static let satisfactionMetricsPage = StaffRoute(.get, "/staff/metrics/satisfaction", .permission(.readMetrics),
                                                    unit: .unitQuery(parameter: "unit"))
    static let feedbackMetricsPage = StaffRoute(.get, "/staff/metrics/feedback", .permission(.readMetrics),
                                                unit: .unitQuery(parameter: "unit"))
    static let qd766MetricsPage = StaffRoute(.get, "/staff/metrics/qd766", .permission(.readMetrics),
                                             unit: .unitQuery(parameter: "unit"))
    static let exportResponsesPage = StaffRoute(.get, "/staff/exports/responses", .permission(.readMetrics),
                                                unit: .unitQuery(parameter: "unit"))
    // Background exports (issue 14): the form posts to its own path and unit.
    static let exportsPage = StaffRoute(.get, "/staff/exports", .permission(.readMetrics),
                                        unit: .unitQuery(parameter: "unit"))
    static let startExportPage = StaffRoute(.post, "/staff/exports", .permission(.readMetrics),
                                            unit: .unitQuery(parameter: "unit"))
    static let exportJobPage = StaffRoute(.get, "/staff/exports/:job", .permission(.readMetrics),
                                          unit: .exportJob(pathParameter: "job"))
    static let exportFilePage = StaffRoute(.get, "/staff/exports/:job/file", .permission(.readMetrics),
                                           unit: .exportJob(pathParameter: "job"))

    // The signed-in user's own account (issue 12).
    static let accountPage = StaffRoute(.get, "/staff/account", .signedIn)
    static let accountPassword = StaffRoute(.post, "/staff/account/password", .signedIn)
    static let accountTokenCreate = StaffRoute(.post, "/staff/account/tokens", .signedIn)
    static let accountTokenRevoke = StaffRoute(.post, "/staff/account/tokens/:token/revoke", .signedIn)
    // The work email that reminders go to (issue 15).
    static let accountEmail = StaffRoute(.post, "/staff/account/email", .signedIn)
    /// What an account with a one-time password may open before it has chosen its own.
    static let openBeforePasswordChange: Set<StaffRoute> = [accountPage, accountPassword]

    // The admin console's pages (issue 12).
    static let usersPage = StaffRoute(.get, "/staff/admin/users", .permission(.administer))
    static let userCreatePage = StaffRoute(.post, "/staff/admin/users", .permission(.administer))
    static let userPage = StaffRoute(.get, "/staff/admin/users/:login", .permission(.administer))
    static let userGrantPage = StaffRoute(.post, "/staff/admin/users/:login/grants", .permission(.administer))
    static let userRevokePage = StaffRoute(.post, "/staff/admin/users/:login/grants/revoke", .permission(.administer))
    static let userDisablePage = StaffRoute(.post, "/staff/admin/users/:login/disable", .permission(.administer))
    static let userEnablePage = StaffRoute(.post, "/staff/admin/users/:login/enable", .permission(.administer))
    static let userSessionsPage = StaffRoute(.post, "/staff/admin/users/:login/sessions", .permission(.administer))
    static let userResetPage = StaffRoute(.post, "/staff/admin/users/:login/reset", .permission(.administer))
    static let userEmailPage = StaffRoute(.post, "/staff/admin/users/:login/email", .permission(.administer))
    static let unitsPage = StaffRoute(.get, "/staff/admin/units", .permission(.administer))
    static let unitsPreviewPage = StaffRoute(.post, "/staff/admin/units/preview", .permission(.administer))
    static let unitsImportPage = StaffRoute(.post, "/staff/admin/units/import", .permission(.administer))
    static let targetsPage = StaffRoute(.get, "/staff/admin/targets", .permission(.administer))
    static let targetSetPage = StaffRoute(.post, "/staff/admin/targets", .permission(.administer))
    static let targetClearPage = StaffRoute(.post, "/staff/admin/targets/clear", .permission(.administer))
    static let auditPage = StaffRoute(.get, "/staff/admin/audit", .permission(.administer))
    static let translationsPage = StaffRoute(.get, "/staff/admin/translations", .permission(.administer))
    // The translators' files of a form (or `ui`) in one language, out and back (issue 17).
    static let translationsDownloadPage = StaffRoute(.get, "/staff/admin/translations/:form/:language",
                                                     .permission(.administer))
    static let translationsPreviewPage = StaffRoute(.post, "/staff/admin/translations/preview", .permission(.administer))
    static let translationsImportPage = StaffRoute(.post, "/staff/admin/translations/import", .permission(.administer))
    static let privacyPage = StaffRoute(.get, "/staff/admin/privacy", .permission(.administer))
    static let privacySearchPage = StaffRoute(.post, "/staff/admin/privacy/search", .permission(.administer))
    static let privacyExportPage = StaffRoute(.post, "/staff/admin/privacy/export", .permission(.administer))
    static let privacyErasePage = StaffRoute(.post, "/staff/admin/privacy/erase", .permission(.administer))

    // API (bearer token).
    static let me = StaffRoute(.get, "/api/v1/me", .signedIn)
    static let unitSubtree = StaffRoute(.get, "/api/v1/units/:code/subtree", .permission(.viewUnits),
                                        unit: .unitCode(pathParameter: "code"))

    // PAKN handling API (issue 5).
    static let feedbackList = StaffRoute(.get, "/api/v1/staff/feedback", .permission(.handleFeedback),
                                         unit: .grantSubtree(narrowedBy: "unit"))
    static let feedbackItem = StaffRoute(.get, "/api/v1/staff/feedback/:id", .permission(.handleFeedback),
                                         unit: .feedbackItem(pathParameter: "id"))
    static let feedbackTransition = StaffRoute(.post, "/api/v1/staff/feedback/:id/transitions", .permission(.handleFeedback),
                                               unit: .feedbackItem(pathParameter: "id"))
    static let feedbackAttachment = StaffRoute(.get, "/api/v1/staff/feedback/:id/attachments/:attachment",
                                               .permission(.handleFeedback), unit: .feedbackItem(pathParameter: "id"))
    static let feedbackContact = StaffRoute(.get, "/api/v1/staff/feedback/:id/contact", .permission(.handleFeedback),
                                            unit: .feedbackItem(pathParameter: "id"))

    // Metrics, reports and exports (issue 6): the unit is the `unit` query parameter.
    static let satisfactionMetrics = StaffRoute(.get, "/api/v1/metrics/satisfaction", .permission(.readMetrics),
                                                unit: .unitQuery(parameter: "unit"))
    static let feedbackMetrics = StaffRoute(.get, "/api/v1/metrics/feedback", .permission(.readMetrics),
                                            unit: .unitQuery(parameter: "unit"))
    static let qd766Metrics = StaffRoute(.get, "/api/v1/metrics/qd766", .permission(.readMetrics),
                                         unit: .unitQuery(parameter: "unit"))
    static let periodicReport = StaffRoute(.get, "/api/v1/reports/:period", .permission(.readMetrics),
                                           unit: .unitQuery(parameter: "unit"))
    static let exportResponses = StaffRoute(.get, "/api/v1/responses/export", .permission(.readMetrics),
                                            unit: .unitQuery(parameter: "unit"))

    // PAR plans (issue 16): readable where the plan's unit, or a unit responsible for one of its
    // targets, is in scope; a value is entered only by a grant reaching the target's responsible
    // unit (or an admin), which the handler checks with the reach the gate hands it.
    // The index lists the plans the caller's grants reach by the same rule.
    static let plansPage = StaffRoute(.get, "/staff/plans", .permission(.readMetrics),
                                      unit: .grantSubtree(narrowedBy: "unit"))
    static let planPage = StaffRoute(.get, "/staff/plans/:plan/:planPeriod", .permission(.readMetrics),
                                     unit: .plan(pathParameter: "plan"))
    static let planValuesPage = StaffRoute(.post, "/staff/plans/:plan/:planPeriod/values", .permission(.readMetrics),
                                           unit: .plan(pathParameter: "plan"))
    static let planReport = StaffRoute(.get, "/api/v1/plans/:plan/:planPeriod", .permission(.readMetrics),
                                       unit: .plan(pathParameter: "plan"))
    // Background exports (issue 14): started for the unit of the query, then read by the job's id,
    // whose unit must be in scope.
    static let startExport = StaffRoute(.post, "/api/v1/exports", .permission(.readMetrics),
                                        unit: .unitQuery(parameter: "unit"))
    static let exportJob = StaffRoute(.get, "/api/v1/exports/:job", .permission(.readMetrics),
                                      unit: .exportJob(pathParameter: "job"))
    static let exportFile = StaffRoute(.get, "/api/v1/exports/:job/file", .permission(.readMetrics),
                                       unit: .exportJob(pathParameter: "job"))

    // Paper forms typed in at the desk (issue 16): clerks (the paper-entry permission) open batches
    // for the units their grants reach; a batch's pages are reached through the batch's unit.
    static let paperPage = StaffRoute(.get, "/staff/paper", .permission(.enterPaperResponses),
                                      unit: .grantSubtree(narrowedBy: "unit"))
    static let paperOpenPage = StaffRoute(.post, "/staff/paper", .permission(.enterPaperResponses),
                                          unit: .grantSubtree(narrowedBy: "unit"))
    static let paperBatchPage = StaffRoute(.get, "/staff/paper/:batch", .permission(.enterPaperResponses),
                                           unit: .paperBatch(pathParameter: "batch"))
    static let paperEntryPage = StaffRoute(.post, "/staff/paper/:batch/entries", .permission(.enterPaperResponses),
                                           unit: .paperBatch(pathParameter: "batch"))
    static let paperCountPage = StaffRoute(.post, "/staff/paper/:batch/count", .permission(.enterPaperResponses),
                                           unit: .paperBatch(pathParameter: "batch"))

    // One-stop desks (issue 16): a unit's leaders (and admins) register the desks of the units their
    // grants reach and the officers serving there, and print each desk's QR sheet; a desk's pages
    // are reached through the desk's unit.
    static let desksPage = StaffRoute(.get, "/staff/desks", .permission(.manageDesks), unit: .grantSubtree(narrowedBy: "unit"))
    static let deskCreatePage = StaffRoute(.post, "/staff/desks", .permission(.manageDesks),
                                           unit: .grantSubtree(narrowedBy: "unit"))
    static let deskPage = StaffRoute(.get, "/staff/desks/:desk", .permission(.manageDesks), unit: .desk(pathParameter: "desk"))
    static let deskSheetPage = StaffRoute(.get, "/staff/desks/:desk/sheet", .permission(.manageDesks),
                                          unit: .desk(pathParameter: "desk"))
    static let deskOfficerAddPage = StaffRoute(.post, "/staff/desks/:desk/officers", .permission(.manageDesks),
                                               unit: .desk(pathParameter: "desk"))
    static let deskOfficerRetirePage = StaffRoute(.post, "/staff/desks/:desk/officers/retire", .permission(.manageDesks),
                                                  unit: .desk(pathParameter: "desk"))
    static let deskRetirePage = StaffRoute(.post, "/staff/desks/:desk/retire", .permission(.manageDesks),
                                           unit: .desk(pathParameter: "desk"))
    // Kiosk devices of a desk (issue 16): registered (the token shown once) and revoked by those who
    // manage the desk; the kiosk's id is a form field, so the desk in the path is the one checked.
    static let deskKioskRegisterPage = StaffRoute(.post, "/staff/desks/:desk/kiosks", .permission(.manageDesks),
                                                  unit: .desk(pathParameter: "desk"))
    static let deskKioskRevokePage = StaffRoute(.post, "/staff/desks/:desk/kiosks/revoke", .permission(.manageDesks),
                                                unit: .desk(pathParameter: "desk"))
    // Who may see an officer's rate: it is about one person, so only the leaders of the desk's own
    // unit (a leader grant naming that very unit, not a unit above it) read the desk's and its
    // officers' figures, and only from MIN_RESPONDENTS ratings up. Not admins, analysts or handlers.
    static let deskRatingsPage = StaffRoute(.get, "/staff/desks/:desk/ratings", .permission(.readOfficerRatings),
                                            unit: .deskOfOwnUnit(pathParameter: "desk"))

    // Admin API.
    static let listUnits = StaffRoute(.get, "/api/v1/admin/units", .permission(.administer))
    static let importUnits = StaffRoute(.post, "/api/v1/admin/units", .permission(.administer))
    static let listUsers = StaffRoute(.get, "/api/v1/admin/users", .permission(.administer))
    static let createUser = StaffRoute(.post, "/api/v1/admin/users", .permission(.administer))
    static let addGrant = StaffRoute(.post, "/api/v1/admin/users/:login/grants", .permission(.administer))
    static let disableUser = StaffRoute(.post, "/api/v1/admin/users/:login/disable", .permission(.administer))
    static let audit = StaffRoute(.get, "/api/v1/admin/audit", .permission(.administer))
    static let listDossierImports = StaffRoute(.get, "/api/v1/admin/dossiers", .permission(.administer))
    static let importDossiers = StaffRoute(.post, "/api/v1/admin/dossiers", .permission(.administer))

    // Webhook subscriptions (issue 15): the province's integration platform, SMS gateways.
    static let listWebhooks = StaffRoute(.get, "/api/v1/admin/webhooks", .permission(.administer))
    static let createWebhook = StaffRoute(.post, "/api/v1/admin/webhooks", .permission(.administer))
    static let webhook = StaffRoute(.get, "/api/v1/admin/webhooks/:webhook", .permission(.administer))
    static let deactivateWebhook = StaffRoute(.post, "/api/v1/admin/webhooks/:webhook/deactivate", .permission(.administer))

    // Admin pages (session cookie).
    static let webhooksPage = StaffRoute(.get, "/staff/admin/webhooks", .permission(.administer))
    static let webhookCreatePage = StaffRoute(.post, "/staff/admin/webhooks", .permission(.administer))
    static let webhookPage = StaffRoute(.get, "/staff/admin/webhooks/:webhook", .permission(.administer))
    static let webhookDeactivatePage = StaffRoute(.post, "/staff/admin/webhooks/:webhook/deactivate",
                                                  .permission(.administer))
    static let dossiersPage = StaffRoute(.get, "/staff/admin/dossiers", .permission(.administer))
    static let dossiersImportPage = StaffRoute(.post, "/staff/admin/dossiers", .permission(.administer))

    static let all: [StaffRoute] = [
        home, feedbackListPage, feedbackItemPage, feedbackTransitionPage, feedbackContactPage, feedbackNotePage,
        feedbackLinkPage, feedbackUnlinkPage, feedbackAttachmentPage,
        accountPage, accountPassword, accountTokenCreate, accountTokenRevoke, accountEmail,
        usersPage, userCreatePage, userPage, userGrantPage, userRevokePage, userDisablePage, userEnablePage,
        userSessionsPage, userResetPage, userEmailPage, unitsPage, unitsPreviewPage, unitsImportPage, targetsPage, targetSetPage,
        targetClearPage, auditPage, translationsPage, translationsDownloadPage, translationsPreviewPage,
        translationsImportPage, privacyPage, privacySearchPage, privacyExportPage, privacyErasePage,
        me, unitSubtree,
        feedbackList, feedbackItem, feedbackTransition, feedbackAttachment, feedbackContact,
        dashboard, periodicReportPage, plansPage, planPage, planValuesPage, planReport,
        paperPage, paperOpenPage, paperBatchPage, paperEntryPage, paperCountPage,
        desksPage, deskCreatePage, deskPage, deskSheetPage, deskOfficerAddPage, deskOfficerRetirePage, deskRetirePage,
        deskRatingsPage, deskKioskRegisterPage, deskKioskRevokePage,
        satisfactionMetricsPage, feedbackMetricsPage, qd766MetricsPage, exportResponsesPage,
        exportsPage, startExportPage, exportJobPage, exportFilePage,
        satisfactionMetrics, feedbackMetrics, qd766Metrics, periodicReport, exportResponses,
        startExport, exportJob, exportFile,
        listUnits, importUnits, listUsers, createUser, addGrant, disableUser, audit,
        listDossierImports, importDossiers, dossiersPage, dossiersImportPage,
        listWebhooks, createWebhook, webhook, deactivateWebhook,
        webhooksPage, webhookCreatePage, webhookPage, webhookDeactivatePage,
    ]
}
