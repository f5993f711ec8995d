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
	sel, err := Prepare(cat, req, cfg.Years, now)
	if err != nil {
		return nil, FillResult{}, err
	}
	var fill FillResult
	if !req.Offline && newClient != nil {
		if fill, err = Fill(ctx, newClient, path, sel, req.Totals, now, progress); err != nil {
			return nil, fill, err
		}
	}
	ds, err := LoadFile(path, sel, now)
	if err != nil {
		return nil, fill, err
	}
	return ds, fill, ds.Check(cat, req.Offline || newClient == nil, fill.Skipped > 0)
}
