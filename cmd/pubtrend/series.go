package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/pflag"
)

// selection is what chart and compare draw from: topics of the config,
// series imported under a name, or raw PubMed queries, over a range.
type selection struct {
	topics []Topic
	raw    map[string]bool // topic names that are raw queries
	from   int
	to     int
}

// selectTopics resolves arguments: a topic name from the config (any case),
// else a name given at import, else a raw PubMed query. fromFlag and toFlag
// (0 when unset) override the topics' own ranges.
func selectTopics(cfg Config, names map[string]store.Series, argv []string, fromFlag, toFlag int, now time.Time) (selection, error) {
	if len(argv) == 0 {
		return selection{}, usageError("name at least one topic or PubMed query ('pubtrend topics' lists the topics)")
	}
	sel := selection{raw: make(map[string]bool)}
	seen := make(map[string]bool)
	for _, arg := range argv {
		arg = strings.TrimSpace(arg)
		if arg == "" {
			return selection{}, usageError("an empty argument is neither a topic nor a query")
		}
		t, ok := cfg.Topic(arg)
		if s, imported := names[arg]; !ok && imported {
			t, ok = Topic{Name: arg, Query: s.Query, Label: arg, From: cfg.Years.From, To: now.Year(), field: s.Field}, true
		}
		if !ok {
			t = Topic{Name: arg, Query: arg, Label: arg, From: cfg.Years.From, To: now.Year()}
			sel.raw[arg] = true
		}
		if seen[strings.ToLower(t.Name)] {
			continue
		}
		seen[strings.ToLower(t.Name)] = true
		sel.topics = append(sel.topics, t)
	}
	maxYear := now.Year() + 1
	for _, y := range []int{fromFlag, toFlag} {
		if y != 0 && (y < 1800 || y > maxYear) {
			return selection{}, usageError("year %d is out of range: PubMed years run from 1800 to %d", y, maxYear)
		}
	}
	if fromFlag != 0 && toFlag != 0 && fromFlag > toFlag {
		return selection{}, usageError("--from %d is after --to %d", fromFlag, toFlag)
	}
	for i := range sel.topics {
		t := &sel.topics[i]
		if fromFlag != 0 {
			t.From = fromFlag
		}
		if toFlag != 0 {
			t.To = toFlag
		}
		if t.From > t.To {
			return selection{}, usageError("topic %q: from %d is after to %d", t.Name, t.From, t.To)
		}
		if i == 0 || t.From < sel.from {
			sel.from = t.From
		}
		sel.to = max(sel.to, t.To)
	}
	return sel, nil
}

// selectionFlags are the flags of every command that reads a selection.
type selectionFlags struct {
	from, to int
	offline  bool
}

func (f *selectionFlags) register(fl *pflag.FlagSet) {
	fl.IntVar(&f.from, "from", 0, "first year (default: the topic's)")
	fl.IntVar(&f.to, "to", 0, "last year (default: the topic's)")
	fl.BoolVar(&f.offline, "offline", false, "use only stored counts; send nothing")
}

// loaded is a topic's stored counts: the newest observation of each year,
// and every observation of the year before the current one (how it filled
// in, for projections).
type loaded struct {
	Topic
	latest   map[int]store.Observation
	prevYear []store.Observation
}

// dataset is everything chart and compare read.
type dataset struct {
	cfg    Config
	sel    selection
	topics []loaded
	totals map[int]store.Observation
}

// gather resolves the arguments, collects what the store lacks (unless
// offline) and reads the counts. It fails when a topic has no count at
// all, or when a raw query found nothing in PubMed.
func (a *app) gather(ctx context.Context, argv []string, f selectionFlags, withTotals bool) (dataset, error) {
	cfg, err := a.config()
	if err != nil {
		return dataset{}, err
	}
	dbPath, err := a.storePath(&cfg)
	if err != nil {
		return dataset{}, err
	}
	names, err := a.names(dbPath)
	if err != nil {
		return dataset{}, err
	}
	sel, err := selectTopics(cfg, names, argv, f.from, f.to, a.now())
	if err != nil {
		return dataset{}, err
	}
	if !f.offline {
		if err := a.fillMissing(ctx, cfg, dbPath, sel, withTotals); err != nil {
			return dataset{}, err
		}
	}
	ds := dataset{cfg: cfg, sel: sel}
	if ds.topics, ds.totals, err = a.load(dbPath, sel); err != nil {
		return dataset{}, err
	}
	if err := checkFound(cfg, sel, ds.topics); err != nil {
		return dataset{}, err
	}
	missing := missingYears(ds.topics)
	for _, d := range ds.topics {
		if len(missing[d.Name]) == d.To-d.From+1 {
			hint := "run it without --offline to collect them"
			switch {
			case d.imported():
				hint = "the imported file has no year in this range"
			case !f.offline:
				hint = "a collection may be running; try again when it is done"
			}
			return dataset{}, withHint(exitFailure, fmt.Errorf("no stored counts for %q in %d-%d", d.Name, d.From, d.To), hint)
		}
	}
	return ds, nil
}

// names reads the names given at import; none if there is no store yet.
func (a *app) names(dbPath string) (map[string]store.Series, error) {
	db, err := a.openStore(dbPath)
	if errors.Is(err, store.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Names()
}

// fillMissing collects the counts the selection lacks (and PubMed's totals
// when withTotals), through the same client, rate limit and store as
// collect. Nothing already stored is fetched again. If a collection is
// running, it collects nothing and says so: only stored counts are used.
func (a *app) fillMissing(ctx context.Context, cfg Config, dbPath string, sel selection, withTotals bool) error {
	ws := wants(sel.topics)
	if !withTotals && len(ws) > 0 {
		ws = ws[:len(ws)-1]
	}
	never := collector.Refresh{Recent: math.MaxInt64, Settled: math.MaxInt64}
	jobs, err := a.plan(dbPath, ws, never)
	if err != nil || len(jobs) == 0 {
		return err
	}
	unlock, err := lockCollection(dbPath)
	var ee *exitError
	if errors.As(err, &ee) && ee.code == exitBusy {
		fmt.Fprintf(a.stderr, "pubtrend: note: a collection is running; %d missing counts were not fetched, only stored ones are used\n", len(jobs))
		return nil
	}
	if err != nil {
		return err
	}
	defer unlock()
	client, err := a.client(cfg)
	if err != nil {
		return err
	}
	return a.fetch(ctx, client, dbPath, jobs)
}

// load reads the selection's counts, and PubMed's totals, from the store.
func (a *app) load(dbPath string, sel selection) ([]loaded, map[int]store.Observation, error) {
	db, err := a.openStore(dbPath)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	var out []loaded
	for _, t := range sel.topics {
		keep := store.FromESearch
		if t.imported() {
			keep = nil
		}
		latest, err := db.Latest(t.Series(), keep)
		if err != nil {
			return nil, nil, err
		}
		prev, err := db.History(t.Series(), a.now().Year()-1)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, loaded{Topic: t, latest: latest, prevYear: prev})
	}
	totals, err := db.Latest(collector.Totals(0, 0).Series(), store.FromESearch)
	if err != nil {
		return nil, nil, err
	}
	return out, totals, nil
}

// checkFound fails for a raw query PubMed found nothing for, suggesting the
// topic the user may have mistyped.
func checkFound(cfg Config, sel selection, data []loaded) error {
	for _, d := range data {
		if !sel.raw[d.Name] || len(d.latest) == 0 {
			continue
		}
		found := false
		for _, o := range d.latest {
			found = found || o.Count > 0
		}
		if found {
			continue
		}
		err := &exitError{code: exitFailure, err: fmt.Errorf("PubMed found nothing for %q in %d-%d (%q is not a topic, so it was searched as a query)",
			d.Query, d.From, d.To, d.Query)}
		if s := closestTopic(cfg, d.Query); s != "" {
			err.hint = fmt.Sprintf("did you mean the topic %q?", s)
		} else {
			err.hint = "'pubtrend topics' lists the topics"
		}
		return err
	}
	return nil
}

// missingYears lists, per topic, the years in its range with no count.
func missingYears(data []loaded) map[string][]int {
	out := make(map[string][]int)
	for _, d := range data {
		for y := d.From; y <= d.To; y++ {
			if _, ok := d.latest[y]; !ok {
				out[d.Name] = append(out[d.Name], y)
			}
		}
	}
	return out
}

// describeMissing writes "exosome 2017-2018; crispr 2015" in topic order.
func describeMissing(data []loaded, missing map[string][]int) string {
	var parts []string
	for _, d := range data {
		if ys := missing[d.Name]; len(ys) > 0 {
			parts = append(parts, d.Name+" "+yearRanges(ys))
		}
	}
	return strings.Join(parts, "; ")
}
