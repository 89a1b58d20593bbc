import Foundation

/// The items of a comma-separated option value ("relu1, relu2"), trimmed of spaces.
func commaSeparated(_ value: String) -> [String] {
    value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
}
