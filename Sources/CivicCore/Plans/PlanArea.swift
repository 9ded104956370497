/// One area (chỉ số nội dung) of a plan: a heading, who answers for it and its targets.
public struct PlanArea: Sendable, Hashable {
    /// Unique in the plan: `direction`, `procedures`.
    public let id: String
    /// The heading's number as the plan prints it (`1`, `7`), for the report.
    public let number: String
    public let title: LocalizedText
    /// Bộ phận chủ trì: the unit that answers for the area's targets unless a target names another.
    public let responsibleUnit: String
    /// Phối hợp: units that support, possibly none.
    public let supportingUnits: [String]
    /// At least one, in the plan's order.
    public let targets: [PlanTarget]

    public init(id: String, number: String, title: LocalizedText, responsibleUnit: String, supportingUnits: [String],
                targets: [PlanTarget]) {
        self.id = id
        self.number = number
        self.title = title
        self.responsibleUnit = responsibleUnit
        self.supportingUnits = supportingUnits
        self.targets = targets
    }
}
