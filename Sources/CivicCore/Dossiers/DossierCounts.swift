/// The one-stop system's counts of administrative dossiers (hồ sơ thủ tục hành chính) for one unit
/// and one day or month, or a sum of such rows: the denominators the PAR plan's targets need
/// (Yamane's N, the on-time share ≥ 98%, an apology for each late dossier, QĐ 766 ratio 3, the
/// online and postal (BCCI) shares).
///
/// - `received`: dossiers received in the period, by any channel;
/// - `resolved`: dossiers whose result was given in the period (possibly received earlier), of
///   which `resolvedOnTime` by the appointed date and `resolvedLate` after it;
/// - `apologiesSent`: apology letters for late dossiers (phiếu xin lỗi và hẹn lại ngày trả kết quả);
/// - `online`: dossiers received online (public service portal, levels 3–4);
/// - `receivedByPost`, `returnedByPost`: dossiers received, and results returned, through the
///   public postal service (bưu chính công ích, BCCI).
///
/// The arithmetic a row must satisfy is ``problems``'s; counts read from the store always satisfy
/// it, since the database checks the same rules.
public struct DossierCounts: Sendable, Hashable, Codable {
    public var received: Int
    public var resolved: Int
    public var resolvedOnTime: Int
    public var resolvedLate: Int
    public var apologiesSent: Int
    public var online: Int
    public var receivedByPost: Int
    public var returnedByPost: Int

    public init(received: Int = 0, resolved: Int = 0, resolvedOnTime: Int = 0, resolvedLate: Int = 0,
                apologiesSent: Int = 0, online: Int = 0, receivedByPost: Int = 0, returnedByPost: Int = 0) {
        self.received = received
        self.resolved = resolved
        self.resolvedOnTime = resolvedOnTime
        self.resolvedLate = resolvedLate
        self.apologiesSent = apologiesSent
        self.online = online
        self.receivedByPost = receivedByPost
        self.returnedByPost = returnedByPost
    }

    /// The fields by their column names in an import file, in the order a file lists them.
    public static let fields: [(name: String, keyPath: any WritableKeyPath<DossierCounts, Int> & Sendable)] = [
        ("received", \.received), ("resolved", \.resolved), ("resolved_on_time", \.resolvedOnTime),
        ("resolved_late", \.resolvedLate), ("apologies_sent", \.apologiesSent), ("online", \.online),
        ("received_by_post", \.receivedByPost), ("returned_by_post", \.returnedByPost),
    ]

    /// What is wrong with these counts as one row, each naming the column to correct; empty when
    /// they add up:
    /// - every count is a whole number ≥ 0;
    /// - `resolved_on_time + resolved_late = resolved` (each resolved dossier is one or the other);
    /// - `apologies_sent ≤ resolved_late` (an apology is owed for a late dossier, once);
    /// - `online + received_by_post ≤ received` (channels of receipt are disjoint: online, by post,
    ///   or in person at the desk);
    /// - `returned_by_post ≤ resolved` (only a result can be returned).
    ///
    /// `resolved` may exceed `received`: dossiers received in an earlier period are resolved in this one.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        for (name, keyPath) in Self.fields where self[keyPath: keyPath] < 0 {
            problems.append((name, "\(name) is negative (\(self[keyPath: keyPath]))"))
        }
        if resolvedOnTime + resolvedLate != resolved {
            problems.append(("resolved", "resolved_on_time + resolved_late = \(resolvedOnTime) + \(resolvedLate) = "
                             + "\(resolvedOnTime + resolvedLate), but resolved is \(resolved)"))
        }
        if apologiesSent > resolvedLate {
            problems.append(("apologies_sent", "apologies_sent (\(apologiesSent)) exceeds resolved_late (\(resolvedLate)): "
                             + "an apology is sent once per late dossier"))
        }
        if online + receivedByPost > received {
            problems.append(("online", "online + received_by_post = \(online) + \(receivedByPost) = "
                             + "\(online + receivedByPost) exceeds received (\(received))"))
        }
        if returnedByPost > resolved {
            problems.append(("returned_by_post", "returned_by_post (\(returnedByPost)) exceeds resolved (\(resolved))"))
        }
        return problems
    }

    /// Field by field.
    public static func + (lhs: DossierCounts, rhs: DossierCounts) -> DossierCounts {
        var sum = lhs
        for (_, keyPath) in fields { sum[keyPath: keyPath] += rhs[keyPath: keyPath] }
        return sum
    }
}
