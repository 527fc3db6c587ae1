/// Apple's podcast tags (https://help.apple.com/itc/podcasts_connect/#/itcb54353390):
/// below the format's own elements for the same field.
enum ITunesElements {
    static let rules: [ElementRule] = [
        .init(.itunes, "subtitle", .feed, .capture(.subtitle, .title), rank: 2, spec: "https://help.apple.com/itc/podcasts_connect/#/itcb54353390"),
        .init(.itunes, "author", .entry, .capture(.author, .plain), rank: 1, spec: "https://help.apple.com/itc/podcasts_connect/#/itcb54353390"),
        .init(.itunes, "summary", .entry, .capture(.summary, .markup), rank: 3, spec: "https://help.apple.com/itc/podcasts_connect/#/itcb54353390"),
    ]
}
