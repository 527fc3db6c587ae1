/// What makes an entry the same entry on its next poll (`identity =` in
/// feeds.conf): its guid (the parser's id: guid or atom:id, else the link,
/// else a hash of title and date), its link, or its title for feeds whose
/// guids change on every poll. The store applies it (`identity(of:)`).
package enum IdentityRule: String, Sendable, CaseIterable {
    case guid, link, title
}
