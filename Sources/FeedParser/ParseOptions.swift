/// How to read one document.
package struct ParseOptions: Sendable {
    /// The URL the document came from: relative links resolve against it (after
    /// any xml:base).
    package var baseURL: String?
    /// The charset from HTTP's Content-Type, used when the document itself (BOM or
    /// XML declaration) does not say.
    package var charset: String?
    /// Input beyond this many bytes stops the parse with `FeedParserError.tooLarge`.
    package var maxBytes: Int

    /// Asked between chunks of input: true stops the parse with
    /// `CancellationError` (the daemon shutting down abandons a long parse).
    package var isCancelled: @Sendable () -> Bool = { false }

    package static let defaultMaxBytes = 32 << 20

    package init(baseURL: String? = nil, charset: String? = nil, maxBytes: Int = ParseOptions.defaultMaxBytes) {
        self.baseURL = baseURL
        self.charset = charset
        self.maxBytes = maxBytes
    }
}
