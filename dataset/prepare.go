package dataset

import (
	"fmt"
	"time"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/config"
)

// Prepare resolves a request's names against the catalog, fixes their
// years and says what must be stored to answer it: the first half of
// Gather. A reader that loads from a store it already holds open (the HTTP
// server reads a store's version and its counts in one opening) calls it,
// then Load and Check.
func Prepare(cfg *config.Config, cat *Catalog, req Request, now time.Time) (Need, error) {
	topics, err := cat.Resolve(req.Args, true)
	if err != nil {
		return Need{}, err
	}
	if len(topics) == 0 {
		return Need{}, &ArgumentError{Msg: "name at least one topic or PubMed query"}
	}
	sel, err := Select(topics, req.Range, cfg.Years, now)
	if err != nil {
		return Need{}, err
	}
	n := Need{Sel: sel, Totals: req.Totals, Distinct: req.Distinct}
	if req.By != "" {
		b, err := ResolveBreakdown(cfg, req.By)
		if err != nil {
			return Need{}, err
		}
		for _, t := range topics {
			if t.Imported() {
				return Need{}, &ArgumentError{Msg: fmt.Sprintf("%q was imported from a file of yearly totals: it cannot be broken down", t.Name)}
			}
		}
		n.By = []breakdown.Breakdown{b}
	}
	return n, nil
}
