package dataset

import (
	"context"
	"errors"
	"fmt"

	"github.com/pubtrend/pubtrend/collector"
)

// ErrNothingToCollect is a collection with no names, no topics in the
// config and no queries stored before.
var ErrNothingToCollect = errors.New("nothing to collect: no topics in a config, and no queries stored")

// ToCollect is what a collection fetches: the named topics or queries;
// without names, the config's topics or, without any, every query stored
// before (a user without a config keeps what they looked at fresh).
func ToCollect(c *Catalog, args []string) ([]Topic, error) {
	if len(args) > 0 {
		topics, err := c.Resolve(args, true)
		if err != nil {
			return nil, err
		}
		for _, t := range topics {
			if t.Imported() {
				return nil, &ArgumentError{Msg: fmt.Sprintf("%q was imported from a file: there is nothing to collect for it", t.Name)}
			}
		}
		return topics, nil
	}
	if ts := c.Configured(); len(ts) > 0 {
		return ts, nil
	}
	var ts []Topic
	for _, t := range c.Stored() {
		if t.Origin == FromQuery {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return nil, ErrNothingToCollect
	}
	return ts, nil
}

// ToExport is what an export writes: the named topics (names only, no new
// queries), else everything stored but PubMed's totals (they are a column
// of every row); with configOnly, the config's topics.
func ToExport(c *Catalog, names []string, configOnly bool) ([]Topic, error) {
	switch {
	case len(names) > 0:
		return c.Resolve(names, false)
	case configOnly:
		return c.Configured(), nil
	}
	var out []Topic
	for _, t := range c.All() {
		if t.Origin != FromTotals {
			out = append(out, t)
		}
	}
	return out, nil
}

// CollectError is a collection that did not store everything it planned.
// Err is why it stopped early (nil when it ran to the end); Failed are the
// counts that failed, of which Refused are queries PubMed did not run as
// written, per topic.
type CollectError struct {
	Planned, Stored int
	Failed          []collector.JobError
	Refused         []*RefusedError
	Err             error
}

func (e *CollectError) Error() string {
	stored := fmt.Sprintf("stored %d of %d counts", e.Stored, e.Planned)
	switch {
	case errors.Is(e.Err, context.Canceled):
		return "interrupted: " + stored
	case errors.Is(e.Err, collector.ErrUnreachable):
		return fmt.Sprintf("%v; %s", e.Err, stored)
	case e.Err != nil:
		return fmt.Sprintf("collect: %v; %s", e.Err, stored)
	case e.Stored == 0:
		return fmt.Sprintf("all %d counts failed; nothing was stored", e.Planned)
	}
	return fmt.Sprintf("%d of %d counts failed; %s", len(e.Failed), e.Planned, stored)
}

func (e *CollectError) Unwrap() error { return e.Err }

// Outcome turns a collection's report and error into the error a front
// end reports: nil when everything planned was stored. A refused key and
// another collection running pass through as they are.
func Outcome(c *Catalog, topics []Topic, rep collector.Report, err error) error {
	if errors.Is(err, collector.ErrInvalidKey) || errors.Is(err, ErrCollecting) {
		return err
	}
	if err == nil && len(rep.Failed) == 0 {
		return nil
	}
	return &CollectError{Planned: rep.Planned, Stored: rep.Stored, Failed: rep.Failed, Refused: Refusals(c, topics, rep), Err: err}
}
