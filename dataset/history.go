package dataset

import (
	"sort"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

// History is a topic's stored observations, by year and then fetch time.
type History struct {
	Topic        Topic
	Observations []store.Observation
}

// ReadHistory reads each topic's observations: every one ever stored when
// all is set (only year's when year is not 0), else the newest of each
// year.
func ReadHistory(db *store.DB, topics []Topic, year int, all bool) ([]History, error) {
	var out []History
	for _, t := range topics {
		var obs []store.Observation
		if all {
			h, err := db.History(t.Series, year)
			if err != nil {
				return nil, err
			}
			obs = h
		} else {
			latest, err := db.Latest(t.Series, t.keep())
			if err != nil {
				return nil, err
			}
			for y, o := range latest {
				if year == 0 || y == year {
					obs = append(obs, o)
				}
			}
		}
		sort.SliceStable(obs, func(i, j int) bool {
			if obs[i].Year != obs[j].Year {
				return obs[i].Year < obs[j].Year
			}
			return obs[i].FetchedAt.Before(obs[j].FetchedAt)
		})
		out = append(out, History{Topic: t, Observations: obs})
	}
	return out, nil
}

// ReadHistoryFile opens the store at path read-only and reads topics'
// observations (as ReadHistory) and PubMed's newest yearly totals.
func ReadHistoryFile(path string, topics []Topic, year int, all bool) ([]History, map[int]store.Observation, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	hs, err := ReadHistory(db, topics, year, all)
	if err != nil {
		return nil, nil, err
	}
	totals, err := Totals(db)
	return hs, totals, err
}

// Totals reads PubMed's newest yearly totals.
func Totals(db *store.DB) (map[int]store.Observation, error) {
	return db.Latest(esearchSeries(collector.TotalsQuery), store.FromESearch)
}

// Coverage is how much of a topic's range is stored, and how fresh.
type Coverage struct {
	Topic       Topic
	Stored      int   // years in range with a count
	Missing     []int // years in range without one
	LastFetched time.Time
	// Refused is PubMed's latest refusal of the topic's query, when it is
	// newer than the count of that year: the topic is failing.
	Refused *store.Refusal
}

// Cover reads how much of each topic's years the store holds.
func Cover(db *store.DB, topics []Topic) ([]Coverage, error) {
	var out []Coverage
	for _, t := range topics {
		c := Coverage{Topic: t}
		var latest map[int]store.Observation
		if db != nil {
			var err error
			if latest, err = db.Latest(t.Series, t.keep()); err != nil {
				return nil, err
			}
		}
		if t.From == 0 {
			// A stored series that no config names covers what it holds.
			for y := range latest {
				if c.Topic.From == 0 || y < c.Topic.From {
					c.Topic.From = y
				}
				c.Topic.To = max(c.Topic.To, y)
			}
		}
		if db != nil && !t.Imported() {
			refusals, err := db.LatestRefusals(t.Series)
			if err != nil {
				return nil, err
			}
			for y, r := range refusals {
				if o, ok := latest[y]; ok && !o.FetchedAt.Before(r.At) {
					continue // fetched since
				}
				if c.Refused == nil || r.At.After(c.Refused.At) {
					c.Refused = &r
				}
			}
		}
		for y := c.Topic.From; y <= c.Topic.To && y > 0; y++ {
			o, ok := latest[y]
			if !ok {
				c.Missing = append(c.Missing, y)
				continue
			}
			c.Stored++
			if o.FetchedAt.After(c.LastFetched) {
				c.LastFetched = o.FetchedAt
			}
		}
		out = append(out, c)
	}
	return out, nil
}
