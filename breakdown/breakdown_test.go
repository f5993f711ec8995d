package breakdown_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pubtrend/pubtrend/breakdown"
)

func TestEvidenceQueries(t *testing.T) {
	want := []string{
		`(exosome) AND ("systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb])`,
		`(exosome) AND ("randomized controlled trial"[pt]) NOT (("systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb]))`,
		`(exosome) AND ("clinical trial"[pt]) NOT (("systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb]) OR "randomized controlled trial"[pt])`,
		`(exosome) AND ("observational study"[pt]) NOT (("systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb]) OR "randomized controlled trial"[pt] OR "clinical trial"[pt])`,
		`(exosome) AND (review[pt]) NOT (("systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb]) OR "randomized controlled trial"[pt] OR "clinical trial"[pt] OR "observational study"[pt])`,
		`(exosome) AND ("case reports"[pt]) NOT (("systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb]) OR "randomized controlled trial"[pt] OR "clinical trial"[pt] OR "observational study"[pt] OR review[pt])`,
		``,
	}
	if diff := cmp.Diff(want, breakdown.Evidence().Queries("exosome")); diff != "" {
		t.Errorf("Evidence().Queries(exosome) (-want +got):\n%s", diff)
	}
	species := []string{`(exosome OR crispr) AND (humans[mh])`, `(exosome OR crispr) AND (animals[mh]) NOT (humans[mh])`, ``}
	if diff := cmp.Diff(species, breakdown.Species().Queries("exosome OR crispr")); diff != "" {
		t.Errorf("Species().Queries (-want +got):\n%s", diff)
	}
}

// TestBuiltInsUseTagsOnly: an untagged word in a part would go through
// Automatic Term Mapping and pick up text words (PROTOCOL.md §10).
func TestBuiltInsUseTagsOnly(t *testing.T) {
	tagged := regexp.MustCompile(`("[^"]*"|[A-Za-z-]+)\[(pt|mh|sb)\]`)
	for _, b := range breakdown.BuiltIn() {
		if err := b.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", b.Name, err)
		}
		if _, ok := b.Remainder(); !ok {
			t.Errorf("%s has no remainder", b.Name)
		}
		for _, p := range b.Parts {
			if p.Label == "" || p.Why == "" {
				t.Errorf("%s/%s has no label or no why", b.Name, p.Key)
			}
			rest := strings.Fields(tagged.ReplaceAllString(p.Query, ""))
			for _, w := range rest {
				if w != "OR" && w != "AND" && w != "NOT" {
					t.Errorf("%s/%s: %q in %q is not a tagged term", b.Name, p.Key, w, p.Query)
				}
			}
		}
		if got, ok := breakdown.Lookup(strings.ToUpper(b.Name)); !ok || got.Name != b.Name {
			t.Errorf("Lookup(%q) = %q, %v", strings.ToUpper(b.Name), got.Name, ok)
		}
	}
	if _, ok := breakdown.Lookup("design"); ok {
		t.Error(`Lookup("design") found a breakdown`)
	}
}

func TestValidate(t *testing.T) {
	part := func(key, query string) breakdown.Part { return breakdown.Part{Key: key, Label: key, Query: query} }
	tests := []struct {
		name  string
		b     breakdown.Breakdown
		paths []string
	}{
		{"good", breakdown.Breakdown{Name: "access", Parts: []breakdown.Part{part("free", "free full text[sb]"), part("rest", "")}}, nil},
		{"no remainder is fine", breakdown.Breakdown{Name: "lang", Parts: []breakdown.Part{part("en", "english[la]"), part("de", "german[la]")}}, nil},
		{"bad name", breakdown.Breakdown{Name: "Evidence Types", Parts: []breakdown.Part{part("a", "review[pt]"), part("b", "")}}, []string{"name"}},
		{"one part", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("a", "review[pt]")}}, []string{"parts"}},
		{"only a remainder", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("a", ""), part("b", "")}}, []string{"parts", "parts.0.query"}},
		{"duplicate key", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("a", "review[pt]"), part("a", "letter[pt]"), part("c", "")}}, []string{"parts.1.key"}},
		{"bad key", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("RCTs", "review[pt]"), part("9", ""), part("b c", "")}}, []string{"parts.0.key", "parts.1.key", "parts.1.query", "parts.2.key"}},
		{"remainder not last", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("a", ""), part("b", "review[pt]")}}, []string{"parts.0.query"}},
		{"unbalanced", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("a", "(review[pt]"), part("b", `"case reports[pt]`), part("c", "a) OR (b"), part("d", "")}},
			[]string{"parts.0.query", "parts.1.query", "parts.2.query"}},
		{"date in a part", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{part("a", "review[pt] AND 2019[DP]"), part("b", "letter[pt] AND 2019/01/01[Date - Publication]"), part("c", "")}},
			[]string{"parts.0.query", "parts.1.query"}},
		{"control characters", breakdown.Breakdown{Name: "x", Parts: []breakdown.Part{{Key: "a", Label: "A\x1b[31m", Query: "review[pt]\n"}, part("b", "")}},
			[]string{"parts.0.label", "parts.0.query"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.Validate()
			var got []string
			var fe breakdown.FieldErrors
			if errors.As(err, &fe) {
				for _, e := range fe {
					got = append(got, e.Path)
				}
			} else if err != nil {
				t.Fatalf("Validate() = %T %v, want FieldErrors", err, err)
			}
			if diff := cmp.Diff(tt.paths, got); diff != "" {
				t.Errorf("Validate() = %v; paths (-want +got):\n%s", err, diff)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	s := breakdown.Species()
	got, err := s.Split(200, map[string]int64{"humans": 120, "animals-only": 30})
	want := []breakdown.Count{{"humans", 120, 0.6}, {"animals-only", 30, 0.15}, {"neither", 50, 0.25}}
	if err != nil || !cmp.Equal(got, want) {
		t.Errorf("Split(200, 120, 30) = %v, %v; want %v", got, err, want)
	}
	got, err = s.Split(0, map[string]int64{"humans": 0, "animals-only": 0})
	if want := []breakdown.Count{{"humans", 0, 0}, {"animals-only", 0, 0}, {"neither", 0, 0}}; err != nil || !cmp.Equal(got, want) {
		t.Errorf("Split of an empty year = %v, %v; want zeros", got, err)
	}
	lang := breakdown.Breakdown{Name: "lang", Parts: []breakdown.Part{{Key: "en", Query: "english[la]"}, {Key: "de", Query: "german[la]"}}}
	if got, err := lang.Split(10, map[string]int64{"en": 6, "de": 2}); err != nil || !cmp.Equal(got, []breakdown.Count{{"en", 6, 0.6}, {"de", 2, 0.2}}) {
		t.Errorf("Split without a remainder = %v, %v; want 6 and 2 of 10", got, err)
	}

	refused := []struct {
		name   string
		topic  int64
		counts map[string]int64
		is     error
	}{
		{"parts above the topic", 100, map[string]int64{"humans": 80, "animals-only": 30}, breakdown.ErrInconsistent},
		{"missing part", 100, map[string]int64{"humans": 80}, breakdown.ErrMissing},
		{"negative part", 100, map[string]int64{"humans": 80, "animals-only": -1}, breakdown.ErrInconsistent},
		{"negative topic", -1, map[string]int64{"humans": 0, "animals-only": 0}, breakdown.ErrInconsistent},
		{"count for the remainder", 100, map[string]int64{"humans": 80, "animals-only": 10, "neither": 10}, breakdown.ErrInconsistent},
		{"unknown key", 100, map[string]int64{"humans": 80, "animals-only": 10, "mice": 10}, breakdown.ErrInconsistent},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Split(tt.topic, tt.counts)
			if !errors.Is(err, tt.is) {
				t.Errorf("Split(%d, %v) = %v, %v; want %v", tt.topic, tt.counts, got, err, tt.is)
			}
		})
	}
	_, err = s.Split(100, map[string]int64{"humans": 80, "animals-only": 30})
	if err == nil || !strings.Contains(err.Error(), "add up to 110, more than the topic's 100") {
		t.Errorf("error %q does not say what does not fit", err)
	}
}

func TestCaveats(t *testing.T) {
	e := breakdown.Evidence()
	want := []string{
		"Systematic reviews & meta-analyses: Systematic Review is a publication type since 2019, applied back to older records.",
		"Observational studies: PubMed tags Observational Study only since 2014; earlier ones count as other.",
		"Case reports: PubMed tags Case Reports only since 2004; earlier ones count as other.",
	}
	if diff := cmp.Diff(want, e.Caveats(2000)); diff != "" {
		t.Errorf("Caveats(2000) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[:2], e.Caveats(2004)); diff != "" {
		t.Errorf("Caveats(2004) (-want +got):\n%s", diff)
	}
	if got := e.Caveats(2019); len(got) != 0 {
		t.Errorf("Caveats(2019) = %q, want none", got)
	}
	if got := breakdown.Species().Caveats(1950); len(got) != 0 {
		t.Errorf("Species().Caveats = %q, want none", got)
	}
}

func TestIndexingLag(t *testing.T) {
	got, err := breakdown.IndexingLag([]breakdown.IndexingCounts{
		{2021, 1000, 100}, {2022, 1000, 100}, {2023, 1000, 110}, {2024, 1000, 150}, {2025, 400, 240}, {2026, 0, 0},
	}, 2024)
	if err != nil {
		t.Fatal(err)
	}
	want := []breakdown.Indexing{
		{Year: 2021, Share: 0.1, Baseline: 0.1, NotYet: 0},
		{Year: 2022, Share: 0.1, Baseline: 0.1, NotYet: 0},
		{Year: 2023, Share: 0.11, Baseline: 0.1, NotYet: 10, NotYetShare: 0.01},
		{Year: 2024, Share: 0.15, Baseline: 0.1, NotYet: 50, NotYetShare: 0.05, Lagging: true},
		{Year: 2025, Share: 0.6, Baseline: 0.1, NotYet: 200, NotYetShare: 0.5, Lagging: true},
		{Year: 2026, Baseline: 0.1},
	}
	// The baseline pools 2021–2023: 310 of 3000.
	for i := range want {
		want[i].Baseline = 310.0 / 3000
	}
	want[2].NotYet, want[2].NotYetShare = 7, 0.007
	want[3].NotYet, want[3].NotYetShare = 47, 0.047
	want[4].NotYet, want[4].NotYetShare = 199, 0.4975
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })); diff != "" {
		t.Errorf("IndexingLag (-want +got):\n%s", diff)
	}
	if _, err := breakdown.IndexingLag([]breakdown.IndexingCounts{{2024, 10, 11}}, 2024); !errors.Is(err, breakdown.ErrInconsistent) {
		t.Errorf("more outside MEDLINE than in the topic: err = %v, want ErrInconsistent", err)
	}
	if q := breakdown.NotIndexedQuery("exosome OR crispr"); q != "(exosome OR crispr) NOT medline[sb]" {
		t.Errorf("NotIndexedQuery = %q", q)
	}
}
