/// A department's yearly plan to keep its PAR INDEX score up (`Forms/plans/<year>-<unit>.yaml`):
/// its areas, each with the unit responsible and the units supporting, and each area's targets.
///
/// Guarantees for a plan that loaded (``parse(yaml:file:)``): at least one area and one target;
/// area ids unique in the plan, target ids unique in the whole plan; every target has a
/// responsible unit (its own or its area's); the file name is `<year>-<unit>.yaml` for the
/// plan's year and unit, so ``id`` names one plan.
public struct PlanDefinition: Sendable, Hashable {
    /// `<year>-<unit>`, the file's name without `.yaml`: `2022-LC.SVHTT`.
    public let id: String
    public let year: Int
    /// The unit (department) whose plan this is: computed targets are counted over its subtree.
    public let unitCode: String
    public let title: LocalizedText
    /// The plan's reference (số, ngày), when the file gives one.
    public let document: LocalizedText?
    public let areas: [PlanArea]

    public init(id: String, year: Int, unitCode: String, title: LocalizedText, document: LocalizedText?, areas: [PlanArea]) {
        self.id = id
        self.year = year
        self.unitCode = unitCode
        self.title = title
        self.document = document
        self.areas = areas
    }

    /// Every target, area by area, in the file's order.
    public var targets: [PlanTarget] { areas.flatMap(\.targets) }

    /// The target with `id`, if the plan has one.
    public func target(id: String) -> PlanTarget? {
        targets.first { $0.id == id }
    }

    /// The area holding the target with `id`.
    public func area(ofTarget id: String) -> PlanArea? {
        areas.first { area in area.targets.contains { $0.id == id } }
    }

    /// The id a plan for `year` and `unitCode` has, and its file's name without `.yaml`.
    public static func id(year: Int, unitCode: String) -> String {
        "\(year)-\(unitCode)"
    }
}
