package dataset

import (
	"fmt"
	"time"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

// FromPart is the origin of a series that counts part of a topic: one
// part of a breakdown, the records not yet indexed, or the distinct
// records over a range of years.
const FromPart Origin = "part"

// The breakdown names of the counts that belong to a topic without being
// one of its breakdown's parts.
const (
	indexingName = "indexing"    // the topic's records outside MEDLINE, per year
	distinctName = "distinct"    // the topic's distinct records over a range
	notIndexed   = "not-medline" // the part key of the indexing count
)

// PartName is the name of a part's series: TOPIC/BREAKDOWN/KEY, e.g.
// "exosome/evidence/rcts". export and history take it.
func PartName(topic, breakdown, key string) string {
	return topic + "/" + breakdown + "/" + key
}

// member is one series of a topic's breakdown group: the topic itself,
// each part with a query, and the count of its records outside MEDLINE.
// The group's counts of a year are only combined when one collection
// fetched them all.
type member struct {
	name   string
	query  string
	series store.Series
	label  store.Label
}

// group lists t's breakdown members, the topic first.
func group(t Topic, b breakdown.Breakdown) []member {
	ms := []member{{name: t.Name, query: t.Query, series: t.Series}}
	for i, p := range b.Parts {
		if p.IsRemainder() {
			continue
		}
		q := b.Query(t.Query, i)
		ms = append(ms, member{name: PartName(t.Name, b.Name, p.Key), query: q, series: esearchSeries(q),
			label: store.Label{Name: PartName(t.Name, b.Name, p.Key), Origin: store.OriginPart, Topic: t.Name, Breakdown: b.Name, Part: p.Key}})
	}
	q := breakdown.NotIndexedQuery(t.Query)
	ms = append(ms, member{name: PartName(t.Name, indexingName, notIndexed), query: q, series: esearchSeries(q),
		label: store.Label{Name: PartName(t.Name, indexingName, notIndexed), Origin: store.OriginPart, Topic: t.Name, Breakdown: indexingName, Part: notIndexed}})
	return ms
}

// distinctRange is the years a topic's distinct records are counted over:
// its complete years (the current one still grows).
func distinctRange(t Topic, current int) (from, to int, ok bool) {
	to = min(t.To, current-1)
	return t.From, to, t.From <= to
}

// distinctMember is the series of a topic's distinct records over its
// complete years.
func distinctMember(t Topic, current int) (member, int, bool) {
	from, to, ok := distinctRange(t, current)
	if !ok {
		return member{}, 0, false
	}
	key := fmt.Sprintf("from-%d", from)
	return member{name: PartName(t.Name, distinctName, key), query: t.Query, series: collector.RangeSeries(t.Query, from),
		label: store.Label{Name: PartName(t.Name, distinctName, key), Origin: store.OriginPart, Topic: t.Name, Breakdown: distinctName, Part: key}}, to, true
}

// planGroups adds to jobs what a breakdown needs: for every year of every
// topic where any member is due (missing, or stale by refresh), or where
// the members' newest counts do not all come from one collection, every
// member of that year. A topic's count and its parts are never combined
// from different days: they are fetched again together instead.
func planGroups(db *store.DB, topics []Topic, b breakdown.Breakdown, refresh collector.Refresh, now time.Time, jobs []collector.Job) ([]collector.Job, error) {
	have := make(map[jobKey]bool)
	for _, j := range jobs {
		have[jobKey{j.Series, j.Year}] = true
	}
	for _, t := range topics {
		if t.Imported() {
			continue
		}
		ms := group(t, b)
		var ws []collector.Want
		for _, m := range ms {
			ws = append(ws, collector.Want{Name: m.name, Query: m.query, From: t.From, To: t.To})
		}
		var g groupCounts
		if db != nil {
			var err error
			if g, err = readGroup(db, ms); err != nil {
				return nil, err
			}
		}
		due, err := collector.Plan(db, ws, refresh, now)
		if err != nil {
			return nil, err
		}
		dueYear := make(map[int]bool)
		for _, j := range due {
			dueYear[j.Year] = true
		}
		for y := t.From; y <= t.To; y++ {
			if _, _, ok := g.match(y); !dueYear[y] && ok {
				continue
			}
			for _, m := range ms {
				k := jobKey{m.series, y}
				if have[k] {
					continue
				}
				have[k] = true
				jobs = append(jobs, collector.Job{Series: m.series, Year: y, Names: []string{m.name}, Why: "breakdown"})
			}
		}
	}
	return jobs, nil
}

type jobKey struct {
	s    store.Series
	year int
}

// groupCounts are a breakdown group's stored counts: every observation of
// the counts it shares with other breakdowns (the topic, and its records
// outside MEDLINE: their histories keep the count each run fetched), and
// the newest count of each of its own parts.
type groupCounts struct {
	topic, indexing map[int][]store.Observation
	parts           []map[int]store.Observation
}

// readGroup reads a group whose members are as group lists them: the
// topic first, the indexing count last, the parts between.
func readGroup(db *store.DB, ms []member) (groupCounts, error) {
	history := func(s store.Series) (map[int][]store.Observation, error) {
		hist, err := db.History(s, 0)
		out := make(map[int][]store.Observation)
		for _, o := range hist {
			if o.Source == "" {
				out[o.Year] = append(out[o.Year], o)
			}
		}
		return out, err
	}
	var g groupCounts
	var err error
	if g.topic, err = history(ms[0].series); err != nil {
		return g, err
	}
	if g.indexing, err = history(ms[len(ms)-1].series); err != nil {
		return g, err
	}
	for _, m := range ms[1 : len(ms)-1] {
		l, err := db.Latest(m.series, store.FromESearch)
		if err != nil {
			return g, err
		}
		g.parts = append(g.parts, l)
	}
	return g, nil
}

// match finds the year's counts of one collection: the newest count of
// each of the group's own parts, all from one run, and the topic's and the
// indexing count of that same run (not necessarily their newest: another
// breakdown, or a plain collection, may have fetched them since).
func (g groupCounts) match(year int) (topic, indexing store.Observation, ok bool) {
	run := ""
	for i, l := range g.parts {
		o, ok := l[year]
		if !ok || o.Run == "" || (i > 0 && o.Run != run) {
			return topic, indexing, false
		}
		run = o.Run
	}
	find := func(obs []store.Observation) (store.Observation, bool) {
		for _, o := range obs {
			if o.Run == run && run != "" {
				return o, true
			}
		}
		return store.Observation{}, false
	}
	topic, ok1 := find(g.topic[year])
	indexing, ok2 := find(g.indexing[year])
	return topic, indexing, ok1 && ok2
}

// Split is a topic's breakdown as stored: every part's count per year,
// for the years whose counts one collection fetched together.
type Split struct {
	By breakdown.Breakdown
	// Queries are the parts' PubMed queries within the topic, in part
	// order; "" for the remainder, which is the topic minus the others.
	Queries []string
	// Years holds each consistent year's parts, in part order; they add
	// up to Totals[year] exactly.
	Years map[int][]breakdown.Count
	// Totals are the topic's counts the parts divide: of the same
	// collection as the parts, so possibly older than the topic's newest.
	Totals map[int]int64
	// Indexing measures how far each year is indexed: the most recent
	// years' typed parts are under-counted until PubMed indexes them.
	Indexing map[int]breakdown.Indexing
	// Unmatched lists the years with counts that were not fetched
	// together; they are not combined (a collection fetches them again).
	Unmatched []int
}

// loadSplit reads t's breakdown into b's parts. A year is combined only
// when the topic's count, every part's and the indexing count carry one
// collection's run, and the parts fit within the topic.
func loadSplit(db *store.DB, t Topic, b breakdown.Breakdown, now time.Time) (*Split, error) {
	g, err := readGroup(db, group(t, b))
	if err != nil {
		return nil, err
	}
	sp := &Split{By: b, Years: make(map[int][]breakdown.Count), Totals: make(map[int]int64), Indexing: make(map[int]breakdown.Indexing)}
	for i := range b.Parts {
		sp.Queries = append(sp.Queries, b.Query(t.Query, i))
	}
	var ix []breakdown.IndexingCounts
	for y := t.From; y <= t.To; y++ {
		if len(g.topic[y]) == 0 {
			continue
		}
		topic, indexing, ok := g.match(y)
		if !ok {
			sp.Unmatched = append(sp.Unmatched, y)
			continue
		}
		counts := make(map[string]int64)
		mi := 0
		for _, p := range b.Parts {
			if p.IsRemainder() {
				continue
			}
			counts[p.Key] = g.parts[mi][y].Count
			mi++
		}
		parts, err := b.Split(topic.Count, counts)
		if err != nil {
			// Counts of one run that do not fit: PubMed changed during
			// the run. Never shown; fetched again.
			sp.Unmatched = append(sp.Unmatched, y)
			continue
		}
		sp.Years[y], sp.Totals[y] = parts, topic.Count
		ix = append(ix, breakdown.IndexingCounts{Year: y, Topic: topic.Count, NotMedline: indexing.Count})
	}
	lag, err := breakdown.IndexingLag(ix, now.Year()-2)
	if err != nil {
		return nil, err
	}
	for _, l := range lag {
		sp.Indexing[l.Year] = l
	}
	return sp, nil
}

// Distinct is a topic's number of distinct records over a range of years:
// one count of (QUERY) AND FROM:TO[dp], which the sum of its yearly counts
// over-states.
type Distinct struct {
	From, To  int
	Count     int64
	FetchedAt time.Time
}

func loadDistinct(db *store.DB, t Topic, now time.Time) (*Distinct, error) {
	m, to, ok := distinctMember(t, now.Year())
	if !ok {
		return nil, nil
	}
	latest, err := db.Latest(m.series, store.FromESearch)
	if err != nil {
		return nil, err
	}
	o, ok := latest[to]
	if !ok {
		return nil, nil
	}
	from, _, _ := distinctRange(t, now.Year())
	return &Distinct{From: from, To: to, Count: o.Count, FetchedAt: o.FetchedAt.UTC()}, nil
}
