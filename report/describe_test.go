package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

// describeData is two topics over 2020-2024, with 2024 in progress:
// exosome grows from 100 to 200 with 2021 missing; crispr has only the
// partial year.
func describeData() *dataset.Dataset {
	now := time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)
	fetched := time.Date(2024, 6, 29, 0, 0, 0, 0, time.UTC)
	series := func(name string, counts map[int]int64) dataset.Series {
		s := store.Series{Query: name, Field: "dp"}
		latest := make(map[int]store.Observation)
		for y, n := range counts {
			latest[y] = store.Observation{Series: s, Year: y, Count: n, FetchedAt: fetched}
		}
		return dataset.Series{Topic: dataset.Topic{Name: name, Label: name, Query: name, From: 2020, To: 2024}, Latest: latest}
	}
	totals := make(map[int]store.Observation)
	for y := 2020; y <= 2024; y++ {
		totals[y] = store.Observation{Year: y, Count: 1_000_000, FetchedAt: fetched}
	}
	exo := series("exosome", map[int]int64{2020: 100, 2022: 150, 2023: 200, 2024: 90})
	cr := series("crispr", map[int]int64{2024: 5})
	return &dataset.Dataset{
		Selection: dataset.Selection{Topics: []dataset.Topic{exo.Topic, cr.Topic}, From: 2020, To: 2024},
		Now:       now, Series: []dataset.Series{exo, cr}, Totals: totals,
	}
}

func TestDescribe(t *testing.T) {
	c := Compare(describeData())
	tests := []struct {
		per  bool
		want string
	}{
		{false, "Chart of publications per year in PubMed, 2020 to 2024." +
			" exosome: 100 in 2020, 200 in 2023; +26.0% a year on average; 2024 so far (partial, counted to 2024-06-29): 90; no count stored for 2021." +
			" crispr: 2024 so far (partial, counted to 2024-06-29): 5; no count stored for 2020-2023."},
		{true, "Chart of publications per 100,000 PubMed records, 2020 to 2024." +
			" exosome: 10.0 in 2020, 20.0 in 2023; +26.0% a year on average; 2024 so far (partial, counted to 2024-06-29): 9.0; no count stored for 2021." +
			" crispr: 2024 so far (partial, counted to 2024-06-29): 0.5; no count stored for 2020-2023."},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("per100k=", tt.per), func(t *testing.T) {
			if got := Describe(c, tt.per); got != tt.want {
				t.Errorf("Describe =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestSummaryCells(t *testing.T) {
	c := Compare(describeData())
	cells := c.SummaryCells()
	if len(cells) < 2 || len(cells[0]) != 3 || cells[0][1] != "exosome" || cells[0][2] != "crispr" {
		t.Fatalf("SummaryCells header = %q, want a blank and the two labels", cells[0])
	}
	found := false
	for _, row := range cells[1:] {
		if row[0] == "CAGR" {
			found = true
			if row[1] != "+26.0%" || row[2] != "–" {
				t.Errorf("CAGR row = %q, want +26.0%% and – (no complete year)", row)
			}
		}
	}
	if !found {
		t.Errorf("no CAGR row in %q", cells)
	}
	if notes := c.SummaryNotes(); len(notes) == 0 || !strings.HasPrefix(notes[0], "Growth over complete years") {
		t.Errorf("SummaryNotes = %q", notes)
	}
}
