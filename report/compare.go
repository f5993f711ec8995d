package report

import (
	"math"
	"sort"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/trend"
)

// Comparison is topics side by side per year, with growth figures. Its
// JSON form is a stable interface that scripts rely on (README, "Compare"):
// field names never change, and a value that cannot be computed is null,
// never zero.
type Comparison struct {
	From       int           `json:"from"`
	To         int           `json:"to"`
	Partial    *Partial      `json:"partial"`
	Topics     []TopicReport `json:"topics"`
	Ranking    []string      `json:"ranking_by_cagr"`
	Crossovers []Crossover   `json:"crossovers"`

	current int // the year in progress: it and later years are partial
}

// Partial is the year in progress and the date its counts were fetched.
type Partial struct {
	Year      int    `json:"year"`
	CountedTo string `json:"counted_to"` // YYYY-MM-DD of the newest count of that year
}

// TopicReport is one topic's column and growth summary.
type TopicReport struct {
	Name       string      `json:"name"`
	Label      string      `json:"label"`
	Query      string      `json:"query"`
	Source     string      `json:"source"` // "esearch" or "pubmed web timeline"
	Years      []YearRow   `json:"years"`
	Summary    *Summary    `json:"summary"`
	Projection *Projection `json:"projection"`
	// Breakdown is present with --by: the topic's parts per year.
	Breakdown *BreakdownReport `json:"breakdown,omitempty"`
}

// YearRow is one year of a topic. Count is null when no count is stored:
// missing is not zero.
type YearRow struct {
	Year      int        `json:"year"`
	Count     *int64     `json:"count"`
	Per100k   *float64   `json:"per_100k"`
	Partial   bool       `json:"partial"`
	FetchedAt *time.Time `json:"fetched_at"`
}

// Summary is a topic's growth over its complete years (the current one
// excluded). Figures that cannot be computed are null.
type Summary struct {
	FirstYear      int      `json:"first_year"`
	LastYear       int      `json:"last_year"`
	Total          int64    `json:"total"`
	MissingYears   []int    `json:"missing_years"`
	FoldChange     *float64 `json:"fold_change"`
	CAGR           *float64 `json:"cagr"`
	DoublingYears  *float64 `json:"doubling_years"` // null: not growing
	LastChange     *float64 `json:"last_year_change"`
	SharePer100k   *float64 `json:"share_per_100k"`
	SharePer100kOf int      `json:"share_year"`
	// DistinctRecords is null when it was not counted.
	DistinctRecords *DistinctRecords `json:"distinct_records"`
}

// Projection estimates the current year's full count. It is not a count:
// it is labelled wherever it is shown and never enters growth figures.
type Projection struct {
	Year   int     `json:"year"`
	Count  float64 `json:"count"`
	Method string  `json:"method"`
}

// Crossover is the year one topic overtook another.
type Crossover struct {
	Year     int    `json:"year"`
	Topic    string `json:"topic"`
	Overtook string `json:"overtook"`
}

func ptr[T any](v T) *T { return &v }

// Source names where a topic's counts came from, as the comparison shows it.
func Source(t dataset.Topic) string {
	if t.Imported() {
		return "pubmed web timeline"
	}
	return "esearch"
}

// Compare builds the comparison of a dataset.
func Compare(ds *dataset.Dataset) Comparison {
	current := ds.Current()
	c := Comparison{From: ds.From, To: ds.To, Ranking: []string{}, Crossovers: []Crossover{}, current: current}
	complete := make(map[string]map[int]float64)
	for _, s := range ds.Series {
		t := TopicReport{Name: s.Name, Label: s.Label, Query: s.Query, Source: Source(s.Topic)}
		values := make(map[int]float64)
		// A topic's rows cover its own years; the table leaves the others
		// blank, which is not the same as a missing count in range.
		for _, y := range ds.Years(s) {
			row := YearRow{Year: y.Year, Count: y.Count, Per100k: y.Per100k, Partial: y.Partial}
			if y.Count != nil {
				row.FetchedAt = ptr(y.FetchedAt)
				if !y.Partial {
					values[y.Year] = float64(*y.Count)
				}
			}
			t.Years = append(t.Years, row)
		}
		complete[s.Name] = values
		t.Summary = summarise(values, ds.Totals)
		if t.Summary != nil && s.Distinct != nil {
			t.Summary.DistinctRecords = &DistinctRecords{From: s.Distinct.From, To: s.Distinct.To, Count: s.Distinct.Count}
		}
		t.Projection = Project(s, current)
		t.Breakdown = breakdownReport(ds, s)
		c.Topics = append(c.Topics, t)
	}
	if at := ds.Fetched().Partial; !at.IsZero() {
		c.Partial = &Partial{Year: current, CountedTo: at.UTC().Format("2006-01-02")}
	}

	ranked := append([]TopicReport(nil), c.Topics...)
	sort.SliceStable(ranked, func(i, j int) bool {
		ci, cj := ranked[i].Summary, ranked[j].Summary
		hi, hj := ci != nil && ci.CAGR != nil, cj != nil && cj.CAGR != nil
		if hi != hj {
			return hi
		}
		return hi && *ci.CAGR > *cj.CAGR
	})
	for _, t := range ranked {
		if t.Summary != nil && t.Summary.CAGR != nil {
			c.Ranking = append(c.Ranking, t.Name)
		}
	}
	for _, a := range c.Topics {
		for _, b := range c.Topics {
			if a.Name == b.Name {
				continue
			}
			if y, ok := trend.Crossover(complete[a.Name], complete[b.Name]); ok {
				c.Crossovers = append(c.Crossovers, Crossover{Year: y, Topic: a.Name, Overtook: b.Name})
			}
		}
	}
	sort.SliceStable(c.Crossovers, func(i, j int) bool { return c.Crossovers[i].Year < c.Crossovers[j].Year })
	return c
}

func summarise(values map[int]float64, totals map[int]store.Observation) *Summary {
	s, ok := trend.Summarise(values)
	if !ok {
		return nil
	}
	sr := &Summary{FirstYear: s.FirstYear, LastYear: s.LastYear, Total: int64(s.Total), MissingYears: s.Missing}
	if sr.MissingYears == nil {
		sr.MissingYears = []int{}
	}
	if s.FoldOK {
		sr.FoldChange = ptr(s.Fold)
	}
	if s.CAGROK {
		sr.CAGR = ptr(s.CAGR)
	}
	if s.DoublingOK {
		sr.DoublingYears = ptr(s.Doubling)
	}
	if s.LastChangeOK {
		sr.LastChange = ptr(s.LastChange)
	}
	sr.SharePer100kOf = s.LastYear
	if tot, ok := totals[s.LastYear]; ok {
		if v, ok := trend.PerHundredK(int64(s.Last), tot.Count); ok {
			sr.SharePer100k = ptr(v)
		}
	}
	return sr
}

// Project estimates the current year's full count: from how last year's
// count filled in, when the store saw last year at about this date a year
// ago; else from the elapsed fraction of the year. Nil when the current
// year has no count or is outside the series' range.
func Project(s dataset.Series, current int) *Projection {
	o, ok := s.Latest[current]
	if !ok || current < s.From || current > s.To {
		return nil
	}
	yearAgo := o.FetchedAt.AddDate(-1, 0, 0)
	var then *store.Observation
	for i := range s.PrevYear {
		p := &s.PrevYear[i]
		if p.Source != "" || absDuration(p.FetchedAt.Sub(yearAgo)) > 15*24*time.Hour {
			continue
		}
		if then == nil || absDuration(p.FetchedAt.Sub(yearAgo)) < absDuration(then.FetchedAt.Sub(yearAgo)) {
			then = p
		}
	}
	if prevNow, ok := s.Latest[current-1]; ok && then != nil {
		if p, ok := trend.ProjectByHistory(o.Count, then.Count, prevNow.Count); ok {
			return &Projection{Year: current, Count: math.Round(p.Value), Method: p.Method}
		}
	}
	p := trend.ProjectByElapsed(o.Count, o.FetchedAt)
	return &Projection{Year: current, Count: math.Round(p.Value), Method: p.Method}
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// row returns the topic's row for year, or nil outside its range.
func (t TopicReport) row(year int) *YearRow {
	for i := range t.Years {
		if t.Years[i].Year == year {
			return &t.Years[i]
		}
	}
	return nil
}
