import Metrics

/// The service's own Prometheus series, named in one place.
enum CivicMetrics {
    /// Submissions refused before storage, by reason: csrf, honeypot, rate_limit.
    static func blocked(_ reason: String) -> Counter {
        Counter(label: "civicvoice_blocked_submissions_total", dimensions: [("reason", reason)])
    }

    /// Responses stored, by channel; replays are not counted.
    static func responsesStored(channel: String) -> Counter {
        Counter(label: "civicvoice_responses_stored_total", dimensions: [("channel", channel)])
    }

    /// Staff sign-ins refused, by reason: credentials, throttled, csrf.
    static func staffSignInRefused(_ reason: String) -> Counter {
        Counter(label: "civicvoice_staff_sign_in_refused_total", dimensions: [("reason", reason)])
    }

    /// Workflow actions applied to feedback items, by action (accept, assign, …).
    static func feedbackTransitions(_ action: String) -> Counter {
        Counter(label: "civicvoice_feedback_transitions_total", dimensions: [("action", action)])
    }

    /// Analytics and export requests, by the database that served them: replica or primary.
    static func analyticsReads(_ place: String) -> Counter {
        Counter(label: "civicvoice_analytics_reads_total", dimensions: [("database", place)])
    }

    /// Reads meant for the replica that the primary served, by reason: unavailable, lagging, not_standby.
    static func readReplicaFallbacks(_ reason: String) -> Counter {
        Counter(label: "civicvoice_read_replica_fallbacks_total", dimensions: [("reason", reason)])
    }

    /// Attempts to send an outbox message, by result: sent, retry (queued again), failed.
    static func outboxDeliveries(_ result: String) -> Counter {
        Counter(label: "civicvoice_outbox_deliveries_total", dimensions: [("result", result)])
    }

    /// Outbox messages in a state (queued, failed), as the sender last counted them.
    static func outboxMessages(_ state: String) -> Gauge {
        Gauge(label: "civicvoice_outbox_messages", dimensions: [("state", state)])
    }

    /// Webhook attempts by result (delivered, retry, failed).
    static func webhookAttempts(_ result: String) -> Counter {
        Counter(label: "civicvoice_webhook_attempts_total", dimensions: [("result", result)])
    }

    /// Webhook deliveries in a state (queued, failed), as the worker last counted them.
    static func webhookDeliveries(_ state: String) -> Gauge {
        Gauge(label: "civicvoice_webhook_deliveries", dimensions: [("state", state)])
    }
}
