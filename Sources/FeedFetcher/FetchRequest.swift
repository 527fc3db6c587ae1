/// What to fetch, with the validators from the last answer.
package struct FetchRequest: Sendable {
    package var url: String
    /// ETag and Last-Modified exactly as last received.
    package var etag: String?
    package var lastModified: String?
    /// Off for servers whose validators lie (they answer 304 to changed feeds).
    package var conditionalGet = true
    /// Overrides the configured User-Agent for this feed.
    package var userAgent: String?

    package init(url: String, etag: String? = nil, lastModified: String? = nil, conditionalGet: Bool = true, userAgent: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.conditionalGet = conditionalGet
        self.userAgent = userAgent
    }
}
