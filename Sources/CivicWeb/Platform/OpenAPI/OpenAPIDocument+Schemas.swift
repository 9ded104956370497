import CivicCore
import CivicStore

extension OpenAPIDocument {
    // MARK: - Schemas

    static var schemas: JSONTree {
        let rate = nullable(["type": "number", "minimum": 0, "maximum": 1])
        let webhookEvents: JSONTree = ["type": "string", "enum": .array(WebhookEvent.allCases.map { JSONTree.string($0.rawValue) })]
        let timestamp: JSONTree = ["type": "string", "format": "date-time"]
        let rateKeys: KeyValuePairs<String, JSONTree> = [
            "rate": rate,
            "satisfied": integerSchema,
            "answered": integerSchema,
            "ci95": nullable(ref("Interval")),
            "interval": ref("IntervalMethod"),
            "target": numberSchema,
            "met": nullable(booleanSchema),
            "verdict": nullable(["type": "string", "enum": ["above", "below", "inconclusive"],
                                 "description": "above or below: the whole interval lies on that side of the target; inconclusive: it contains the target"]),
            "tooFewRespondents": nullable(booleanSchema),
            "sampleSufficient": nullable(booleanSchema),
            "requiredSample": nullable(integerSchema),
        ]
        let elementReports: KeyValuePairs<String, JSONTree> = [
            "access": ref("RateReport"), "procedure": ref("RateReport"), "civil_servant": ref("RateReport"),
            "result": ref("RateReport"), "feedback_handling": ref("RateReport"),
        ]
        let ratio = ref("QD766Ratio")
        return [
            "Problem": object([
                "type": stringSchema, "title": stringSchema, "status": integerSchema, "detail": stringSchema,
                "parameter": ["type": "string", "description": "The query parameter at fault (analytics routes)"],
                "errors": array(["type": "object", "additionalProperties": ["type": "string"]]),
                "allowed": array(stringSchema),
            ], optional: ["detail", "parameter", "errors", "allowed"], description: "RFC 9457 problem details"),
            "Interval": object(["low": numberSchema, "high": numberSchema]),
            "IntervalMethod": object([
                "method": ["type": "string", "enum": ["wilson", "cluster_wilson", "none"]],
                "deff": nullable(numberSchema), "effectiveN": nullable(numberSchema), "respondents": nullable(integerSchema),
            ], description: """
                How ci95 was made. cluster_wilson (pooled and element satisfaction rates): each respondent is a cluster \
                of answers; with s_i satisfied of a_i answered by respondent i, m respondents and p = Σs/Σa, \
                v = m/(m−1)·Σ(s_i − p·a_i)²/(Σa)², deff = v/(p(1−p)/Σa), and ci95 is Wilson's interval at \
                effectiveN = Σa/deff (where deff cannot be estimated, p = 0 or 1 or fewer than two respondents, \
                effectiveN is the respondents). wilson (a single question, PAKN items): Wilson on independent trials, \
                deff 1. none: no interval (the mean of elements). respondents: those whose answers the rate counts.
                """),
            "RateReport": object(rateKeys, description: """
                A rate with its counts, its 95% interval (how it was made in `interval`), its target, `met` (the point \
                estimate against the target) and `verdict` (the interval against the target). For PAKN rates \
                `satisfied` is the numerator and `answered` the denominator. `rate`, `ci95`, `met` and `verdict` are \
                null when `answered` is 0. `tooFewRespondents`: fewer respondents than `MIN_RESPONDENTS` (default 30); \
                such a rate is shown as "too few answers" and neither ranked nor coloured; null for PAKN rates.
                """),
            "MeanOfElementsReport": .object([
                .init(name: "description", value: "The unweighted mean of the element rates; ci95 and verdict are always null"),
                .init(name: "allOf", value: [ref("RateReport"), object(["elementsWithData": integerSchema])]),
            ]),
            "Period": object(["id": ["type": "string", "example": "2026-Q1"], "label": ["type": "string", "example": "Quý I/2026"],
                              "first": dateSchema, "last": dateSchema,
                              "convention": ["type": "string", "enum": ["calendar", "cutoff"]]]),
            "UnitRef": object(["code": nullable(stringSchema), "name": stringSchema], description: """
                A unit. code null: the whole service (an admin who named no unit where no single root unit is in \
                effect, or no register yet); code "": what names no unit ("Unit not stated").
                """),
            "AsOf": ["type": "string", "format": "date-time", "description": """
                Every commit before this instant is counted: the read replica's last replayed commit, or the time \
                of the request when the figures were read from the primary (or from a replica that was up to date)
                """],
            "ReadFrom": ["type": "string", "enum": ["replica", "primary"],
                         "description": "The database the figures were read from (DATABASE_READ_URL, or the primary)"],
            "SatisfactionMetrics": object([
                "asOf": ref("AsOf"), "readFrom": ref("ReadFrom"),
                "period": ref("Period"), "unit": ref("UnitRef"),
                "form": ["type": "string", "description": "The form counted, or all when every form is pooled"],
                "forms": array(stringSchema),
                "elementsForm": nullable(stringSchema),
                "pooled": ref("RateReport"), "meanOfElements": ref("MeanOfElementsReport"),
                "elements": object(elementReports), "respondents": integerSchema, "population": nullable(integerSchema),
                "requiredSample": nullable(integerSchema), "minimumRespondents": integerSchema,
                "breakdown": object(["by": stringSchema, "rows": array(ref("SatisfactionRow"))]),
                "dossiers": ref("DossierView"),
            ], optional: ["breakdown"], description: """
                forms: the forms whose responses were counted; elementsForm: the one form the elements count (the \
                default form when form is all), so that another questionnaire never enters the SIPAS elements.
                """),
            "DossierRate": object([
                "rate": nullable(numberSchema), "numerator": integerSchema, "denominator": integerSchema,
                "numeratorName": stringSchema, "denominatorName": stringSchema, "target": nullable(numberSchema),
                "met": nullable(booleanSchema),
            ]),
            "DossierView": .object([
                .init(name: "description", value: """
                    The dossier statistics beside a satisfaction figure: Yamane's sample on the dossiers resolved \
                    against the respondents, on time against 98%, apology coverage against 100%, online and postal \
                    shares (counts of every dossier: no intervals), and QĐ 766 ratio 3 over the dossiers resolved, \
                    a dossier without a rating counting as not dissatisfied (denominatorName `rated` when no \
                    statistics were imported), with the rate among ratings beside it
                    """),
                .init(name: "allOf", value: [object([
                    "figures": object([
                        "counts": ref("DossierCounts"), "rowsCounted": integerSchema,
                        "sample": object(["population": nullable(integerSchema), "marginOfError": numberSchema,
                                          "required": nullable(integerSchema), "respondents": integerSchema,
                                          "reached": nullable(booleanSchema)]),
                        "onTime": ref("DossierRate"), "apologyCoverage": ref("DossierRate"), "online": ref("DossierRate"),
                        "receivedByPost": ref("DossierRate"), "returnedByPost": ref("DossierRate"),
                    ]),
                    "qd766Ratio3": object([
                        "resolved": nullable(integerSchema), "rated": integerSchema, "ratedSatisfied": integerSchema,
                        "ratedNotSatisfied": integerSchema, "notRated": nullable(integerSchema),
                        "ratio": ref("DossierRate"), "responseRate": ref("DossierRate"),
                        "ratingsExceedResolved": booleanSchema,
                    ]),
                ])]),
            ]),
            "SatisfactionRow": .object([
                .init(name: "description", value: """
                    One breakdown row: its key (an element, question id, unit code, language tag, channel, YYYY-MM, \
                    or form@version) and label, forms counted (null for elements), and the rate; question rows also \
                    carry element and form.
                    """),
                .init(name: "allOf", value: [
                    object(["key": stringSchema, "label": stringSchema, "respondents": nullable(integerSchema),
                            "element": nullable(stringSchema), "form": nullable(stringSchema)],
                           optional: ["element", "form"]),
                    ref("RateReport"),
                ]),
            ]),
            "FeedbackMetrics": object([
                "received": integerSchema, "outOfScope": integerSchema, "inScope": integerSchema, "resolved": integerSchema,
                "forwarded": integerSchema, "handled": integerSchema, "pending": integerSchema, "overdue": integerSchema,
                "overdueUnclassified": integerSchema,
                "handledOnTime": integerSchema, "ratedSatisfied": integerSchema, "ratedTotal": integerSchema,
                "handledRate": ref("RateReport"), "onTimeRate": ref("RateReport"), "satisfiedShareOfRated": ref("RateReport"),
                "medianDays": nullable(numberSchema), "p90Days": nullable(integerSchema), "durationsCounted": integerSchema,
            ]),
            "FeedbackMetricsDocument": .object([.init(name: "allOf", value: [
                object(["asOf": ref("AsOf"), "readFrom": ref("ReadFrom"), "period": ref("Period"), "unit": ref("UnitRef"),
                        "breakdown": object(["by": stringSchema, "rows": array(.object([.init(name: "allOf", value: [
                            object(["key": stringSchema, "label": stringSchema]), ref("FeedbackMetrics"),
                        ])]))])],
                       optional: ["breakdown"]),
                ref("FeedbackMetrics"),
            ])]),
            "QD766Ratio": object(["numerator": integerSchema, "denominator": integerSchema, "value": rate,
                                  "weight": numberSchema, "points": nullable(numberSchema)]),
            "QD766Score": object([
                "onTime": ratio, "paknSatisfaction": ratio, "dossierSatisfaction": ratio,
                "weights": object(["onTime": numberSchema, "paknSatisfaction": numberSchema, "dossierSatisfaction": numberSchema]),
                "score": nullable(numberSchema), "maxScore": numberSchema, "applicableWeight": numberSchema,
            ], description: """
                r1 PAKN handled on time ÷ PAKN in scope; r2 PAKN not rated dissatisfied ÷ PAKN; r3 dossiers not rated \
                dissatisfied ÷ dossiers. score = maxScore × Σ weight·value ÷ Σ applicable weights.
                """),
            "QD766Document": .object([.init(name: "allOf", value: [
                object(["asOf": ref("AsOf"), "readFrom": ref("ReadFrom"), "period": ref("Period"), "unit": ref("UnitRef"),
                        "breakdown": object(["by": stringSchema, "rows": array(.object([.init(name: "allOf", value: [
                            object(["key": stringSchema, "label": stringSchema]), ref("QD766Score"),
                        ])]))])],
                       optional: ["breakdown"]),
                ref("QD766Score"),
            ])]),
            "Comparison": object(["satisfaction": nullable(numberSchema), "paknHandled": nullable(numberSchema),
                                  "paknOnTime": nullable(numberSchema), "qd766Score": nullable(numberSchema)]),
            "ReportRow": object([
                "unit": ref("UnitRef"), "isTotal": booleanSchema, "satisfaction": ref("RateReport"),
                "paknHandled": ref("RateReport"), "paknOnTime": ref("RateReport"), "paknReceived": integerSchema,
                "paknPending": integerSchema, "paknOverdue": integerSchema,
                "qd766": object(["score": nullable(numberSchema), "maxScore": numberSchema]),
                "previous": .object([.init(name: "description", value: "The comparison period's rates (fractions) and score"),
                                     .init(name: "allOf", value: [ref("Comparison")])]),
                "change": .object([.init(name: "description", value: "Changes: rates in percentage points, the score in points"),
                                   .init(name: "allOf", value: [ref("Comparison")])]),
                "satisfactionChange": nullable(ref("SatisfactionChange")),
                "dossiers": ref("DossierView"),
            ]),
            "SatisfactionChange": object([
                "points": numberSchema, "ci95": object(["low": numberSchema, "high": numberSchema]),
                "significant": booleanSchema, "method": ["type": "string", "enum": ["newcombe_hybrid_score"]],
            ], description: """
                The change of the satisfaction rate from the comparison period, in percentage points, with Newcombe's \
                hybrid score 95% interval (1998, method 10) from both periods' intervals at their effective sizes; \
                significant when the interval excludes 0.
                """),
            "PeriodicReport": object([
                "asOf": ref("AsOf"), "readFrom": ref("ReadFrom"),
                "period": ref("Period"), "previousPeriod": ref("Period"), "unit": ref("UnitRef"),
                "form": ["type": "string", "description": "The form counted, or all when every form is pooled"],
                "forms": array(stringSchema), "minimumRespondents": integerSchema,
                "generatedAt": ["type": "string", "format": "date-time"],
                "rows": array(ref("ReportRow")),
            ]),
            "ExportedResponse": object([
                "id": ["type": "string", "format": "uuid"], "submittedAt": ["type": "string", "format": "date-time"],
                "form": stringSchema, "formVersion": integerSchema, "unit": nullable(stringSchema), "language": stringSchema,
                "channel": stringSchema, "dossierCode": nullable(stringSchema),
                "answers": ["type": "object", "description": "Answers by question id, as stored"],
            ]),
            "NewExport": object([
                "form": stringSchema, "version": integerSchema,
                "period": ["type": "string", "description": "As the metrics' period parameter; or from and to"],
                "from": dateSchema, "to": dateSchema,
                "convention": ["type": "string", "enum": ["calendar", "cutoff"]],
                "format": ["type": "string", "enum": ["csv", "ndjson"]],
                "lang": ["type": "string", "description": "Language of the CSV header and yes/no: vi (default), en…"],
            ], optional: ["version", "period", "from", "to", "convention", "format", "lang"]),
            "ExportJob": object([
                "id": ["type": "string", "format": "uuid"],
                "state": ["type": "string", "enum": ["queued", "running", "done", "failed"]],
                "form": stringSchema, "version": nullable(integerSchema), "unit": stringSchema,
                "from": dateSchema, "to": dateSchema, "format": ["type": "string", "enum": ["csv", "ndjson"]],
                "language": stringSchema,
                "rowsExpected": nullable(["type": "integer", "description": "The rows to write, counted when it was asked for"]),
                "rowsWritten": integerSchema,
                "progress": nullable(["type": "number", "description": "0 to 1; 1 once done"]),
                "attempt": ["type": "integer", "description": "How many times a server has taken it (more than 1: one stopped)"],
                "failure": nullable(stringSchema),
                "createdAt": ["type": "string", "format": "date-time"],
                "finishedAt": nullable(["type": "string", "format": "date-time"]),
                "expiresAt": nullable(["type": "string", "format": "date-time", "description": "When the file is deleted"]),
                "file": nullable(["type": "string", "description": "The file's path once done"]),
            ]),
            "FormList": object(["forms": array(object([
                "id": stringSchema, "version": integerSchema, "kind": ["type": "string", "enum": ["survey", "feedback"]],
                "title": ref("ResolvedText"), "languages": ["type": "object", "additionalProperties": stringSchema],
                "href": stringSchema,
            ]))]),
            "ResolvedText": object(["text": stringSchema, "language": stringSchema, "fellBack": booleanSchema]),
            "ResolvedForm": ["type": "object", "description": "A form's sections and questions, each string resolved for the language chain"],
            "ResponseSubmission": object([
                "id": ["type": "string", "format": "uuid", "description": "Made by the client; resending it is safe"],
                "form": stringSchema, "formVersion": integerSchema, "language": stringSchema, "unit": stringSchema,
                "dossierCode": stringSchema, "channel": ["type": "string", "enum": ["web", "api", "kiosk", "paper"]],
                "answers": ["type": "object", "description": "Answers by question id: numbers, text, lists, true/false, YYYY-MM-DD"],
                "submittedAt": ["type": "string", "description": """
                    When the answer was given: 2026-03-05T09:30:00+07:00, or the day 2026-03-05 (paper entry, \
                    staff with the paper-entry permission; or a registered kiosk resending what it took offline)
                    """],
                "officer": ["type": "integer", "description": "The desk officer the citizen picked: a kiosk's token only"],
            ], optional: ["formVersion", "unit", "dossierCode", "channel", "submittedAt", "officer"]),
            "ResponseCreated": object(["id": ["type": "string", "format": "uuid"], "form": stringSchema,
                                       "formVersion": integerSchema,
                                       "status": ["type": "string", "enum": ["created", "replayed"]]]),
            "FeedbackSubmission": object([
                "id": ["type": "string", "format": "uuid"], "language": stringSchema, "unit": stringSchema,
                "category": stringSchema, "title": stringSchema, "content": stringSchema, "procedureName": stringSchema,
                "attachments": array(object(["fileName": stringSchema, "contentBase64": stringSchema])),
                "contact": object(["name": stringSchema, "phone": stringSchema, "email": stringSchema, "address": stringSchema],
                                  optional: ["name", "phone", "email", "address"]),
                "contactConsent": booleanSchema,
            ], optional: ["language", "unit", "procedureName", "attachments", "contact", "contactConsent"]),
            "FeedbackCreated": object(["id": ["type": "string", "format": "uuid"], "trackingCode": stringSchema,
                                       "status": stringSchema, "statusURL": stringSchema]),
            "FeedbackPublicStatus": object([
                "trackingCode": stringSchema, "title": stringSchema, "category": stringSchema, "state": stringSchema,
                "receivedOn": dateSchema, "dueOn": nullable(dateSchema), "handledOn": nullable(dateSchema),
                "publicReply": nullable(stringSchema), "competentBody": nullable(stringSchema),
                "outOfScopeReason": nullable(stringSchema), "redirectTo": nullable(stringSchema),
                "publishedAt": nullable(["type": "string", "format": "date-time"]), "rated": booleanSchema,
                "ratingRound": integerSchema, "closingReason": nullable(stringSchema),
                "publicID": ["type": "string", "format": "uuid"], "publicTitle": nullable(stringSchema),
            ], optional: ["dueOn", "handledOn", "publicReply", "competentBody", "outOfScopeReason", "redirectTo", "publishedAt",
                          "publicTitle", "closingReason"]),
            "FeedbackItem": ["type": "object", "description": """
                A PAKN item as staff see it: id, trackingCode, receivedOn, category, title, content, unitCode, \
                state, assignedUnitCode, assignedLogin, dueOn, handledOn, resolution, publicReply, publicTitle, publicID, \
                overdue, …
                """],
            "FeedbackList": object(["items": array(ref("FeedbackItem")), "total": integerSchema,
                                    "overdueCount": integerSchema, "limit": integerSchema, "offset": integerSchema]),
            "FeedbackItemDetail": object([
                "item": ref("FeedbackItem"),
                "events": array(object(["at": ["type": "string", "format": "date-time"], "actor": stringSchema,
                                        "action": stringSchema, "fromState": nullable(stringSchema), "toState": stringSchema,
                                        "note": nullable(stringSchema), "closingReason": nullable(stringSchema)],
                                       optional: ["fromState", "note", "closingReason"])),
                "attachments": array(["type": "object"]), "allowedActions": array(stringSchema), "hasContact": booleanSchema,
            ]),
            "TransitionRequest": object([
                "action": ["type": "string", "enum": .array(FeedbackAction.allCases.map { .string($0.rawValue) })],
                "note": stringSchema, "publicReply": stringSchema, "publicTitle": stringSchema, "competentBody": stringSchema,
                "outOfScopeReason": ["type": "string", "enum": .array(OutOfScopeReason.allCases.map { .string($0.rawValue) })],
                "redirectTo": stringSchema, "assigneeUnit": stringSchema, "assigneeLogin": stringSchema,
                "closingReason": stringSchema,
            ], optional: ["note", "publicReply", "publicTitle", "competentBody", "outOfScopeReason", "redirectTo", "assigneeUnit",
                          "assigneeLogin", "closingReason"]),
            "TransitionResult": object(["state": stringSchema, "allowedActions": array(stringSchema)]),
            "Contact": object(["name": stringSchema, "phone": stringSchema, "email": stringSchema, "address": stringSchema],
                              optional: ["name", "phone", "email", "address"]),
            "Me": object(["login": stringSchema, "displayName": stringSchema, "grants": array(ref("Grant"))]),
            "Grant": object(["role": ["type": "string", "enum": .array(StaffRole.allCases.map { .string($0.rawValue) })],
                             "unit": nullable(stringSchema)], optional: ["unit"]),
            "Unit": object([
                "code": stringSchema, "parent": nullable(stringSchema),
                "kind": ["type": "string", "enum": ["province", "department", "commune", "office"]],
                "names": ["type": "object", "additionalProperties": stringSchema], "effective_from": dateSchema,
                "effective_to": nullable(dateSchema), "successor": array(stringSchema),
            ], optional: ["parent", "effective_to", "successor"]),
            "UnitList": object(["units": array(ref("Unit"))]),
            "Subtree": object(["unit": stringSchema, "date": dateSchema, "units": array(ref("Unit"))]),
            "DossierCounts": object([
                "received": integerSchema, "resolved": integerSchema, "resolvedOnTime": integerSchema,
                "resolvedLate": integerSchema, "apologiesSent": integerSchema, "online": integerSchema,
                "receivedByPost": integerSchema, "returnedByPost": integerSchema,
            ]),
            "DossierImportSummary": object([
                "importID": integerSchema, "rows": integerSchema, "replaced": integerSchema, "units": integerSchema,
                "firstDay": dateSchema, "lastDay": dateSchema, "total": ref("DossierCounts"),
            ]),
            "DossierImports": object(["imports": array(object([
                "id": integerSchema, "importedAt": stringSchema, "actorLogin": stringSchema, "fileName": stringSchema,
                "format": ["type": "string", "enum": ["csv", "xlsx"]], "rows": integerSchema, "replaced": integerSchema,
                "firstDay": dateSchema, "lastDay": dateSchema,
            ]))]),
            "UnitsImported": object(["created": integerSchema, "updated": integerSchema, "unchanged": integerSchema,
                                     "successions": integerSchema]),
            "UserList": object(["users": array(object(["login": stringSchema, "displayName": stringSchema,
                                                      "disabled": booleanSchema, "grants": array(ref("Grant"))]))]),
            "NewUser": object(["login": stringSchema, "displayName": stringSchema, "role": stringSchema, "unit": stringSchema,
                               "password": stringSchema], optional: ["displayName", "unit", "password"]),
            "CreatedUser": object(["login": stringSchema, "displayName": stringSchema, "password": nullable(stringSchema)],
                                  optional: ["password"]),
            "GrantResult": object(["login": stringSchema, "role": stringSchema, "unit": nullable(stringSchema),
                                   "created": booleanSchema], optional: ["unit"]),
            "Disabled": object(["login": stringSchema, "disabled": booleanSchema, "changed": booleanSchema]),
            "AuditPage": object(["entries": array(object([
                "id": integerSchema, "at": ["type": "string", "format": "date-time"], "actor": stringSchema,
                "action": stringSchema, "objectType": stringSchema, "objectID": nullable(stringSchema),
                "details": ["type": "object"],
            ], optional: ["objectID"]))]),
            "Webhook": object([
                "id": stringSchema, "name": stringSchema, "url": stringSchema,
                "events": array(webhookEvents),
                "allowsPersonalData": booleanSchema, "active": booleanSchema,
                "createdAt": timestamp,
                "deactivatedAt": nullable(timestamp),
            ], optional: ["deactivatedAt"]),
            "NewWebhook": object([
                "name": stringSchema, "url": stringSchema,
                "events": array(webhookEvents),
                "allowsPersonalData": booleanSchema,
            ], optional: ["allowsPersonalData"]),
            "CreatedWebhook": object(["webhook": ref("Webhook"), "secret": stringSchema]),
            "WebhookList": object(["webhooks": array(ref("Webhook"))]),
            "WebhookDetail": object(["webhook": ref("Webhook"), "deliveries": array(object([
                "id": stringSchema, "eventID": stringSchema, "eventType": stringSchema,
                "occurredAt": timestamp, "state": ["type": "string", "enum": ["queued", "delivered", "failed"]],
                "attempts": integerSchema, "lastStatus": nullable(integerSchema), "lastError": nullable(stringSchema),
                "nextAttemptAt": nullable(timestamp),
                "deliveredAt": nullable(timestamp),
                "attemptLog": array(object([
                    "attempt": integerSchema, "startedAt": timestamp,
                    "finishedAt": nullable(timestamp),
                    "statusCode": nullable(integerSchema), "error": nullable(stringSchema),
                ], optional: ["finishedAt", "statusCode", "error"])),
            ], optional: ["lastStatus", "lastError", "nextAttemptAt", "deliveredAt"]))]),
        ]
    }
}
