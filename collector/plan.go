package collector

import (
	"fmt"
	"sort"
	"time"

	"github.com/pubtrend/pubtrend/store"
)

// TotalsQuery counts every PubMed record; per year it is the denominator
// for normalised charts (PubMed Help: "enter all[sb]").
const TotalsQuery = "all[sb]"

// Want is one series to keep fresh over a range of years.
type Want struct {
	Name  string // topic name, or "" for the PubMed totals
	Query string
	From  int
	To    int
}

// Totals is the Want for PubMed's yearly totals over from..to.
func Totals(from, to int) Want {
	return Want{Query: TotalsQuery, From: from, To: to}
}

// Series is the store series a Want's counts go to.
func (w Want) Series() store.Series {
	return store.Series{Query: w.Query, Field: DateField}
}

// Refresh says when a stored count is old enough to fetch again.
type Refresh struct {
	// Recent applies to the current and previous year, which still grow
	// while PubMed indexes them (PROTOCOL.md §6.4).
	Recent time.Duration
	// Settled applies to older years, which change slowly.
	Settled time.Duration
	// Full fetches everything again, whatever its age.
	Full bool
}

// DefaultRefresh is 20 hours for recent years, 30 days for older ones: a
// daily cron job refreshes recent years every day.
var DefaultRefresh = Refresh{Recent: 20 * time.Hour, Settled: 30 * 24 * time.Hour}

// Job is one count to fetch.
type Job struct {
	Series store.Series
	Year   int
	// Names are the topics that share this series ("" for the totals).
	Names []string
	// Why is "new", "recent", "settled" or "full".
	Why string
}

func (j Job) String() string {
	return fmt.Sprintf("%q %d", j.Series.Query, j.Year)
}

// Plan lists the counts that are missing or older than refresh allows, in
// the order the wants were given and by year within each. Series shared
// by several wants are fetched once. db may be nil: then everything is new.
func Plan(db *store.DB, wants []Want, refresh Refresh, now time.Time) ([]Job, error) {
	type key struct {
		s    store.Series
		year int
	}
	index := make(map[key]int)
	latest := make(map[store.Series]map[int]store.Observation)
	var jobs []Job
	for _, w := range wants {
		s := w.Series()
		if _, ok := latest[s]; !ok && db != nil {
			l, err := db.Latest(s, store.FromESearch)
			if err != nil {
				return nil, fmt.Errorf("plan %q: %w", w.Query, err)
			}
			latest[s] = l
		}
		for year := w.From; year <= w.To; year++ {
			k := key{s, year}
			if i, ok := index[k]; ok {
				jobs[i].Names = appendName(jobs[i].Names, w.Name)
				continue
			}
			why := due(latest[s], year, refresh, now)
			if why == "" {
				continue
			}
			index[k] = len(jobs)
			jobs = append(jobs, Job{Series: s, Year: year, Names: []string{w.Name}, Why: why})
		}
	}
	return jobs, nil
}

func appendName(names []string, n string) []string {
	for _, have := range names {
		if have == n {
			return names
		}
	}
	return append(names, n)
}

// due says why a year needs fetching, or "" if its stored count is fresh.
func due(latest map[int]store.Observation, year int, r Refresh, now time.Time) string {
	o, ok := latest[year]
	switch {
	case !ok:
		return "new"
	case r.Full:
		return "full"
	}
	age := now.Sub(o.FetchedAt)
	if year >= now.Year()-1 {
		if age >= r.Recent {
			return "recent"
		}
		return ""
	}
	if age >= r.Settled {
		return "settled"
	}
	return ""
}

// Summary counts jobs per name, for a dry run's plan.
func Summary(jobs []Job) map[string]int {
	per := make(map[string]int)
	for _, j := range jobs {
		for _, n := range j.Names {
			per[n]++
		}
	}
	return per
}

// SortedNames returns the keys of a Summary in order, totals ("") last.
func SortedNames(per map[string]int) []string {
	names := make([]string, 0, len(per))
	for n := range per {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "") != (names[j] == "") {
			return names[j] == ""
		}
		return names[i] < names[j]
	})
	return names
}
