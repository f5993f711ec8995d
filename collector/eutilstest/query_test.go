package eutilstest_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
)

// tiny is a corpus small enough to know every answer by hand.
func tiny(t testing.TB) *eutilstest.Corpus {
	t.Helper()
	c, err := eutilstest.NewCorpusOf(
		/* 0 */ eutilstest.Record{Published: "2019/05/01", Title: "Exosome biogenesis",
			Types: []string{"Journal Article"}, MeSH: []string{"Humans"}, Subsets: []string{"medline"}},
		/* 1 */ eutilstest.Record{Published: "2020/01/15", Electronic: "2019/12/20", Title: "A CRISPR screen of exosome release",
			Types: []string{"Randomized Controlled Trial"}, MeSH: []string{"Humans", "Mice"}, Subsets: []string{"medline"}},
		/* 2 */ eutilstest.Record{Published: "2020/03/01", Title: "Snail mucin in wound care", Abstract: "A trial of snail mucin.",
			Types: []string{"Systematic Review"}, MeSH: []string{"Animals"}, Subsets: []string{"medline", "systematic"}},
		/* 3 */ eutilstest.Record{Published: "2021/06/01", Title: "Microbiome and exosome", Abstract: "CRISPR tools.",
			Types: []string{"Case Reports"}, MeSH: []string{"Humans", "Exosomes*"}, Subsets: []string{"medline"}},
		/* 4 */ eutilstest.Record{Published: "2021/02/01", Title: "Editorial on CRISPR",
			Types: []string{"Editorial"}, Subsets: []string{"pubmednotmedline"}, Language: "ger"},
		/* 5 */ eutilstest.Record{Published: "2022/01/10", Title: "Exosome cargo", Subsets: []string{"inprocess"}},
		/* 6 */ eutilstest.Record{Published: "2018/03/01", Electronic: "2019/02/01", Title: "Old print, late online",
			Types: []string{"Review"}, Subsets: []string{"medline"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPrecedence checks the evaluator against sets worked out by hand:
// left to right unless parenthesised, NOT binary, juxtaposition is AND.
func TestPrecedence(t *testing.T) {
	c := tiny(t)
	tests := []struct {
		name, query string
		want        []int
	}{
		{"word", "exosome", []int{0, 1, 3, 5}},
		{"left to right", "exosome OR crispr AND microbiome", []int{3}},
		{"parentheses first", "exosome OR (crispr AND microbiome)", []int{0, 1, 3, 5}},
		{"NOT then OR", "crispr NOT exosome OR snail", []int{2, 4}},
		{"NOT a group", "crispr NOT (exosome OR snail)", []int{4}},
		{"juxtaposition is AND", "exosome crispr", []int{1, 3}},
		{"nested", "((exosome OR snail) NOT (crispr OR cargo)) OR editorial", []int{0, 2, 4}},
		{"quoted phrase", `"exosome release"`, []int{1}},
		{"phrase in a field", `snail mucin[ab]`, []int{2}},
		{"truncation", "exosom*", []int{0, 1, 3, 5}},
		{"title", "crispr[ti]", []int{1, 4}},
		{"abstract", "crispr[ab]", []int{3}},
		{"title or abstract", "CRISPR[TIAB]", []int{1, 3, 4}},
		{"MeSH in all fields", "exosomes", []int{3}},
		{"major topic", "exosomes[majr]", []int{3}},
		{"humans", "humans[mh]", []int{0, 1, 3}},
		{"Humans under Animals", "animals[mh]", []int{0, 1, 2, 3}},
		{"animals only", "animals[mh] NOT humans[mh]", []int{2}},
		{"no explosion", "animals[mh:noexp]", []int{2}},
		{"type explodes", `"clinical trial"[pt]`, []int{1}},
		{"type explodes twice", `"Clinical Study"[ptyp]`, []int{1}},
		{"review includes systematic", "review[pt]", []int{2, 6}},
		{"type without explosion", "review[pt:noexp]", []int{6}},
		{"untagged type maps", "case reports", []int{3}},
		{"medline", "medline[sb]", []int{0, 1, 2, 3, 6}},
		{"not medline", "all[sb] NOT medline[sb]", []int{4, 5}},
		{"language", "german[la]", []int{4}},
		{"range by either date", "2019:2019[dp]", []int{0, 1, 6}},
		{"single date skips late electronic", "2019[dp]", []int{0, 1}},
		{"range of days", "2019/12/01:2019/12/31[dp]", []int{1}},
		{"reversed range", "2020:2019[pdat]", []int{0, 1, 2, 6}},
		{"print date", "2020[ppdat]", []int{1, 2}},
		{"electronic date", "2019[epdat]", []int{1, 6}},
		{"entry date", "2019:2019[edat]", []int{0, 1}},
		{"collector's term", "(exosome) AND 2019:2019[dp]", []int{0, 1}},
		{"typo leaves the year", "(exosme) AND 2019:2019[dp]", []int{0, 1, 6}},
		{"typo in OR", "exosme OR snail", []int{2}},
		{"dropped left of NOT", "exosme NOT snail", nil},
		{"unknown field searches all", "cargo[jungle]", []int{5}},
		{"unclosed parenthesis", "exosome AND (crispr", []int{1, 3}},
		{"stray parenthesis", "exosome) AND crispr", []int{1, 3}},
		{"dangling operator", "exosome AND", []int{0, 1, 3, 5}},
		{"lower-case and is a stopword", "exosome and crispr", []int{1, 3}},
		{"lone quote", `"exosome crispr`, []int{1, 3}},
		{"missing phrase searches words", `"release exosome"`, []int{1}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Match(tt.query)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Match(%q) (-want +got):\n%s", tt.query, diff)
			}
			if n := c.Count(tt.query); n != int64(len(got)) {
				t.Errorf("Count(%q) = %d, want %d", tt.query, n, len(got))
			}
		})
	}
}

// TestDiagnostics checks that what PubMed would report is reported, in
// the list PubMed reports it in (PROTOCOL.md §3.2, §3.6, §4.5).
func TestDiagnostics(t *testing.T) {
	c := tiny(t)
	tests := []struct {
		query string
		want  eutilstest.Result
	}{
		{"(exosme) AND 2019:2019[dp]", eutilstest.Result{Count: 3, PhrasesNotFound: []string{"exosme"},
			Translation: "2019/01/01:2019/12/31[Date - Publication]"}},
		{"fleegle[mh]", eutilstest.Result{PhrasesNotFound: []string{"fleegle[MeSH Terms]"}}},
		{`"Nonexistent Termxyz Qwerty"[mh]`, eutilstest.Result{QuotedPhrasesNotFound: []string{`"Nonexistent Termxyz Qwerty"[mh]`}}},
		{"foo[pt] OR exosome[ti]", eutilstest.Result{Count: 4, PhrasesNotFound: []string{"foo[Publication Type]"},
			Translation: `"exosome"[Title]`}},
		{"nonyear[dp]", eutilstest.Result{PhrasesNotFound: []string{"nonyear[Date - Publication]"}}},
		{"cargo[jungle]", eutilstest.Result{Count: 1, FieldsNotFound: []string{"jungle"}, Translation: `"cargo"[All Fields]`}},
		{`"release exosome"`, eutilstest.Result{Count: 1, QuotedPhrasesNotFound: []string{`"release exosome"`},
			Translation: `(("release"[MeSH Terms] OR "release"[All Fields]) AND ("exosome"[MeSH Terms] OR "exosome"[All Fields]))`}},
		{"exosome AND (crispr", eutilstest.Result{Count: 2, OutputMessages: []string{"Unbalanced parentheses"},
			Translation: `("exosome"[MeSH Terms] OR "exosome"[All Fields]) AND ("crispr"[MeSH Terms] OR "crispr"[All Fields])`}},
		{`snail "mucin`, eutilstest.Result{Count: 1, OutputMessages: []string{"Unbalanced quotes"},
			Translation: `("snail"[MeSH Terms] OR "snail"[All Fields]) AND ("mucin"[MeSH Terms] OR "mucin"[All Fields])`}},
		{"cargo[badfield", eutilstest.Result{Count: 1, OutputMessages: []string{"[badfield"},
			Translation: `("cargo"[MeSH Terms] OR "cargo"[All Fields])`}},
		{"the cargo", eutilstest.Result{Count: 1, PhrasesIgnored: []string{"the"},
			Translation: `("cargo"[MeSH Terms] OR "cargo"[All Fields])`}},
		{"NOT cargo", eutilstest.Result{Count: 1, OutputMessages: []string{"Operator NOT ignored: no term on its left"},
			Translation: `("cargo"[MeSH Terms] OR "cargo"[All Fields])`}},
		{"clinical trials", eutilstest.Result{Count: 1,
			Translation: `("clinical trial"[Publication Type] OR "clinical trials"[MeSH Terms] OR "clinical trials"[All Fields])`}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, c.Search(tt.query), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestNewCorpusOfRefuses(t *testing.T) {
	for name, r := range map[string]eutilstest.Record{
		"bad date":    {Published: "2019/13"},
		"bad type":    {Published: "2019", Types: []string{"Blog Post"}},
		"bad subset":  {Published: "2019", Subsets: []string{"preprints"}},
		"bad lang":    {Published: "2019", Language: "klingon"},
		"bad e-date":  {Published: "2019", Electronic: "19/01/01"},
		"no pub date": {Electronic: "2019"},
	} {
		if _, err := eutilstest.NewCorpusOf(r); err == nil {
			t.Errorf("NewCorpusOf(%s) succeeded", name)
		}
	}
	if _, err := eutilstest.NewCorpusOf(); err == nil {
		t.Error("NewCorpusOf() with no records succeeded")
	}
}

// FuzzSearch throws arbitrary queries at the parser and evaluator: no
// panic, no runaway, a count no larger than the corpus, the same answer
// twice, and Count agreeing with Match.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{
		"exosome", "(exosome) AND 2019:2019[dp]", `"snail mucin"[tiab] OR crispr*`, "a NOT (b OR (c AND d))",
		"((((", "))))", `"""`, "[[]]", "AND OR NOT", "2019/02/30:2019[dp]", "x[mh:noexp] y[majr]", "(exosme) AND 2019[dp]",
		"humans[mh] NOT animals[mh]", `"clinical trial"[pt] NOT "randomized controlled trial"[pt]`, "all[sb] NOT medline[sb]",
	} {
		f.Add(q)
	}
	c := tiny(f)
	f.Fuzz(func(t *testing.T, q string) {
		r := c.Search(q)
		if r.Count < 0 || r.Count > int64(c.Len()) {
			t.Fatalf("Search(%q).Count = %d, corpus has %d records", q, r.Count, c.Len())
		}
		if again := c.Search(q); !cmp.Equal(r, again) {
			t.Fatalf("Search(%q) changed between calls: %v then %v", q, r, again)
		}
		m := c.Match(q)
		if int64(len(m)) != r.Count || !slices.IsSorted(m) {
			t.Fatalf("Match(%q) = %v, Count %d", q, m, r.Count)
		}
	})
}
