package dataset

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

// RefusedError is a topic whose query PubMed did not run as written: it
// did not find a phrase or a field, unquoted a phrase, or could not parse
// the query. PubMed then searches the rest, so its number is not a count
// of the query (a misspelt topic counts all of PubMed): it is never stored,
// exported or drawn as one. Message is NCBI's diagnosis in words.
type RefusedError struct {
	Topic       Topic
	Years       []int
	Message     string
	Diagnostics []store.Warning
	// Closest is the known name nearest to the topic's, for a typo.
	Closest string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%q: %s", e.Topic.Name, e.Message)
}

// refusals finds the counts of a collection that PubMed refused, one
// error per topic, in the order of topics.
func refusals(c *Catalog, topics []Topic, failed []collector.JobError) []*RefusedError {
	byName := make(map[string]*RefusedError)
	for _, f := range failed {
		var qe *collector.QueryError
		if !errors.As(f.Err, &qe) {
			continue
		}
		for _, n := range f.Job.Names {
			r := byName[n]
			if r == nil {
				r = &RefusedError{Message: qe.Error(), Diagnostics: qe.Diagnostics}
				byName[n] = r
			}
			r.Years = append(r.Years, f.Job.Year)
		}
	}
	var out []*RefusedError
	for _, t := range topics {
		if r := byName[t.Name]; r != nil {
			r.Topic = t
			r.Closest = c.Closest(t.Name)
			slices.Sort(r.Years)
			out = append(out, r)
		}
	}
	return out
}

// Refusals lists, per topic, the counts of a collection report that
// PubMed refused to run as written.
func Refusals(c *Catalog, topics []Topic, rep collector.Report) []*RefusedError {
	return refusals(c, topics, rep.Failed)
}

// altered reads a stored observation's warnings: stores written before
// altered answers were refused may hold such counts. They are not counts
// of the query, so readers treat the year as refused, never as a count.
func altered(o store.Observation) []store.Warning {
	var out []store.Warning
	for _, w := range o.Warnings {
		if collector.Alters(w) {
			out = append(out, w)
		}
	}
	return out
}

// dropAltered removes altered counts from latest and returns a refusal
// for them, or nil.
func dropAltered(t Topic, latest map[int]store.Observation) *RefusedError {
	var r *RefusedError
	for y, o := range latest {
		ws := altered(o)
		if len(ws) == 0 {
			continue
		}
		delete(latest, y)
		if r == nil {
			r = &RefusedError{Topic: t, Diagnostics: ws, Message: (&collector.QueryError{Diagnostics: ws}).Error()}
		}
		r.Years = append(r.Years, y)
	}
	if r != nil {
		slices.Sort(r.Years)
	}
	return r
}

// storedRefusal reads the refusals PubMed gave t's query in its years and
// not fetched successfully since: the query is failing, in PubMed's words.
func storedRefusal(db *store.DB, t Topic, latest map[int]store.Observation) (*RefusedError, error) {
	rs, err := db.LatestRefusals(t.Series)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	var r *RefusedError
	for _, y := range slices.Sorted(maps.Keys(rs)) {
		ref := rs[y]
		if o, ok := latest[y]; (ok && !o.FetchedAt.Before(ref.At)) || y < t.From || y > t.To {
			continue
		}
		if r == nil {
			r = &RefusedError{Topic: t, Message: ref.Message, Diagnostics: ref.Warnings}
		}
		r.Years = append(r.Years, y)
	}
	return r, nil
}
