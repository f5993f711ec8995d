package dataset

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/config"
)

// Request is what a chart, a comparison or a page asks for: names or
// queries over years.
type Request struct {
	Args  []string
	Range Range
	// Offline uses stored counts only: nothing is fetched.
	Offline bool
	// Totals also fetches PubMed's yearly totals (for shares per 100,000).
	Totals bool
	// By names a breakdown (evidence, species, or the config's): each
	// topic's parts per year.
	By string
	// Distinct also counts each topic's distinct records over its
	// complete years.
	Distinct bool
}

// Gather resolves a request, fetches what the store lacks (unless offline
// or newClient is nil) and loads the counts: the sequence every reading
// front end runs. It fails when a topic has no count in range, or when a
// query found nothing at all.
func Gather(ctx context.Context, cfg *config.Config, path string, cat *Catalog, req Request,
	newClient func() (*collector.Client, error), now time.Time, progress Progress) (*Dataset, FillResult, error) {
	need, err := Prepare(cfg, cat, req, now)
	if err != nil {
		return nil, FillResult{}, err
	}
	var fill FillResult
	if !req.Offline && newClient != nil {
		if fill, err = Fill(ctx, newClient, path, need, now, progress); err != nil {
			return nil, fill, err
		}
		// A query PubMed did not run as written is refused in its own
		// words, before anything is drawn from the rest.
		if rs := Refusals(cat, need.Sel.Topics, fill.Report); len(rs) > 0 {
			return nil, fill, rs[0]
		}
	}
	ds, err := LoadFile(path, need, now)
	if err != nil {
		return nil, fill, err
	}
	return ds, fill, ds.Check(cat, req.Offline || newClient == nil, fill.Skipped > 0)
}

// ResolveBreakdown finds a breakdown by name: the config's, else a
// built-in one. An unknown name is an ArgumentError listing the known.
func ResolveBreakdown(cfg *config.Config, name string) (breakdown.Breakdown, error) {
	b, ok := cfg.Breakdown(name)
	if !ok {
		return breakdown.Breakdown{}, &ArgumentError{Msg: fmt.Sprintf("no breakdown named %q: want %s", name, strings.Join(cfg.BreakdownNames(), ", "))}
	}
	return b, nil
}

// Breakdowns are every breakdown the config knows: built-in and its own.
func Breakdowns(cfg *config.Config) []breakdown.Breakdown {
	var out []breakdown.Breakdown
	for _, n := range cfg.BreakdownNames() {
		if b, ok := cfg.Breakdown(n); ok {
			out = append(out, b)
		}
	}
	return out
}
