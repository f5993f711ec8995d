package collector

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
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
	// Distinct asks for one count over the whole range instead of one per
	// year: the number of distinct records, which the sum of yearly [dp]
	// counts over-states (a record printed and e-published in different
	// years counts in both; PROTOCOL.md §6.1, §10).
	Distinct bool
}

// Totals is the Want for PubMed's yearly totals over from..to.
func Totals(from, to int) Want {
	return Want{Query: TotalsQuery, From: from, To: to}
}

// Series is the store series a Want's counts go to.
func (w Want) Series() store.Series {
	if w.Distinct {
		return RangeSeries(w.Query, w.From)
	}
	return store.Series{Query: w.Query, Field: DateField}
}

// years are the years a Want's jobs are for: each year of its range, or
// for a distinct count its last year, which with the series' first year
// names the range.
func (w Want) years() (from, to int) {
	if w.Distinct {
		return w.To, w.To
	}
	return w.From, w.To
}

// rangePrefix starts the date field of a distinct-records series: the
// field says where the range starts, each observation's year where it
// ends, so ranges of one query with different starts never mix.
const rangePrefix = DateField + ":"

// RangeSeries is where the distinct-record counts of query over ranges
// starting in first are stored; an observation's Year is the range's last
// year.
func RangeSeries(query string, first int) store.Series {
	return store.Series{Query: query, Field: fmt.Sprintf("%s%d-", rangePrefix, first)}
}

// rangeStart reads a distinct-records series' first year from its date
// field.
func rangeStart(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, rangePrefix)
	if !ok {
		return 0, false
	}
	first, err := strconv.Atoi(strings.TrimSuffix(rest, "-"))
	return first, err == nil && strings.HasSuffix(rest, "-")
}

// RangeTerm is the ESearch term counting query's distinct records
// published from first to last.
func RangeTerm(query string, first, last int) string {
	return fmt.Sprintf("(%s) AND %d:%d[%s]", query, first, last, DateField)
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

// Term is the ESearch term that counts a job: one year, or a range for a
// distinct-records series.
func (j Job) Term() string {
	if first, ok := rangeStart(j.Series.Field); ok {
		return RangeTerm(j.Series.Query, first, j.Year)
	}
	return Term(j.Series.Query, j.Year)
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
		from, to := w.years()
		for year := from; year <= to; year++ {
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
