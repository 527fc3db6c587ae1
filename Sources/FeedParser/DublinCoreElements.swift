/// Dublin Core (DCMES 1.1, https://www.dublincore.org/specifications/dublin-core/dces/)
/// and DCMI terms (https://www.dublincore.org/specifications/dublin-core/dcmi-terms/)
/// in RSS and Atom: below the format's own elements for the same field, except
/// dc:creator, the author RSS 1.0 feeds have.
enum DublinCoreElements {
    static let rules: [ElementRule] = [
        .init(.dc, "date", .feed, .capture(.updated, .plain), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#date"),
        .init(.dc, "language", .feed, .capture(.language, .plain), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#language"),
        .init(.dc, "title", .feed, .capture(.title, .title), rank: 2, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#title"),
        .init(.dc, "description", .feed, .capture(.subtitle, .title), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#description"),
        .init(.dcterms, "modified", .feed, .capture(.updated, .plain), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/#modified"),

        .init(.dc, "creator", .entry, .capture(.author, .plain), spec: "https://www.dublincore.org/specifications/dublin-core/dces/#creator"),
        // Not a DCMES element, but what publishers write for dc:creator.
        .init(.dc, "author", .entry, .capture(.author, .plain), spec: "https://www.dublincore.org/specifications/dublin-core/dces/#creator"),
        .init(.dc, "date", .entry, .capture(.published, .plain), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#date"),
        .init(.dc, "subject", .entry, .capture(.category, .plain), spec: "https://www.dublincore.org/specifications/dublin-core/dces/#subject"),
        .init(.dc, "language", .entry, .capture(.language, .plain), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#language"),
        .init(.dc, "title", .entry, .capture(.title, .title), rank: 2, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#title"),
        .init(.dc, "description", .entry, .capture(.summary, .markup), rank: 2, spec: "https://www.dublincore.org/specifications/dublin-core/dces/#description"),
        .init(.dcterms, "modified", .entry, .capture(.updated, .plain), rank: 1, spec: "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/#modified"),
        .init(.dcterms, "issued", .entry, .capture(.published, .plain), rank: 2, spec: "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/#issued"),
        .init(.dcterms, "created", .entry, .capture(.published, .plain), rank: 2, spec: "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/#created"),
    ]
}
