/// The staff pages' wording. Staff are Vietnamese civil servants: the pages are in Vietnamese
/// (the citizen pages, not these, carry the minority languages).
enum StaffText {
    static let signInTitle = "Đăng nhập cán bộ"
    static let loginLabel = "Tên đăng nhập"
    static let passwordLabel = "Mật khẩu"
    static let signInButton = "Đăng nhập"
    /// The same words whether the login exists or not, and whether the password or the account was wrong.
    static let signInFailed = "Tên đăng nhập hoặc mật khẩu không đúng."
    static let csrfExpired = "Phiên biểu mẫu đã hết hạn. Vui lòng nhập lại và gửi lần nữa."
    static let tooManyAttempts = "Đăng nhập sai quá nhiều lần"
    static let tooManyAttemptsText = "Vui lòng thử lại sau vài phút."
    static let busyText = "Máy chủ đang bận kiểm tra các lượt đăng nhập khác. Vui lòng thử lại sau vài giây."
    static let signInRequired = "Cần đăng nhập"
    static let signInRequiredText = "Trang này chỉ dành cho cán bộ đã đăng nhập."
    static let forbidden = "Không có quyền truy cập"
    static let forbiddenText = "Tài khoản của bạn không được cấp quyền cho trang này."
    static let notFound = "Không tìm thấy trang"
    static let homeTitle = "Trang cán bộ"
    static let signedInAs = "Đăng nhập với tên"
    static let grantsHeading = "Quyền được cấp"
    static let noGrants = "Tài khoản chưa được cấp quyền nào. Hãy liên hệ quản trị viên."
    static let everywhere = "toàn hệ thống"
    static let signOutButton = "Đăng xuất"
    static let badRequest = "Yêu cầu không hợp lệ"
    static let feedbackLink = "Xử lý phản ánh, kiến nghị"
    static let backToItem = "Quay lại phản ánh, kiến nghị"

    static func roleName(_ role: String) -> String {
        switch role {
        case "admin": "Quản trị"
        case "analyst": "Phân tích số liệu"
        case "handler": "Xử lý phản ánh, kiến nghị"
        case "clerk": "Nhập phiếu giấy"
        default: role
        }
    }
}
