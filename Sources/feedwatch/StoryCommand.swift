import AlertLog
import AlertStore
import ArgumentParser
import FeedModel
import FeedwatchDaemon
import FeedwatchSupport
import Foundation

/// `feedwatch story ID`: one story's articles in the order they came.
struct StoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "story", abstract: "Show one story (s-41) with its articles in order.")

    @OptionGroup var state: StateOptions

    @Argument(help: "The story id, as alert lines and `feedwatch stories` show it (s-41).")
    var id: String

    @Flag(help: "One JSON object.")
    var json = false

    func run() throws {
        let database = try state.existingDatabase("story")
        guard Story.row(of: id) != nil else { throw ValidationError("\(id) is not a story id: they look like s-41 (see feedwatch stories)") }
        do {
            guard let s = try AlertStore(path: database).story(id) else {
                FileHandle.standardError.write(Data("feedwatch story: no story \(id) in \(database) (see feedwatch stories)\n".utf8))
                throw ExitCode.failure
            }
            guard !json else { return print(StoriesCommand.json(s)) }
            print(StoriesCommand.text(s))
            for a in s.articles {
                print("  \(UTCTime.iso8601(a.seen))  \(UntrustedText.clean(a.feed))  [\(a.language ?? "?")]  "
                      + "\(UntrustedText.clean(a.title ?? "(no title)"))  \(UntrustedText.clean(a.link ?? ""))")
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            FileHandle.standardError.write(Data("feedwatch story: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
