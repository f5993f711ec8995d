package report

import (
	"fmt"
	"testing"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

func TestHint(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"store busy", fmt.Errorf("open store x: %w", store.ErrBusy), "another pubtrend is writing to the store; try again in a moment"},
		{"typo of a name", &dataset.UnknownTopicError{Name: "exosme", Closest: "exosome"}, `did you mean "exosome"?`},
		{"unknown, nothing close", &dataset.UnknownTopicError{Name: "zzz"}, ""},
		{"query refused", &dataset.RefusedError{Topic: dataset.Topic{Name: "exosme"}, Closest: "exosome"}, `did you mean "exosome"? Nothing was stored for "exosme"`},
		{"import without the years", &dataset.NoDataError{Topic: dataset.Topic{Origin: dataset.FromImport}}, "the imported file has no year in this range"},
		{"collection running", &dataset.NoDataError{Skipped: true}, "a collection is running; try again when it is done"},
		{"front end's own advice", &dataset.NoDataError{Offline: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Hint(tt.err); got != tt.want {
				t.Errorf("Hint(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
