/// The five elements of the SIPAS method (QĐ 2640/QĐ-BNV); a section may be tagged with one so
/// that satisfaction can be reported per element.
public enum SatisfactionElement: String, Sendable, Hashable, Codable, CaseIterable {
    /// Tiếp cận dịch vụ: access to the service.
    case access
    /// Thủ tục hành chính: the administrative procedure.
    case procedure
    /// Công chức: the civil servant.
    case civilServant = "civil_servant"
    /// Kết quả: the result.
    case result
    /// Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị: receiving and handling feedback.
    case feedbackHandling = "feedback_handling"
}
