import CivicStore
import Hummingbird
import Logging

/// `/healthz` (the process answers), `/readyz` (the database answers and no migration is pending)
/// and `/metrics` (Prometheus text format).
struct HealthController {
    let migrations: MigrationRunner

    func register(on router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            HealthReport(status: "ok", reason: nil)
        }
        router.get("readyz") { _, context in
            try await readiness(logger: context.logger)
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: Telemetry.registry.emitToBuffer())))
        }
    }

    func readiness(logger: Logger) async throws -> EditedResponse<HealthReport> {
        do {
            let status = try await migrations.status(logger: logger)
            if status.pending.isEmpty {
                return EditedResponse(status: .ok, response: HealthReport(status: "ready", reason: nil))
            }
            let names = status.pending.map(\.label).joined(separator: ", ")
            return EditedResponse(status: .serviceUnavailable,
                                  response: HealthReport(status: "not ready", reason: "pending migrations: \(names)"))
        } catch let error as StoreError {
            return EditedResponse(status: .serviceUnavailable, response: HealthReport(status: "not ready", reason: error.description))
        } catch let error as MigrationError {
            return EditedResponse(status: .serviceUnavailable, response: HealthReport(status: "not ready", reason: error.description))
        }
    }
}

struct HealthReport: ResponseEncodable {
    let status: String
    let reason: String?
}
