/// One entity or concept found in an article: the alias's span in one stream.
package struct EntityHit: Sendable, Hashable {
    package var entity: Int32
    package var stream: Int32
    package var start: Int32
    package var end: Int32
}
