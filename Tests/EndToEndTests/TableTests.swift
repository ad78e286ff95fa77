import Testing

@testable import composure

/// `Table`, the one plain-text table of `history` and `scenarios list`.
@Suite struct TableTests {
    @Test func columnsArePaddedToTheirWidestCellAndLinesTrimmed() {
        let text = Table.render(
            header: ["ID", "TITLE", "FROM"], rows: [["a", "Long title", ""], ["bbb", "x", "dir"]])
        #expect(text == "ID   TITLE       FROM\na    Long title\nbbb  x           dir\n")
    }

    @Test func wideAndCombiningCharactersArePaddedByTheColumnsTheyTake() {
        let text = Table.render(
            header: ["NAME", "SCORE"], rows: [["王小明", "80"], ["Zoe\u{301}", "75"], ["Sam", "9"]])
        #expect(text == "NAME    SCORE\n王小明  80\nZoe\u{301}     75\nSam     9\n")
    }

    @Test func aHeaderAloneIsOneLine() {
        #expect(Table.render(header: ["ID", "TITLE"], rows: []) == "ID  TITLE\n")
    }
}
