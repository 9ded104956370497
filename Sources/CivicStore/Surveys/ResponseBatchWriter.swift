import CivicCore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Groups concurrent submissions into shared transactions (group commit), so that a province's
/// morning rush pays for one commit, one WAL flush and one round trip per batch rather than per
/// response.
///
/// Each ``insert(_:logger:)`` waits until the transaction holding its response has committed and
/// only then returns its outcome: nothing is acknowledged before it is durable. At most
/// ``maximumWriters`` transactions run at once; responses that arrive while they are all busy wait
/// and go together into the next one (up to ``maximumBatch``). With few concurrent citizens every
/// batch holds one response and the cost is that of a single insert.
///
/// Written here because no package of the mirror batches PostgreSQL writes; the pattern is the one
/// PostgreSQL applies to its own WAL flushes.
public final class ResponseBatchWriter: Sendable {
    typealias NewResponse = ResponseStore.NewResponse
    typealias InsertOutcome = ResponseStore.InsertOutcome

    private struct Waiting {
        let response: NewResponse
        let continuation: CheckedContinuation<InsertOutcome, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writers = 0
    }

    private let state = Mutex(State())
    let database: Database
    /// Transactions in flight at once: enough to keep PostgreSQL busy while one commits.
    let maximumWriters: Int
    /// Responses per transaction: bounds the statement's size and a failed batch's retry.
    let maximumBatch: Int

    init(database: Database, maximumWriters: Int = 4, maximumBatch: Int = 256) {
        self.database = database
        self.maximumWriters = maximumWriters
        self.maximumBatch = maximumBatch
    }

    /// Stores `response` with whatever else is waiting, and returns once that transaction committed.
    func insert(_ response: NewResponse, logger: Logger) async throws -> InsertOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let startsWriter = state.withLock { state in
                state.waiting.append(Waiting(response: response, continuation: continuation))
                guard state.writers < maximumWriters else { return false }
                state.writers += 1
                return true
            }
            if startsWriter {
                Task { await self.writeUntilEmpty(logger: logger) }
            }
        }
    }

    /// One writer: takes what is waiting, batch after batch, until nothing is.
    private func writeUntilEmpty(logger: Logger) async {
        while true {
            let batch: [Waiting] = state.withLock { state in
                guard !state.waiting.isEmpty else {
                    state.writers -= 1
                    return []
                }
                let count = min(maximumBatch, state.waiting.count)
                defer { state.waiting.removeFirst(count) }
                return Array(state.waiting.prefix(count))
            }
            if batch.isEmpty { return }
            await write(batch, logger: logger)
        }
    }

    private func write(_ batch: [Waiting], logger: Logger) async {
        let results = await storeEach(batch.map(\.response), logger: logger)
        for (waiting, result) in zip(batch, results) { waiting.continuation.resume(with: result) }
    }

    /// Stores `responses` in one statement and returns each one's outcome, in order. When the
    /// database refuses the statement for one row's sake, stores them one by one, so that one bad
    /// response cannot take the others down with it; when it is away, all fail alike (503).
    func storeEach(_ responses: [NewResponse], logger: Logger) async -> [Result<InsertOutcome, any Error>] {
        do {
            return try await store(responses, logger: logger).map { .success($0) }
        } catch StoreError.unavailable(let reason) {
            return responses.map { _ in .failure(StoreError.unavailable(reason)) }
        } catch {
            guard responses.count > 1 else { return [Self.outcome(ofRefused: error)] }
            var results: [Result<InsertOutcome, any Error>] = []
            for response in responses {
                do {
                    results.append(.success(try await store([response], logger: logger)[0]))
                } catch {
                    results.append(Self.outcome(ofRefused: error))
                }
            }
            return results
        }
    }

    /// What a statement refused for one response's sake means for that response: a dossier code
    /// rated before (or by another response of the same batch, which the one-by-one retry
    /// separates) is an outcome the caller answers with 409; anything else stays a failure.
    private static func outcome(ofRefused error: any Error) -> Result<InsertOutcome, any Error> {
        if case StoreError.uniqueViolation(constraint: "dossier_ratings_key") = error {
            return .success(.dossierAlreadyRated)
        }
        return .failure(error)
    }

    /// Inserts `responses` in one transaction and returns each one's outcome, in order, after COMMIT.
    func store(_ responses: [NewResponse], logger: Logger) async throws -> [InsertOutcome] {
        // One statement in its own implicit transaction: PostgreSQL commits it at the Sync that
        // PostgresNIO sends with it, before the result reaches us, without BEGIN and COMMIT round trips.
        let inserted = try await database.withConnection { connection in
            try await Self.insertAll(responses, on: connection, logger: logger)
        }
        // A response whose id was already stored (before, or earlier in this batch) is a replay
        // when its content matches what was stored, else a conflict.
        var claimed: Set<UUID> = []
        var outcomes: [InsertOutcome?] = responses.map { response in
            guard inserted.contains(response.id), claimed.insert(response.id).inserted else { return nil }
            return .created
        }
        let others = responses.indices.filter { outcomes[$0] == nil }
        if !others.isEmpty {
            let digests = try await storedDigests(of: others.map { responses[$0].id }, logger: logger)
            for index in others {
                guard let digest = digests[responses[index].id] else { throw StoreError.conflict }
                outcomes[index] = digest == responses[index].contentDigest ? .replayed : .conflict
            }
        }
        return outcomes.map { $0! }
    }

    /// One statement: each id claimed in `response_ids`, the responses whose id was free, their ids
    /// in `response_count_queue`, their dossier codes in `dossier_ratings` and their desks in
    /// `desk_ratings`, together or not at all (see ``ResponseStore/insert(_:logger:)``). `responses`
    /// is partitioned by month (Migrations/0025), so its key (id, submitted_at) cannot tell a replay
    /// in another month: `response_ids` can, for every month. An id twice in one batch is claimed by
    /// its first occurrence (`DISTINCT ON` in array order), as a later request of the same id would
    /// find it taken. Absent units, dossier codes, desks and officers travel as 0 and '' (arrays
    /// cannot hold NULL here): ids start at 1 and an empty dossier code is never stored.
    private static func insertAll(_ responses: [NewResponse], on connection: PostgresConnection,
                                  logger: Logger) async throws -> Set<UUID> {
        let now = Date()
        let rows = try await connection.query("""
            WITH firsts AS (
                SELECT DISTINCT ON (batch.id)
                       batch.id, batch.form_id, batch.form_version, NULLIF(batch.unit_id, 0) AS unit_id, batch.language,
                       batch.channel, NULLIF(batch.dossier_code, '') AS dossier_code, batch.answers,
                       batch.content_digest,
                       CASE WHEN batch.has_submitted_at THEN batch.submitted_at ELSE now() END AS submitted_at,
                       batch.desk_id, batch.officer_id, batch.satisfied, batch.answered
                FROM unnest(
                    \(responses.map(\.id)), \(responses.map(\.formID)), \(responses.map(\.formVersion)),
                    \(responses.map { $0.unitID ?? 0 }), \(responses.map(\.language)), \(responses.map(\.channel)),
                    \(responses.map { $0.dossierCode ?? "" }), \(responses.map(\.answersJSON)),
                    \(responses.map(\.contentDigest)), \(responses.map { $0.submittedAt ?? now }),
                    \(responses.map { $0.submittedAt != nil }), \(responses.map { $0.desk?.deskID ?? 0 }),
                    \(responses.map { $0.desk?.officerID ?? 0 }), \(responses.map { $0.desk?.satisfied ?? 0 }),
                    \(responses.map { $0.desk?.answered ?? 0 })
                ) WITH ORDINALITY AS batch (id, form_id, form_version, unit_id, language, channel, dossier_code, answers,
                                            content_digest, submitted_at, has_submitted_at, desk_id, officer_id,
                                            satisfied, answered, position)
                ORDER BY batch.id, batch.position
            ), claimed AS (
                INSERT INTO response_ids (id, submitted_at, content_digest)
                SELECT id, submitted_at, content_digest
                FROM firsts
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ), inserted AS (
                INSERT INTO responses
                    (id, form_id, form_version, unit_id, language, channel, dossier_code, answers, content_digest,
                     submitted_at)
                SELECT f.id, f.form_id, f.form_version, f.unit_id, f.language, f.channel, f.dossier_code,
                       f.answers::jsonb, f.content_digest, f.submitted_at
                FROM firsts f
                JOIN claimed c ON c.id = f.id
                RETURNING id, form_id, form_version, unit_id, language, channel, dossier_code, submitted_at
            ), webhooked AS (
                -- response.stored for every active subscription that asks for it (Migrations/0029):
                -- one INSERT … SELECT for the whole batch, inside this statement, so a delivery
                -- exists exactly when its response committed; none when no subscription asks. The
                -- payload names the form, the unit and the channel, never the answers.
                INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload, occurred_at)
                SELECT gen_random_uuid(),
                       s.id,
                       md5('responses:' || i.id)::uuid,
                       'response.stored',
                       jsonb_build_object(
                           'response_id', i.id,
                           'form_id', i.form_id,
                           'form_version', i.form_version,
                           'unit', u.code,
                           'language', i.language,
                           'channel', i.channel,
                           'submitted_at', i.submitted_at),
                       now()
                FROM inserted i
                JOIN webhook_subscriptions s
                  ON s.active AND 'response.stored' = ANY (s.events)
                LEFT JOIN units u ON u.id = i.unit_id
            ), desk_rated AS (
                -- Rated through a desk's QR code: the desk's figures count it on the day it was given.
                INSERT INTO desk_ratings (response_id, desk_id, officer_id, rated_on, satisfied, answered)
                SELECT i.id, f.desk_id, NULLIF(f.officer_id, 0), (i.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                       f.satisfied, f.answered
                FROM inserted i
                JOIN firsts f ON f.id = i.id
                WHERE f.desk_id <> 0
            ), rated AS (
                -- A dossier code already rated under this form version breaks the key (23505): the
                -- statement stores nothing and the response is answered dossierAlreadyRated.
                INSERT INTO dossier_ratings (form_id, form_version, dossier_code, response_id)
                SELECT form_id, form_version, dossier_code, id
                FROM inserted
                WHERE dossier_code IS NOT NULL
            )
            INSERT INTO response_count_queue (response_id, submitted_at)
            SELECT id, submitted_at
            FROM inserted
            RETURNING response_id
            """, logger: logger)
        var ids: Set<UUID> = []
        for try await id in rows.decode(UUID.self) { ids.insert(id) }
        return ids
    }

    /// The digests stored with these ids (`response_ids`: one probe each, whatever the month, and
    /// still there once a month is dropped), read after the batch committed (a new snapshot sees
    /// the rows that made the ids conflict).
    private func storedDigests(of ids: [UUID], logger: Logger) async throws -> [UUID: String] {
        let rows = try await database.query("""
            SELECT id, content_digest
            FROM response_ids
            WHERE id = ANY(\(ids))
            """, logger: logger) { try $0.decode((UUID, String).self) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
