package report

import (
	"errors"
	"fmt"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

// Hint says what to do about an engine error in words that hold for every
// front end: the closest name for a typo, a store another process holds.
// It returns "" when only the front end knows the advice (a flag to drop,
// a command to run, a server option): each front end adds its own.
func Hint(err error) string {
	var (
		unknown *dataset.UnknownTopicError
		noData  *dataset.NoDataError
		refused *dataset.RefusedError
	)
	switch {
	case errors.Is(err, store.ErrBusy):
		return "another pubtrend is writing to the store; try again in a moment"
	case errors.As(err, &unknown) && unknown.Closest != "":
		return fmt.Sprintf("did you mean %q?", unknown.Closest)
	case errors.As(err, &noData) && noData.Topic.Imported():
		return "the imported file has no year in this range"
	case errors.As(err, &noData) && noData.Skipped:
		return "a collection is running; try again when it is done"
	case errors.As(err, &refused) && refused.Closest != "":
		return fmt.Sprintf("did you mean %q? Nothing was stored for %q", refused.Closest, refused.Topic.Name)
	case errors.As(err, &refused):
		return "check the query's spelling, quotes and field tags; nothing was stored for it"
	case errors.Is(err, store.ErrCorrupt):
		return "restore a backup made with 'pubtrend backup'; nothing was fetched"
	case errors.Is(err, store.ErrUnfinished):
		return "the file holds no data (its creation was cut short): delete it, and pubtrend starts a new store"
	}
	return ""
}
