/// What a form file says about how the service uses the form, beside the definition itself.
public struct FormFileSettings: Sendable, Hashable {
    /// `metrics_default: true`: the form the satisfaction figures count when a request names none.
    public var metricsDefault = false
    /// `kiosk_layout:`; ``KioskLayout/wholeForm`` when the file does not say.
    public var kioskLayout = KioskLayout.wholeForm

    public init(metricsDefault: Bool = false, kioskLayout: KioskLayout = .wholeForm) {
        self.metricsDefault = metricsDefault
        self.kioskLayout = kioskLayout
    }
}
