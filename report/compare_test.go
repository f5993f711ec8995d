package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testNow is a fixed "today": no test depends on the real date.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// handMade is a dataset built by hand: two topics over 2022-2026, one
// with a missing year, the first broken down by a two-part breakdown.
func handMade() *dataset.Dataset {
	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	obs := func(s store.Series, counts map[int]int64) map[int]store.Observation {
		m := make(map[int]store.Observation)
		for y, n := range counts {
			m[y] = store.Observation{Series: s, Year: y, Count: n, FetchedAt: at}
		}
		return m
	}
	a := dataset.Topic{Name: "alpha", Label: "Alpha", Query: "alpha[tiab]", Origin: dataset.FromConfig,
		Series: store.Series{Query: "alpha[tiab]", Field: "dp"}, From: 2022, To: 2026}
	b := dataset.Topic{Name: "beta", Label: "Beta", Query: "beta", Origin: dataset.FromQuery,
		Series: store.Series{Query: "beta", Field: "dp"}, From: 2022, To: 2026}
	by := breakdown.Breakdown{Name: "design", Label: "Study design", Parts: []breakdown.Part{
		{Key: "trials", Label: "Trials", Query: `"clinical trial"[pt]`},
		{Key: "rest", Label: "The rest"},
	}}
	split := func(total, trials int64) []breakdown.Count {
		parts, err := by.Split(total, map[string]int64{"trials": trials})
		if err != nil {
			panic(err)
		}
		return parts
	}
	return &dataset.Dataset{
		Selection: dataset.Selection{Topics: []dataset.Topic{a, b}, From: 2022, To: 2026},
		Now:       testNow,
		Series: []dataset.Series{
			{
				Topic:    a,
				Latest:   obs(a.Series, map[int]int64{2022: 100, 2023: 150, 2024: 225, 2025: 300, 2026: 250}),
				Distinct: &dataset.Distinct{From: 2022, To: 2025, Count: 700, FetchedAt: at},
				Split: &dataset.Split{
					By:      by,
					Queries: []string{by.Query("alpha[tiab]", 0), ""},
					Years: map[int][]breakdown.Count{
						2022: split(100, 10), 2023: split(150, 12), 2024: split(225, 20), 2026: split(250, 5),
					},
					Totals: map[int]int64{2022: 100, 2023: 150, 2024: 225, 2026: 250},
					Indexing: map[int]breakdown.Indexing{
						2022: {Year: 2022}, 2023: {Year: 2023}, 2024: {Year: 2024},
						2026: {Year: 2026, NotYetShare: 0.4, Lagging: true},
					},
					Unmatched: []int{2025},
				},
			},
			{
				Topic:  b,
				Latest: obs(b.Series, map[int]int64{2022: 400, 2024: 380, 2025: 390}),
			},
		},
		Totals: obs(store.Series{Query: "all[sb]", Field: "dp"}, map[int]int64{2024: 1_000_000, 2025: 1_100_000}),
	}
}

// TestCompareFormats pins the comparison in every format: the JSON field
// names are a stable contract, and the tables are what people paste.
// Regenerate with -update after a deliberate change, and read the diff.
func TestCompareFormats(t *testing.T) {
	c := Compare(handMade())
	for _, tt := range []struct {
		file   string
		format Format
		per    bool
	}{
		{"compare.json", JSON, false},
		{"compare.csv", CSV, true},
		{"compare.txt", Table, false},
		{"compare.md", Markdown, true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Write(&buf, tt.format, tt.per); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestCompareBreakdownNumbers(t *testing.T) {
	c := Compare(handMade())
	br := c.Topics[0].Breakdown
	if br == nil || len(br.Levels) != 2 {
		t.Fatalf("breakdown = %+v, want two levels", br)
	}
	trials, rest := br.Levels[0], br.Levels[1]
	if rest.Query != nil || trials.Query == nil {
		t.Errorf("queries: trials %v, rest %v; want the rest's null", trials.Query, rest.Query)
	}
	// 2024: 20 trials of 225; the rest is the topic minus the trials.
	y := trials.year(2024)
	if *y.Count != 20 || *rest.year(2024).Count != 205 || *y.Share != 20.0/225 {
		t.Errorf("2024 = trials %d (%v), rest %d; want 20 (20/225), 205", *y.Count, *y.Share, *rest.year(2024).Count)
	}
	// 2025 was not fetched together: null, never a guess.
	if trials.year(2025).Count != nil || rest.year(2025).Count != nil {
		t.Error("an unmatched year has counts")
	}
	// Growth over complete years with a breakdown: 2022 → 2024.
	if trials.FoldChange == nil || *trials.FoldChange != 2 {
		t.Errorf("trials fold change = %v, want 2", trials.FoldChange)
	}
	if d := c.Topics[0].Summary.DistinctRecords; d == nil || d.Count != 700 {
		t.Errorf("distinct records = %+v, want 700", d)
	}
	if c.Topics[1].Breakdown != nil || c.Topics[1].Summary.DistinctRecords != nil {
		t.Error("a topic without a breakdown or a distinct count shows one")
	}
}
