package dataset

import (
	"context"
	"time"

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
}

// Gather resolves a request, fetches what the store lacks (unless offline
// or newClient is nil) and loads the counts: the sequence every reading
// front end runs. It fails when a topic has no count in range, or when a
// query found nothing at all.
func Gather(ctx context.Context, cfg *config.Config, path string, cat *Catalog, req Request,
	newClient func() (*collector.Client, error), now time.Time, progress Progress) (*Dataset, FillResult, error) {
	topics, err := cat.Resolve(req.Args, true)
	if err != nil {
		return nil, FillResult{}, err
	}
	if len(topics) == 0 {
		return nil, FillResult{}, &ArgumentError{Msg: "name at least one topic or PubMed query"}
	}
	sel, err := Select(topics, req.Range, cfg.Years, now)
	if err != nil {
		return nil, FillResult{}, err
	}
	var fill FillResult
	if !req.Offline && newClient != nil {
		if fill, err = Fill(ctx, newClient, path, sel, req.Totals, now, progress); err != nil {
			return nil, fill, err
		}
		// A query PubMed did not run as written is refused in its own
		// words, before anything is drawn from the rest.
		if rs := Refusals(cat, sel.Topics, fill.Report); len(rs) > 0 {
			return nil, fill, rs[0]
		}
	}
	ds, err := LoadFile(path, sel, now)
	if err != nil {
		return nil, fill, err
	}
	return ds, fill, ds.Check(cat, req.Offline || newClient == nil, fill.Skipped > 0)
}
