import CivicCore
import CivicStore

/// The OpenAPI 3.0 document of the whole JSON API (`/api/v1/…`), written here by hand as Swift
/// literals and served at `GET /api/v1/openapi.json`. A test walks the router and fails when an
/// `/api/` route is missing from it or it names a route the router lacks, so it stays true.
/// (Open311 GeoReport v2 under `/open311/v2/` follows its own published specification.)
enum OpenAPIDocument {
    static let path = "/api/v1/openapi.json"

    /// The document as JSON text.
    static let text: String = document.serialized()

    static let document: JSONTree = [
        "openapi": "3.0.3",
        "info": [
            "title": "CivicVoice API",
            "version": "1",
            "description": .string("""
                Citizen satisfaction surveys (SIPAS) and feedback and petitions (PAKN) for Vietnamese public \
                agencies. Public routes take no credentials; staff routes take an API token \
                (`Authorization: Bearer cv_…`, made with `civicvoice tokens create`) and check the caller's \
                grants: analysts read metrics for their units' subtree, handlers handle PAKN in theirs, admins \
                everything. Every error is RFC 9457 problem+json.
                """),
        ],
        "servers": [["url": "/"]],
        "tags": [
            ["name": "forms", "description": "Form definitions and survey responses"],
            ["name": "feedback", "description": "PAKN: citizens' feedback and petitions"],
            ["name": "staff", "description": "The signed-in staff member and the unit register"],
            ["name": "handling", "description": "PAKN handling by staff"],
            ["name": "metrics", "description": "Satisfaction, PAKN and QĐ 766 figures, reports and exports"],
            ["name": "admin", "description": "Units, accounts, grants and the audit log (admins only)"],
            ["name": "meta", "description": "This document"],
        ],
        "paths": paths,
        "components": [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer",
                                           "description": "An API token: cv_ followed by its secret"]],
            "schemas": schemas,
        ],
    ]

    // MARK: - Paths

    static var paths: JSONTree {
        [
            "/api/v1/openapi.json": [
                "get": operation("This document", tag: "meta", auth: false, responses: [
                    ("200", ok(["type": "object"], "The OpenAPI 3.0 document")),
                ]),
            ],
            "/api/v1/forms": [
                "get": operation("The current forms", tag: "forms", auth: false, parameters: [languageParameter], responses: [
                    ("200", ok(ref("FormList"), "The forms, titles in the requested language")),
                ]),
            ],
            "/api/v1/forms/{id}": [
                "get": operation("One form, resolved for a language", tag: "forms", auth: false,
                                 parameters: [pathParameter("id", "The form's id, e.g. sipas"), languageParameter],
                                 responses: [
                                     ("200", ok(ref("ResolvedForm"), "The form with each string in the first language of the chain that has it")),
                                     ("400", problem("lang is not a language tag")),
                                     ("404", problem("No form has this id")),
                                 ]),
            ],
            "/api/v1/responses": [
                "post": operation("Submit a survey response", description: """
                    Idempotent by the client-made id: 201 stored, 200 the same id and content again, 409 the \
                    same id with other content, 422 every field error at once. `submittedAt` (a paper or offline \
                    answer's time, or its day) only with a bearer token of an account holding the paper-entry \
                    permission (role clerk, or admin) whose grant reaches the response's unit: anonymous callers \
                    get 422 `not_allowed`; never in the future, never before the form version was stored, at most \
                    90 days back; the response then counts on that day. The `kiosk` and `paper` channels need the \
                    same token, or a registered kiosk's: anonymous callers get 422 `channel_not_allowed`. A kiosk                     (its device token `cvk_…` as the bearer token) resends what it took offline with the same id and                     its original `submittedAt`: the response is its desk's (channel `kiosk`, `officer` one of the                     desk's officers) and counts once, on that day; a revoked or unknown kiosk token gets 401.
                    """, tag: "forms", auth: false, body: ref("ResponseSubmission"), responses: [
                        ("201", ok(ref("ResponseCreated"), "Stored")),
                        ("200", ok(ref("ResponseCreated"), "Stored before with the same content")),
                        ("401", problem("A kiosk token that is revoked or unknown")),
                        ("403", problem("submittedAt, or the kiosk or paper channel, from a staff account without the paper-entry permission here, or a kiosk for another unit")),
                        ("409", problem("The id was stored with other content")),
                        ("413", problem("The body is too large")),
                        ("415", problem("The body is not application/json")),
                        ("422", problem("Field errors, in `errors`")),
                        ("429", problem("Too many submissions from this address")),
                    ]),
            ],
            "/api/v1/feedback": [
                "post": operation("Send feedback or a petition (PAKN)", description: """
                    Idempotent by the client-made id; the answer carries the tracking code to look the item up. \
                    Contact details only with explicit consent (`contactConsent: true`); they are stored encrypted.
                    """, tag: "feedback", auth: false, body: ref("FeedbackSubmission"), responses: [
                        ("201", ok(ref("FeedbackCreated"), "Received")),
                        ("200", ok(ref("FeedbackCreated"), "Received before with the same content")),
                        ("409", problem("The id was used with other content")),
                        ("413", problem("The body is too large")),
                        ("415", problem("The body is not application/json")),
                        ("422", problem("Field errors, in `errors`")),
                        ("429", problem("Too many submissions from this address")),
                    ]),
            ],
            "/api/v1/feedback/{code}": [
                "get": operation("A PAKN item's public status", tag: "feedback", auth: false,
                                 parameters: [pathParameter("code", "The tracking code, e.g. PAKN.20260301.0012")],
                                 responses: [
                                     ("200", ok(ref("FeedbackPublicStatus"), "The status, without personal data")),
                                     ("404", problem("No item has this tracking code")),
                                 ]),
            ],
            "/api/v1/me": [
                "get": operation("The caller and their grants", tag: "staff", responses: [
                    ("200", ok(ref("Me"), "The account behind the token")),
                ]),
            ],
            "/api/v1/units/{code}/subtree": [
                "get": operation("A unit and everything under it on a day", tag: "staff",
                                 parameters: [pathParameter("code", "A unit code, e.g. LC.SVHTTDL"),
                                              query("date", "YYYY-MM-DD; today in Vietnam by default", dateSchema)],
                                 responses: [
                                     ("200", ok(ref("Subtree"), "The units in effect that day")),
                                     ("400", problem("date is not YYYY-MM-DD")),
                                     ("404", problem("No unit has this code")),
                                 ]),
            ],
            "/api/v1/staff/feedback": [
                "get": operation("PAKN items within the caller's grants", tag: "handling", parameters: [
                    query("state", "Comma-separated states", ["type": "string", "example": "received,in_progress"]),
                    query("unit", "A unit code in scope: only items of its subtree"),
                    query("category", "A category of the pakn form"),
                    query("overdue", "true: only open items past their due date", ["type": "boolean"]),
                    query("q", "Words in the title, content or tracking code (accents optional)"),
                    query("limit", "1–200, 50 by default", integerSchema),
                    query("offset", "Items to skip", integerSchema),
                ], responses: [
                    ("200", ok(ref("FeedbackList"), "The items, newest first")),
                    ("400", problem("A filter cannot be read")),
                ]),
            ],
            "/api/v1/staff/feedback/{id}": [
                "get": operation("One PAKN item with its history", tag: "handling",
                                 parameters: [pathParameter("id", "The item's id (UUID)")], responses: [
                                     ("200", ok(ref("FeedbackItemDetail"), "The item, its events, attachments and the actions allowed now")),
                                     ("404", problem("No item has this id")),
                                 ]),
            ],
            "/api/v1/staff/feedback/{id}/transitions": [
                "post": operation("Apply a workflow action", tag: "handling",
                                  parameters: [pathParameter("id", "The item's id (UUID)")], body: ref("TransitionRequest"),
                                  responses: [
                                      ("200", ok(ref("TransitionResult"), "Applied")),
                                      ("404", problem("No item has this id")),
                                      ("409", problem("The state does not allow the action; `allowed` lists those it does")),
                                      ("422", problem("A field is missing or unusable, in `errors`")),
                                  ]),
            ],
            "/api/v1/staff/feedback/{id}/attachments/{attachment}": [
                "get": operation("Download an attachment", tag: "handling",
                                 parameters: [pathParameter("id", "The item's id (UUID)"),
                                              pathParameter("attachment", "The attachment's id (UUID)")],
                                 responses: [
                                     ("200", ["description": "The file as uploaded",
                                              "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]]),
                                     ("404", problem("No such attachment on this item")),
                                 ]),
            ],
            "/api/v1/staff/feedback/{id}/contact": [
                "get": operation("The citizen's contact details (audited)", tag: "handling",
                                 parameters: [pathParameter("id", "The item's id (UUID)")], responses: [
                                     ("200", ok(ref("Contact"), "The fields the citizen gave")),
                                     ("404", problem("No contact details, or they were erased")),
                                     ("503", problem("No data keys are configured")),
                                 ]),
            ],
            "/api/v1/admin/units": [
                "get": operation("Every unit, or those in effect on a day", tag: "admin",
                                 parameters: [query("date", "YYYY-MM-DD", dateSchema)], responses: [
                                     ("200", ok(ref("UnitList"), "The units, by code")),
                                     ("400", problem("date is not YYYY-MM-DD")),
                                 ]),
                "post": operation("Import units (all or nothing)", tag: "admin", body: ref("UnitList"), responses: [
                    ("200", ok(ref("UnitsImported"), "What changed")),
                    ("422", problem("The units have problems, in `errors`; nothing was imported")),
                ]),
            ],
            "/api/v1/admin/users": [
                "get": operation("Every staff account with its grants", tag: "admin", responses: [
                    ("200", ok(ref("UserList"), "The accounts")),
                ]),
                "post": operation("Create an account with one grant", tag: "admin", body: ref("NewUser"), responses: [
                    ("201", ok(ref("CreatedUser"), "Created; a generated password is shown this once")),
                    ("409", problem("The login is taken")),
                    ("422", problem("Field errors, in `errors`")),
                ]),
            ],
            "/api/v1/admin/users/{login}/grants": [
                "post": operation("Add a grant", tag: "admin", parameters: [pathParameter("login", "The account's login")],
                                  body: ref("Grant"), responses: [
                                      ("201", ok(ref("GrantResult"), "Added")),
                                      ("200", ok(ref("GrantResult"), "The account had it already")),
                                      ("404", problem("No account has this login")),
                                      ("422", problem("Field errors, in `errors`")),
                                  ]),
            ],
            "/api/v1/admin/users/{login}/disable": [
                "post": operation("Disable an account (ends its sessions and tokens)", tag: "admin",
                                  parameters: [pathParameter("login", "The account's login")], responses: [
                                      ("200", ok(ref("Disabled"), "Disabled")),
                                      ("404", problem("No account has this login")),
                                  ]),
            ],
            "/api/v1/admin/dossiers": [
                "get": operation("The latest imports of dossier statistics", tag: "admin", responses: [
                    ("200", ok(ref("DossierImports"), "Newest first, at most 100")),
                ]),
                "post": operation("Import dossier statistics (CSV or XLSX, all or nothing)", description: """
                    The one-stop system's export as the body: one row per unit and day or month (and procedure), \
                    columns unit, period, procedure, received, resolved, resolved_on_time, resolved_late, \
                    apologies_sent, online, received_by_post, returned_by_post. For each unit of the file, the \
                    stored rows sharing a day with the days the file covers are replaced. Audited.
                    """, tag: "admin",
                    parameters: [query("file", "The file's name, for the list of imports", stringSchema)],
                    fileBody: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
                    responses: [
                        ("201", ok(ref("DossierImportSummary"), "What was imported")),
                        ("413", problem("The file is larger than 8 MiB")),
                        ("415", problem("The body is neither text/csv nor XLSX")),
                        ("422", problem("""
                            Every problem in `errors` ({line, column, field, message}; for XLSX the line is the \
                            sheet's row number); nothing was imported
                            """)),
                    ]),
            ],
            "/api/v1/admin/audit": [
                "get": operation("The audit log, newest first", tag: "admin", parameters: [
                    query("limit", "1–500, 100 by default", integerSchema),
                    query("before", "Entries older than this id", integerSchema),
                ], responses: [
                    ("200", ok(ref("AuditPage"), "The entries")),
                    ("400", problem("limit or before out of range")),
                ]),
            ],
            "/api/v1/admin/webhooks": [
                "get": operation("Every webhook subscription (never its secret)", tag: "admin", responses: [
                    ("200", ok(ref("WebhookList"), "Active ones first, newest first")),
                    ("503", problem("No data keys are configured")),
                ]),
                "post": operation("Subscribe a receiver to events", description: """
                    Each event is POSTed to `url` as JSON `{id, type, created_at, delivery_id, data, sms_text?, \
                    sms_segments?, sms_encoding?, contact?}`; `contact` (the citizen's name, email, phone, address) \
                    only when `allowsPersonalData` is true and the citizen left details with consent that were not \
                    erased. Headers: `CivicVoice-Event`, `CivicVoice-Delivery` and `Idempotency-Key` (the same on \
                    every attempt of one delivery: answer 2xx to one you already processed), `CivicVoice-Attempt`, \
                    and `CivicVoice-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the \
                    secret>`. A receiver recomputes the HMAC over the raw body, compares it in constant time and \
                    refuses a `t` more than 5 minutes from its clock. A non-2xx answer (or none in 15 s) is retried \
                    after 30 s, doubling up to 6 hours, 10 attempts in all; 410 stops at once. The secret is in the \
                    answer to this request only.
                    """, tag: "admin", body: ref("NewWebhook"), responses: [
                        ("201", ok(ref("CreatedWebhook"), "Created; the secret is shown this once")),
                        ("422", problem("Field errors, in `errors` (a bad URL, an unknown event…)")),
                        ("503", problem("No data keys are configured")),
                    ]),
            ],
            "/api/v1/admin/webhooks/{webhook}": [
                "get": operation("A subscription and its recent deliveries, each with its attempts", tag: "admin",
                                 parameters: [pathParameter("webhook", "The subscription's id"),
                                              query("limit", "1–500, 50 by default", integerSchema)],
                                 responses: [
                                     ("200", ok(ref("WebhookDetail"), "Newest deliveries first")),
                                     ("400", problem("limit out of range")),
                                     ("404", problem("No subscription has this id")),
                                 ]),
            ],
            "/api/v1/admin/webhooks/{webhook}/deactivate": [
                "post": operation("Deactivate a subscription (its queued deliveries are given up)", tag: "admin",
                                  parameters: [pathParameter("webhook", "The subscription's id")], responses: [
                                      ("200", ok(ref("Webhook"), "Deactivated")),
                                      ("404", problem("No subscription has this id")),
                                  ]),
            ],
            "/api/v1/metrics/satisfaction": [
                "get": operation("Satisfaction rates for a unit and period", description: """
                    Pooled (every satisfied answer ÷ every answer), the mean of the five SIPAS element rates, \
                    and each element, of one form, with 95% intervals that treat respondents as clusters of \
                    answers (`interval`), the target (90% unless set otherwise) and the verdict. Responses that \
                    name no unit count at the root: in a unit covering the whole register, and as the \
                    breakdown row "" (`by=unit`). CSV with `format=csv` or `Accept: text/csv` (UTF-8 with a BOM).
                    """, tag: "metrics",
                    parameters: periodParameters + [unitParameter, byParameter(SatisfactionBreakdown.allCases.map(\.rawValue)),
                                                    formParameter,
                                                    query("population", "Dossiers handled in the period (N for Yamane's sample size)", integerSchema),
                                                    formatParameter(["json", "csv"]), languageParameter],
                    responses: metricsResponses("SatisfactionMetrics")),
            ],
            "/api/v1/metrics/feedback": [
                "get": operation("PAKN handling for a unit and period", description: """
                    The PAKN received in the period whose responsible unit is in the unit's subtree, each in its \
                    state as of now: handled (resolved or forwarded) ÷ in scope against 100%, on time, overdue, \
                    citizens' ratings, working days to handle.
                    """, tag: "metrics",
                    parameters: periodParameters + [unitParameter, byParameter(["unit", "month"]),
                                                    formatParameter(["json", "csv"]), languageParameter],
                    responses: metricsResponses("FeedbackMetricsDocument")),
            ],
            "/api/v1/metrics/qd766": [
                "get": operation("QĐ 766/QĐ-TTg satisfaction score for a unit and period", description: """
                    The three ratios of the satisfaction group (18 of 100 points; 6 each is this service's \
                    assumption) and the score.
                    """, tag: "metrics",
                    parameters: periodParameters + [unitParameter, byParameter(["unit", "month"]),
                                                    formatParameter(["json", "csv"]), languageParameter],
                    responses: metricsResponses("QD766Document")),
            ],
            "/api/v1/reports/{period}": [
                "get": operation("The periodic report of a unit", description: """
                    One row per direct child of the unit, "unit not stated" (unit.code "") when the unit covers \
                    the whole register, and the unit itself as the total, with satisfaction of one form, \
                    PAKN handling, the QĐ 766 score and the change from the comparison period (the same report \
                    a year earlier for the 6-month, 9-month and year reports; the period before otherwise). \
                    JSON, CSV, or an HTML page that prints on A4 (`format=html` or `Accept: text/html`).
                    """, tag: "metrics",
                    parameters: [pathParameter("period", "2026-Q1, 2026-H1, 2026-Q3 (January–September), 2026, 2026-09…"),
                                 conventionParameter, unitParameter,
                                 formParameter,
                                 query("population", "Dossiers handled (N for Yamane's sample size)", integerSchema),
                                 formatParameter(["json", "csv", "html"]), languageParameter],
                    responses: [
                        ("200", ["description": "The report", "content": [
                            "application/json": ["schema": ref("PeriodicReport")],
                            "text/csv": ["schema": ["type": "string"]],
                            "text/html": ["schema": ["type": "string"]],
                        ]]),
                    ] + queryProblems),
            ],
            "/api/v1/plans/{plan}/{planPeriod}": [
                "get": operation("A PAR plan's targets for one of its reporting periods", description: """
                    Every target of the plan (Forms/plans/{plan}.yaml) for the Q1, 6-month, Q3 (January–September) \
                    or year report: the value (computed ones are the periodic report's figures for the plan's \
                    unit and period; entered ones the latest value the unit responsible stored, with its note \
                    and evidence link), the value to reach, and the verdict (met, not_met, inconclusive when the \
                    95% interval holds the target, no_value). JSON, or an XLSX workbook with one sheet per area \
                    (`format=xlsx`). Allowed where the plan's unit or a unit responsible for one of its targets \
                    is in scope.
                    """, tag: "metrics",
                    parameters: [pathParameter("plan", "A plan's id: <year>-<unit>, e.g. 2022-LC.SVHTT"),
                                 pathParameter("planPeriod", "2022-Q1, 2022-H1, 2022-Q3 or 2022 (the plan's year)"),
                                 formatParameter(["json", "xlsx"])],
                    responses: [
                        ("200", ["description": "The plan's targets", "content": [
                            "application/json": ["schema": ["type": "object"]],
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                                ["schema": ["type": "string", "format": "binary"]],
                        ]]),
                        ("404", problem("No plan has this id, or the period is not one of its reports")),
                    ] + queryProblems),
            ],
            "/api/v1/responses/export": [
                "get": operation("Export raw responses", description: """
                    Streams the responses of one form in the unit's subtree and period straight from a database \
                    cursor, oldest first: CSV (a BOM, one column per question labelled in `lang` with its id, \
                    then metadata) or NDJSON (one `ExportedResponse` per line). Recorded in the audit log. Read \
                    from the read replica when one is configured and current: the `Data-As-Of` and \
                    `Data-Read-From` headers say as of when and where (CSV figures carry the same headers).
                    """, tag: "metrics",
                    parameters: [query("form", "The form to export, e.g. sipas", required: true),
                                 query("version", "One version; every version by default", integerSchema)]
                        + periodParameters + [unitParameter, formatParameter(["csv", "ndjson"]), languageParameter],
                    responses: [
                        ("200", ["description": "The responses", "content": [
                            "text/csv": ["schema": ["type": "string"]],
                            "application/x-ndjson": ["schema": ref("ExportedResponse")],
                        ]]),
                    ] + queryProblems),
            ],
            "/api/v1/exports": [
                "post": operation("Start a background export of raw responses", description: """
                    Queues the export that `GET /api/v1/responses/export` streams, to be made by a server in the                     background (any server takes any job; a stopped server's job is taken over). The body names                     the form and period as that route's query does; the unit is the query parameter. 202 with                     the job, and its address in `Location`: poll it until `state` is done, then download `file`,                     kept for EXPORT_KEEP_HOURS. Audited.
                    """, tag: "metrics", parameters: [unitParameter], body: ref("NewExport"),
                    responses: [
                        ("202", ["description": "Queued", "headers": ["Location": [
                            "description": "The job's address", "schema": stringSchema]],
                                 "content": ["application/json": ["schema": ref("ExportJob")]]]),
                        ("400", problem("A field cannot be read, or the body is not JSON; `parameter` names the field")),
                        ("413", problem("The body is larger than 16 KiB")),
                        ("415", problem("The body is not application/json")),
                        ("422", problem("A field cannot be used (unknown form or version, from after to); `parameter` names it")),
                    ]),
            ],
            "/api/v1/exports/{job}": [
                "get": operation("A background export and how far it has got", tag: "metrics",
                                 parameters: [pathParameter("job", "The job's id (UUID)")], responses: [
                                     ("200", ok(ref("ExportJob"), "The job")),
                                     ("404", problem("No job has this id (a finished one is deleted once it expires)")),
                                 ]),
            ],
            "/api/v1/exports/{job}/file": [
                "get": operation("The file of a finished background export (audited)", tag: "metrics",
                                 parameters: [pathParameter("job", "The job's id (UUID)")], responses: [
                                     ("200", ["description": "The file, as the raw export writes it", "content": [
                                         "text/csv": ["schema": ["type": "string"]],
                                         "application/x-ndjson": ["schema": ref("ExportedResponse")],
                                     ]]),
                                     ("404", problem("No job has this id")),
                                     ("409", problem("The job is not done yet (or failed)")),
                                 ]),
            ],
        ]
    }

    // MARK: - Building blocks

    static func ref(_ name: String) -> JSONTree { ["$ref": .string("#/components/schemas/\(name)")] }

    static let stringSchema: JSONTree = ["type": "string"]
    static let integerSchema: JSONTree = ["type": "integer"]
    static let numberSchema: JSONTree = ["type": "number"]
    static let booleanSchema: JSONTree = ["type": "boolean"]
    static let dateSchema: JSONTree = ["type": "string", "format": "date"]

    static func array(_ items: JSONTree) -> JSONTree { ["type": "array", "items": items] }

    /// `schema` that may also be `null` (OpenAPI 3.0 spells it `nullable`; a `$ref` needs `allOf`).
    static func nullable(_ schema: JSONTree) -> JSONTree {
        if schema["$ref"] != nil { return ["nullable": true, "allOf": [schema]] }
        guard case .object(let members) = schema else { return schema }
        return .object(members + [.init(name: "nullable", value: true)])
    }

    /// An object schema; every property is required unless listed in `optional`.
    static func object(_ properties: KeyValuePairs<String, JSONTree>, optional: Set<String> = [],
                       description: String? = nil) -> JSONTree {
        var members: [JSONTree.Member] = [.init(name: "type", value: "object")]
        if let description { members.append(.init(name: "description", value: .string(description))) }
        let required = properties.map(\.key).filter { !optional.contains($0) }
        if !required.isEmpty { members.append(.init(name: "required", value: .array(required.map(JSONTree.string)))) }
        members.append(.init(name: "properties", value: .object(properties.map { .init(name: $0.key, value: $0.value) })))
        return .object(members)
    }

    static func operation(_ summary: String, description: String? = nil, tag: String, auth: Bool = true,
                          parameters: [JSONTree] = [], body: JSONTree? = nil, fileBody: [String] = [],
                          responses: [(String, JSONTree)]) -> JSONTree {
        var members: [JSONTree.Member] = [.init(name: "summary", value: .string(summary))]
        if let description { members.append(.init(name: "description", value: .string(description))) }
        members.append(.init(name: "tags", value: [.string(tag)]))
        if auth {
            members.append(.init(name: "security", value: [["bearer": []]]))
        } else {
            members.append(.init(name: "security", value: []))
        }
        if !parameters.isEmpty { members.append(.init(name: "parameters", value: .array(parameters))) }
        if let body {
            members.append(.init(name: "requestBody", value: ["required": true,
                                                             "content": ["application/json": ["schema": body]]]))
        }
        if !fileBody.isEmpty {
            // A file sent as the body itself, in one of these media types.
            let content = JSONTree.object(fileBody.map {
                .init(name: $0, value: ["schema": ["type": "string", "format": "binary"]])
            })
            members.append(.init(name: "requestBody", value: ["required": true, "content": content]))
        }
        var all = responses
        if auth {
            all += [("401", problem("No valid API token")), ("403", problem("The caller's grants do not allow this here"))]
        }
        members.append(.init(name: "responses", value: .object(all.map { .init(name: $0.0, value: $0.1) })))
        return .object(members)
    }

    static func ok(_ schema: JSONTree, _ description: String) -> JSONTree {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static func problem(_ description: String) -> JSONTree {
        ["description": .string(description), "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    static func query(_ name: String, _ description: String, _ schema: JSONTree = stringSchema,
                      required: Bool = false) -> JSONTree {
        ["name": .string(name), "in": "query", "required": .bool(required), "description": .string(description),
         "schema": schema]
    }

    static func pathParameter(_ name: String, _ description: String) -> JSONTree {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": stringSchema]
    }

    static let languageParameter = query("lang", "Language of labels: vi (default), en, hmn…")

    static let formParameter = query("form", """
        The form whose answers are counted: a survey form's id, or all to pool every form (the figure then says so \
        in form and forms). Without it: the form whose file declares metrics_default (sipas as shipped).
        """)

    static let unitParameter = query("unit", """
        The unit whose subtree is counted; it must be within the caller's grants. Without it: the unit of the \
        caller's only grant (several grants: 422 listing them), or for admins the only root unit in effect, else \
        the whole service (no register yet, or several roots). A unit whose subtree holds every root unit of the \
        period also counts what names no unit.
        """)

    static let conventionParameter = query("convention", """
        calendar (months from the 1st) or cutoff (from the 15th of the month before to the 14th, NĐ 09/2019/NĐ-CP); \
        REPORTING_CONVENTION by default
        """, ["type": "string", "enum": ["calendar", "cutoff"]])

    static let periodParameters: [JSONTree] = [
        query("period", """
            2026, 2026-H1, 2026-H2, 2026-Q1…Q4 (2026-Q3 = January–September, the Q3 report; 2026-Q3-only = July–September), \
            2026-09. Default: the report being gathered today (Q1, 6-month, 9-month or year).
            """),
        query("from", "First day, YYYY-MM-DD (with to, instead of period)", dateSchema),
        query("to", "Last day, YYYY-MM-DD, included", dateSchema),
        conventionParameter,
    ]

    static func byParameter(_ values: [String]) -> JSONTree {
        query("by", "Break the figures down", ["type": "string", "enum": .array(values.map(JSONTree.string))])
    }

    static func formatParameter(_ values: [String]) -> JSONTree {
        query("format", "Instead of the Accept header", ["type": "string", "enum": .array(values.map(JSONTree.string))])
    }

    static let queryProblems: [(String, JSONTree)] = [
        ("400", problem("A query parameter cannot be read; `parameter` names it")),
        ("422", problem("A query parameter cannot be used (unknown unit or form, from after to, a unit required); `parameter` names it")),
    ]

    static func metricsResponses(_ schema: String) -> [(String, JSONTree)] {
        [("200", ["description": "The figures", "content": [
            "application/json": ["schema": ref(schema)],
            "text/csv": ["schema": ["type": "string", "description": "UTF-8 with a byte-order mark, CRLF"]],
        ]])] + queryProblems
    }
}
