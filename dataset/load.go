package dataset

import (
	"fmt"
	"slices"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/trend"
)

// Dataset is a selection's stored counts, as of one moment: everything a
// chart, a comparison or a page reads.
type Dataset struct {
	Selection
	// Now fixes "the current year": it and later years are partial.
	Now    time.Time
	Series []Series
	// Totals are PubMed's newest yearly totals, for normalising.
	Totals map[int]store.Observation
}

// Series is one topic's stored counts: the newest observation of each
// year, and every observation of the year before the current one (how it
// filled in, for projections).
type Series struct {
	Topic
	Latest   map[int]store.Observation
	PrevYear []store.Observation
	// Refused holds the years whose stored answer was not a count of the
	// query as written (stored before such answers were refused); they
	// are not in Latest.
	Refused *RefusedError
	// Split is the topic's breakdown, when one was asked for.
	Split *Split
	// Distinct is the topic's distinct records over its complete years,
	// when asked for and stored.
	Distinct *Distinct
}

// Load reads what a need describes from the store: the selection's
// counts, PubMed's totals, and the breakdowns and distinct counts asked
// for.
func Load(db *store.DB, n Need, now time.Time) (*Dataset, error) {
	sel := n.Sel
	ds := &Dataset{Selection: sel, Now: now}
	for _, t := range sel.Topics {
		latest, err := db.Latest(t.Series, t.keep())
		if err != nil {
			return nil, err
		}
		prev, err := db.History(t.Series, now.Year()-1)
		if err != nil {
			return nil, err
		}
		refused := dropAltered(t, latest)
		if refused == nil && !t.Imported() {
			if refused, err = storedRefusal(db, t, latest); err != nil {
				return nil, err
			}
		}
		s := Series{Topic: t, Latest: latest, PrevYear: prev, Refused: refused}
		if len(n.By) > 0 && !t.Imported() {
			if s.Split, err = loadSplit(db, t, n.By[0], now); err != nil {
				return nil, err
			}
		}
		if n.Distinct && !t.Imported() {
			if s.Distinct, err = loadDistinct(db, t, now); err != nil {
				return nil, err
			}
		}
		ds.Series = append(ds.Series, s)
	}
	totals, err := db.Latest(esearchSeries(collector.TotalsQuery), store.FromESearch)
	if err != nil {
		return nil, err
	}
	ds.Totals = totals
	return ds, nil
}

// Current is the year in progress: its counts, and any later year's, are
// partial.
func (d *Dataset) Current() int { return d.Now.Year() }

// Year is one year of a series, as every reader needs it.
type Year struct {
	Year int
	// Count is the newest stored count; nil when none is stored (missing,
	// which is not zero).
	Count *int64
	// Per100k is Count per 100,000 PubMed records of the year; nil without
	// a count or a total.
	Per100k   *float64
	Partial   bool
	FetchedAt time.Time // zero when missing
}

// Years is a series' years in its range, in order: the one scan of stored
// counts that comparisons, charts and pages share.
func (d *Dataset) Years(s Series) []Year {
	out := make([]Year, 0, s.To-s.From+1)
	for y := s.From; y <= s.To; y++ {
		row := Year{Year: y, Partial: y >= d.Current()}
		if o, ok := s.Latest[y]; ok {
			c := o.Count
			row.Count = &c
			row.FetchedAt = o.FetchedAt.UTC()
			if tot, ok := d.Totals[y]; ok {
				if v, ok := trend.PerHundredK(o.Count, tot.Count); ok {
					row.Per100k = &v
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// Missing lists the years in a series' range with no stored count.
func (d *Dataset) Missing(s Series) []int {
	var out []int
	for y := s.From; y <= s.To; y++ {
		if _, ok := s.Latest[y]; !ok {
			out = append(out, y)
		}
	}
	return out
}

// Fetched is the span of fetch times of the counts in range: the newest
// and oldest, and the newest of the partial year (what "counted to" means).
type Fetched struct {
	Newest, Oldest time.Time
	// Partial is the newest fetch of the current year's counts; zero if
	// none is stored.
	Partial time.Time
}

// Fetched scans the selection's counts for their fetch times.
func (d *Dataset) Fetched() Fetched {
	var f Fetched
	for _, s := range d.Series {
		for _, y := range d.Years(s) {
			if y.Count == nil {
				continue
			}
			at := y.FetchedAt
			if f.Newest.IsZero() || at.After(f.Newest) {
				f.Newest = at
			}
			if f.Oldest.IsZero() || at.Before(f.Oldest) {
				f.Oldest = at
			}
			if y.Year == d.Current() && at.After(f.Partial) {
				f.Partial = at
			}
		}
	}
	return f
}

// WithoutTotals lists the years that have a count but no PubMed total, so
// cannot be normalised.
func (d *Dataset) WithoutTotals() []int {
	seen := make(map[int]bool)
	var out []int
	for _, s := range d.Series {
		for y := range s.Latest {
			if y < s.From || y > s.To || seen[y] {
				continue
			}
			if _, ok := d.Totals[y]; !ok {
				seen[y] = true
				out = append(out, y)
			}
		}
	}
	slices.Sort(out)
	return out
}

// NoDataError is a topic with no stored count in its whole range.
type NoDataError struct {
	Topic    Topic
	From, To int
	// Offline says nothing was fetched because the user asked for stored
	// counts only; Skipped, because another collection was running.
	Offline, Skipped bool
	// By names the breakdown asked for when the topic's counts are
	// stored but no year of its breakdown is.
	By string
}

func (e *NoDataError) Error() string {
	if e.By != "" {
		return fmt.Sprintf("no stored breakdown of %q by %s in %d-%d", e.Topic.Name, e.By, e.From, e.To)
	}
	return fmt.Sprintf("no stored counts for %q in %d-%d", e.Topic.Name, e.From, e.To)
}

// Check reports a series that cannot be drawn or compared: no count
// stored in its range, a query PubMed did not run as written, a breakdown
// asked for but not stored.
// offline and skipped say why counts may be missing, for the message.
func (d *Dataset) Check(c *Catalog, offline, skipped bool) error {
	for _, s := range d.Series {
		if s.Refused != nil {
			r := *s.Refused
			r.Closest = c.Closest(s.Name)
			return &r
		}
		if len(d.Missing(s)) == s.To-s.From+1 {
			return &NoDataError{Topic: s.Topic, From: s.From, To: s.To, Offline: offline, Skipped: skipped}
		}
		if s.Split != nil && len(s.Split.Years) == 0 {
			return &NoDataError{Topic: s.Topic, From: s.From, To: s.To, Offline: offline, Skipped: skipped, By: s.Split.By.Name}
		}
	}
	return nil
}

// Empty reports whether PubMed found nothing for a series in any year of
// its range: real zeros ("No items found."), which front ends draw as
// zeros and may point out, since a query that matches nothing is often
// not the one meant.
func (d *Dataset) Empty(s Series) bool {
	for y, o := range s.Latest {
		if o.Count > 0 && y >= s.From && y <= s.To {
			return false
		}
	}
	return len(s.Latest) > 0
}

// LoadFile opens the store at path read-only, loads sel and closes it
// again: readers hold the file only briefly, so a collection runs beside
// them untouched.
func LoadFile(path string, n Need, now time.Time) (*Dataset, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return Load(db, n, now)
}
