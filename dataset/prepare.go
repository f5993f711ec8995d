package dataset

import (
	"time"

	"github.com/pubtrend/pubtrend/config"
)

// Prepare resolves a request's names against the catalog and fixes their
// years: the first half of Gather. A reader that loads from a store it
// already holds open (the HTTP server reads a store's version and its
// counts in one opening) calls it, then Load and Check.
func Prepare(cat *Catalog, req Request, defaults config.Years, now time.Time) (Selection, error) {
	topics, err := cat.Resolve(req.Args, true)
	if err != nil {
		return Selection{}, err
	}
	if len(topics) == 0 {
		return Selection{}, &ArgumentError{Msg: "name at least one topic or PubMed query"}
	}
	return Select(topics, req.Range, defaults, now)
}
