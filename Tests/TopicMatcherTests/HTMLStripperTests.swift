import Testing
@testable import TopicMatcher

@Suite("HTML in summaries and content is matched as text")
struct HTMLStripperTests {
    @Test("tags go, block tags leave a space, script and style vanish, references are decoded", arguments: [
        ("<p>Kim <b>arrived</b></p><p>Putin</p>", " Kim arrived  Putin "),
        ("Kim<br/>Putin", "Kim Putin"),
        ("Ki<i>m</i>", "Kim"),
        ("<script>var kim = 1;</script>Putin<STYLE>p{}</STYLE>", "Putin"),
        ("AT&amp;T &lt;b&gt; &#8217; &#x41; &eacute;t&eacute;", "AT&T <b> ’ A été"),
        ("R&D & more; &unknown; &#xZZ;", "R&D & more; &unknown; &#xZZ;"),
        ("Čong Ким <b>김정은</b>", "Čong Ким 김정은"),
        ("a < b", "a < b"),
        ("plain text", "plain text"),
    ])
    func strips(_ html: String, _ text: String) {
        #expect(HTMLStripper.text(html) == text)
    }
}
