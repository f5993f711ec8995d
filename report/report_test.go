package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

func TestProject(t *testing.T) {
	s := store.Series{Query: "q", Field: "dp"}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 3, 0, 0, 0, time.UTC) }
	obs := func(year int, count int64, when time.Time) store.Observation {
		return store.Observation{Series: s, Year: year, Count: count, FetchedAt: when}
	}
	d := dataset.Series{
		Topic:  dataset.Topic{Name: "q", Query: "q", From: 2020, To: 2026},
		Latest: map[int]store.Observation{2026: obs(2026, 900, at(2026, 7, 1)), 2025: obs(2025, 1000, at(2026, 7, 1))},
	}

	// Without last year's history: scaled by the elapsed fraction of 2026
	// (181 of 365 days by 1 July, 03:00).
	p := Project(d, 2026)
	frac := (181 + 3.0/24) / 365
	if p == nil || p.Count != math.Round(900/frac) {
		t.Fatalf("Project without history = %+v, want %v", p, math.Round(900/frac))
	}

	// Last year stood at 800 on 3 July 2025 and is 1000 now: ×1.25.
	d.PrevYear = []store.Observation{obs(2025, 500, at(2025, 3, 1)), obs(2025, 800, at(2025, 7, 3)), obs(2025, 1000, at(2026, 7, 1))}
	p = Project(d, 2026)
	if p == nil || p.Count != 1125 {
		t.Fatalf("Project with history = %+v, want 1125", p)
	}
	if p.Method == "" {
		t.Error("projection without a method")
	}

	// No count for the current year: no projection.
	delete(d.Latest, 2026)
	if p := Project(d, 2026); p != nil {
		t.Errorf("Project without a 2026 count = %+v, want nil", p)
	}
}

func TestYearRanges(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{[]int{2020}, "2020"},
		{[]int{2021, 2019, 2020}, "2019-2021"},
		{[]int{2015, 2016, 2018, 2020, 2021}, "2015-2016, 2018, 2020-2021"},
	}
	for _, tt := range tests {
		if got := YearRanges(tt.in); got != tt.want {
			t.Errorf("YearRanges(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"exosome", "exosome"},
		{"“snail mucin” · ×2", "“snail mucin” · ×2"},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"two\nlines\tand tab", `two\nlines\tand tab`},
		{"bell\a\u009b", `bell\a\u009b`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownKeepsQueriesText(t *testing.T) {
	var b strings.Builder
	tab := &textTable{}
	tab.add("Year", `a|b <script>alert(1)</script> & "c"`)
	if err := tab.write(&b, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") || !strings.Contains(b.String(), `a\|b &lt;script&gt;alert(1)&lt;/script&gt; &amp; "c"`) {
		t.Errorf("Markdown table = %q: want the pipe, the tags and the ampersand escaped", b.String())
	}
}
