/// Left-aligns text in a column (String(format:)'s %-10@ does not pad on Linux).
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
