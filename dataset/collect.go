package dataset

import (
	"context"
	"crypto/rand"
	"errors"
	"math"
	"time"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

// ErrCollecting is returned when another collection holds the store's
// collection lock: this one did nothing.
var ErrCollecting = store.ErrCollecting

// Missing is the refresh policy that fetches only what the store lacks:
// what chart and compare collect before drawing.
var Missing = collector.Refresh{Recent: math.MaxInt64, Settled: math.MaxInt64}

// wants turns a selection into the collector's wants. With totals,
// PubMed's yearly totals over the selection's years come along, for
// normalising. Imported topics are not fetched: their counts came from a
// file.
func wants(sel Selection, totals bool) []collector.Want {
	var ws []collector.Want
	from, to := 0, 0
	for _, t := range sel.Topics {
		if t.Imported() || t.Origin == FromTotals {
			continue
		}
		ws = append(ws, collector.Want{Name: t.Name, Query: t.Query, From: t.From, To: t.To})
		if from == 0 || t.From < from {
			from = t.From
		}
		to = max(to, t.To)
	}
	if totals && len(ws) > 0 {
		w := collector.Totals(from, to)
		w.Name = TotalsName
		ws = append(ws, w)
	}
	return ws
}

// Need is what a collection makes sure the store holds, for a selection.
type Need struct {
	Sel     Selection
	Refresh collector.Refresh
	// Totals adds PubMed's yearly totals over the selection's years.
	Totals bool
	// By adds every topic's breakdown into these parts, with its records
	// outside MEDLINE, fetched per year in one run with the topic's count.
	By []breakdown.Breakdown
	// Stored adds, per topic, the breakdowns already stored for it, so a
	// scheduled collection keeps them fresh and consistent.
	Stored []breakdown.Breakdown
	// Distinct adds every topic's distinct records over its complete years.
	Distinct bool
}

// Plan lists the counts a need leaves to fetch: missing, or older than
// its refresh allows. It reads the store at path, if there is one yet.
func Plan(path string, n Need, now time.Time) ([]collector.Job, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrNotExist):
		db = nil
	case err != nil:
		return nil, err
	default:
		defer db.Close()
	}
	ws := wants(n.Sel, n.Totals)
	if n.Distinct {
		for _, t := range n.Sel.Topics {
			if m, to, ok := distinctMember(t, now.Year()); ok && !t.Imported() {
				first, _, _ := distinctRange(t, now.Year())
				ws = append(ws, collector.Want{Name: m.name, Query: t.Query, From: first, To: to, Distinct: true})
			}
		}
	}
	jobs, err := collector.Plan(db, ws, n.Refresh, now)
	if err != nil {
		return nil, err
	}
	for _, b := range n.By {
		if jobs, err = planGroups(db, n.Sel.Topics, b, n.Refresh, now, jobs); err != nil {
			return nil, err
		}
	}
	if len(n.Stored) > 0 && db != nil {
		labels, err := db.Labels()
		if err != nil {
			return nil, err
		}
		for _, b := range n.Stored {
			var with []Topic
			for _, t := range n.Sel.Topics {
				if hasParts(labels, t.Name, b.Name) {
					with = append(with, t)
				}
			}
			if jobs, err = planGroups(db, with, b, n.Refresh, now, jobs); err != nil {
				return nil, err
			}
		}
	}
	return jobs, nil
}

// hasParts reports whether the store holds parts of topic's breakdown b.
func hasParts(labels map[store.Series]store.Label, topic, b string) bool {
	for _, l := range labels {
		if l.Origin == store.OriginPart && l.Topic == topic && l.Breakdown == b {
			return true
		}
	}
	return false
}

// Progress is told how many of the planned counts are done.
type Progress func(done, total int)

// Collect fetches what a need lacks through client, and stores each count
// as it comes, marked with this run. It holds the store's collection lock
// from planning to the end, so that overlapping runs (cron, a chart, a
// server) never fetch the same counts twice: another collection running
// is ErrCollecting, and nothing is fetched.
func Collect(ctx context.Context, client *collector.Client, path string, n Need, now time.Time, progress Progress) (collector.Report, error) {
	unlock, err := lockCollection(path)
	if err != nil {
		return collector.Report{}, err
	}
	defer unlock()
	jobs, err := Plan(path, n, now)
	if err != nil || len(jobs) == 0 {
		return collector.Report{}, err
	}
	if err := writeLabels(path, n, now); err != nil {
		return collector.Report{}, err
	}
	// One run: the counts a breakdown combines must all carry it.
	run := rand.Text()
	// Each batch is committed in its own short transaction, opening the
	// store only for it: readers are never kept out for long.
	save := func(obs []store.Observation) error {
		for i := range obs {
			obs[i].Run = run
		}
		return store.AppendFile(path, obs...)
	}
	rep, err := client.Collect(ctx, jobs, save, progress)
	if rerr := writeRefusals(path, rep.Failed); rerr != nil && err == nil {
		err = rerr
	}
	return rep, err
}

// FillResult says what Fill did.
type FillResult struct {
	Report collector.Report
	// Skipped is the number of missing counts not fetched because another
	// collection was running; only stored counts are then used.
	Skipped int
}

// Fill collects what a need lacks (its refresh is ignored: nothing stored
// is fetched again), through the same rate limit, retries and store as a
// collection. newClient is called only if something is missing, so a
// selection that is all stored needs no network settings. When another
// collection is running, Fill fetches nothing and says how many counts it
// skipped.
func Fill(ctx context.Context, newClient func() (*collector.Client, error), path string, n Need, now time.Time, progress Progress) (FillResult, error) {
	n.Refresh = Missing
	jobs, err := Plan(path, n, now)
	if err != nil || len(jobs) == 0 {
		return FillResult{}, err
	}
	client, err := newClient()
	if err != nil {
		return FillResult{}, err
	}
	rep, err := Collect(ctx, client, path, n, now, progress)
	if errors.Is(err, ErrCollecting) {
		return FillResult{Skipped: len(jobs)}, nil
	}
	return FillResult{Report: rep}, err
}

// writeLabels names the selection's series in the store, so that every
// stored series can be listed with its name and origin. A config topic's
// name wins over an earlier one; other labels are written only once.
func writeLabels(path string, n Need, now time.Time) error {
	want := make(map[store.Series]store.Label)
	for _, t := range n.Sel.Topics {
		switch t.Origin {
		case FromConfig:
			want[t.Series] = store.Label{Name: t.Name, Origin: store.OriginConfig}
		case FromQuery:
			want[t.Series] = store.Label{Name: t.Name, Origin: store.OriginQuery}
		}
		if t.Imported() {
			continue
		}
		for _, b := range n.By {
			for _, m := range group(t, b)[1:] {
				want[m.series] = m.label
			}
		}
		if m, _, ok := distinctMember(t, now.Year()); ok && n.Distinct {
			want[m.series] = m.label
		}
	}
	if n.Totals {
		want[esearchSeries(collector.TotalsQuery)] = store.Label{Name: TotalsName, Origin: store.OriginTotals}
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	have, err := db.Labels()
	if err != nil {
		return err
	}
	changed := make(map[store.Series]store.Label)
	for s, l := range want {
		old, ok := have[s]
		if !ok || (l.Origin == store.OriginConfig && old != l) || (old.Origin == store.OriginQuery && l.Origin == store.OriginPart) {
			changed[s] = l
		}
	}
	if len(changed) == 0 {
		return nil // no commit: readers' caches stay valid
	}
	return db.SetLabels(changed)
}

// writeRefusals keeps the answers PubMed did not run as written, with its
// words, so that listings can show the topic as failing.
func writeRefusals(path string, failed []collector.JobError) error {
	var rs []store.Refusal
	for _, f := range failed {
		var qe *collector.QueryError
		if errors.As(f.Err, &qe) {
			rs = append(rs, store.Refusal{Series: f.Job.Series, Year: f.Job.Year, At: time.Now().UTC(),
				Message: qe.Error(), Warnings: qe.Diagnostics, Translation: qe.Translation})
		}
	}
	if len(rs) == 0 {
		return nil
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.AppendRefusals(rs...)
}

// lockCollection takes the collection lock beside the store's real file.
// The store's own lock is held only while committing, so it cannot serve
// for this.
func lockCollection(path string) (unlock func() error, err error) {
	return store.LockCollection(path)
}
