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
		unknown  *dataset.UnknownTopicError
		notFound *dataset.NothingFoundError
		noData   *dataset.NoDataError
	)
	switch {
	case errors.Is(err, store.ErrBusy):
		return "another pubtrend is writing to the store; try again in a moment"
	case errors.As(err, &unknown) && unknown.Closest != "":
		return fmt.Sprintf("did you mean %q?", unknown.Closest)
	case errors.As(err, &notFound) && notFound.Closest != "":
		return fmt.Sprintf("did you mean the topic %q?", notFound.Closest)
	case errors.As(err, &noData) && noData.Topic.Imported():
		return "the imported file has no year in this range"
	case errors.As(err, &noData) && noData.Skipped:
		return "a collection is running; try again when it is done"
	}
	return ""
}
