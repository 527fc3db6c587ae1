/// What story assignment knows of one article: its canonical link, a MinHash
/// signature of the word shingles of its title and lead, and the entities and
/// concepts found in them. Small and fixed in size, so that it can be kept in
/// memory for every article of every open story and stored beside it.
package struct StoryPrint: Sendable, Hashable {
    /// The store's normalised link (tracking parameters dropped); nil: no link.
    package var link: String?
    /// `StoryPrint.signatureLength` minima, one per hash function.
    package var signature: [UInt32]
    /// Entity and concept ids, sorted, without repeats.
    package var concepts: [String]
    /// Those of `concepts` that name a person or a city or place: not a
    /// country, an organisation (the Kremlin is beside every Putin) or a
    /// kind of event. Sorted.
    package var names: [String]
    /// Those of `concepts` that are kinds of event (a meeting, a launch, a
    /// visit): what a report naming only one of a story's people must share
    /// with it. Sorted.
    package var events: [String]
    /// The item's language; nil when neither it nor its feed says.
    package var language: String?
    /// How many words the signature was made from: few words give a noisy estimate.
    package var words: Int

    package static let signatureLength = 64

    package init(link: String?, signature: [UInt32], concepts: [String], names: [String], events: [String] = [], language: String?,
                 words: Int) {
        self.events = events
        self.words = words
        self.link = link
        self.signature = signature
        self.concepts = concepts
        self.names = names
        self.language = language
    }
}
