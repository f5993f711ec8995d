package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/trend"
)

// BreakdownReport is a topic's breakdown in a comparison: what kind of
// papers it is, per year. Its JSON is part of the stable contract.
type BreakdownReport struct {
	By     string        `json:"by"`
	Label  string        `json:"label"`
	Levels []LevelReport `json:"levels"`
	// Indexing gives, per year with a breakdown, the share of the topic's
	// records not yet indexed by PubMed: their types and MeSH terms are
	// missing, so typed parts are under-counted and the rest over-counted.
	Indexing []IndexingRow `json:"indexing"`
	// UnmatchedYears have counts that were not fetched together; their
	// parts are not shown (a collection fetches them again).
	UnmatchedYears []int `json:"unmatched_years"`
	// Notes say where a chart or table starts before a publication type
	// existed, so that its birth does not read as growth.
	Notes []string `json:"notes"`
	// FirstYear and LastYear span the complete years with a breakdown:
	// the parts' growth, and TopicFoldChange and TopicCAGR beside it, are
	// over the same years, so they compare. Zero when there are none.
	FirstYear       int      `json:"first_year"`
	LastYear        int      `json:"last_year"`
	TopicFoldChange *float64 `json:"topic_fold_change"`
	TopicCAGR       *float64 `json:"topic_cagr"`
}

// LevelReport is one part of a breakdown.
type LevelReport struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// Query is the part's PubMed query within the topic; null for the
	// remainder, which is the topic minus the other parts.
	Query *string     `json:"query"`
	Years []LevelYear `json:"years"`
	// FoldChange and CAGR are the part's growth over the breakdown's
	// FirstYear to LastYear (complete years), as for a topic.
	FoldChange *float64 `json:"fold_change"`
	CAGR       *float64 `json:"cagr"`
}

// LevelYear is a part's count in one year, and its share of the topic.
// Both are null for a year without a breakdown (missing or unmatched).
type LevelYear struct {
	Year  int      `json:"year"`
	Count *int64   `json:"count"`
	Share *float64 `json:"share"`
}

// IndexingRow is how far one year of a topic is indexed.
type IndexingRow struct {
	Year            int     `json:"year"`
	NotIndexedShare float64 `json:"not_indexed_share"`
	// Lagging marks a year whose breakdown is not final yet.
	Lagging bool `json:"lagging"`
}

// DistinctRecords is a topic's number of distinct records over its
// complete years: one count of (QUERY) AND FROM:TO[dp]. The sum of yearly
// counts over-states it, since a record printed and e-published in
// different years counts in both.
type DistinctRecords struct {
	From  int   `json:"from"`
	To    int   `json:"to"`
	Count int64 `json:"count"`
}

// breakdownReport builds the breakdown of one series of a dataset.
func breakdownReport(ds *dataset.Dataset, s dataset.Series) *BreakdownReport {
	sp := s.Split
	if sp == nil {
		return nil
	}
	br := &BreakdownReport{By: sp.By.Name, Label: sp.By.Label, Indexing: []IndexingRow{},
		UnmatchedYears: append([]int{}, sp.Unmatched...), Notes: sp.By.Caveats(s.From)}
	if br.Notes == nil {
		br.Notes = []string{}
	}
	// Growth runs over the complete years that have a breakdown, for the
	// topic too, so that "trials grew ×1.4 while the topic grew ×6"
	// compares like with like.
	topic := make(map[int]float64)
	for y, n := range sp.Totals {
		if y < ds.Current() && y >= s.From && y <= s.To {
			topic[y] = float64(n)
		}
	}
	if sum, ok := trend.Summarise(topic); ok {
		br.FirstYear, br.LastYear = sum.FirstYear, sum.LastYear
		if sum.FoldOK {
			br.TopicFoldChange = ptr(sum.Fold)
		}
		if sum.CAGROK {
			br.TopicCAGR = ptr(sum.CAGR)
		}
	}
	for i, p := range sp.By.Parts {
		l := LevelReport{Key: p.Key, Label: p.Title()}
		if q := sp.Queries[i]; q != "" {
			l.Query = ptr(q)
		}
		values := make(map[int]float64)
		for y := s.From; y <= s.To; y++ {
			row := LevelYear{Year: y}
			if parts, ok := sp.Years[y]; ok {
				row.Count, row.Share = ptr(parts[i].Count), ptr(parts[i].Share)
				if y < ds.Current() {
					values[y] = float64(parts[i].Count)
				}
			}
			l.Years = append(l.Years, row)
		}
		if sum, ok := trend.Summarise(values); ok {
			if sum.FoldOK {
				l.FoldChange = ptr(sum.Fold)
			}
			if sum.CAGROK {
				l.CAGR = ptr(sum.CAGR)
			}
		}
		br.Levels = append(br.Levels, l)
	}
	for _, y := range slices.Sorted(maps.Keys(sp.Indexing)) {
		ix := sp.Indexing[y]
		br.Indexing = append(br.Indexing, IndexingRow{Year: y, NotIndexedShare: ix.NotYetShare, Lagging: ix.Lagging})
	}
	return br
}

// lagging lists the years of a breakdown not yet fully indexed, as
// "2025: 12%, 2026: 48%".
func (b *BreakdownReport) lagging() string {
	var parts []string
	for _, ix := range b.Indexing {
		if ix.Lagging {
			parts = append(parts, fmt.Sprintf("%d: %s", ix.Year, share(ix.NotIndexedShare)))
		}
	}
	return strings.Join(parts, ", ")
}

func share(v float64) string { return Float(v*100, 0) + "%" }

// year returns the part's row for year, or nil outside the topic's range.
func (l LevelReport) year(y int) *LevelYear {
	for i := range l.Years {
		if l.Years[i].Year == y {
			return &l.Years[i]
		}
	}
	return nil
}
