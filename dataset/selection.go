package dataset

import (
	"fmt"
	"time"

	"github.com/pubtrend/pubtrend/config"
)

// Selection is a set of topics over years: what a chart, a comparison or
// a collection covers.
type Selection struct {
	Topics []Topic
	// From and To span every topic's years.
	From, To int
}

// Range is a year range from the command line or a URL; zero means "not
// given": the topic's own years.
type Range struct {
	From, To int
}

// CheckRange reports a range PubMed cannot have: a year before 1800 or after
// next year, or from after to. It is the one place years from users are
// checked.
func CheckRange(r Range, now time.Time) error {
	maxYear := now.Year() + 1
	for _, y := range []int{r.From, r.To} {
		if y != 0 && (y < config.MinYear || y > maxYear) {
			return &ArgumentError{Msg: fmt.Sprintf("year %d is out of range: PubMed years run from %d to %d", y, config.MinYear, maxYear)}
		}
	}
	if r.From != 0 && r.To != 0 && r.From > r.To {
		return &ArgumentError{Msg: fmt.Sprintf("--from %d is after --to %d", r.From, r.To)}
	}
	return nil
}

// Select fixes the years of each topic: r where given, else the topic's
// own; a topic without years of its own (an ad-hoc query, an import whose
// years are unknown) takes the config's default years.
func Select(topics []Topic, r Range, defaults config.Years, now time.Time) (Selection, error) {
	if err := CheckRange(r, now); err != nil {
		return Selection{}, err
	}
	var sel Selection
	for i, t := range topics {
		if t.From == 0 {
			t.From = int(defaults.From)
		}
		if t.To == 0 {
			t.To = int(defaults.To)
		}
		if r.From != 0 {
			t.From = r.From
		}
		if r.To != 0 {
			t.To = r.To
		}
		if t.From > t.To {
			return Selection{}, &ArgumentError{Msg: fmt.Sprintf("topic %q: from %d is after to %d", t.Name, t.From, t.To)}
		}
		if i == 0 || t.From < sel.From {
			sel.From = t.From
		}
		sel.To = max(sel.To, t.To)
		sel.Topics = append(sel.Topics, t)
	}
	return sel, nil
}

// Years lists a topic's years, from first to last.
func (t Topic) Years() []int {
	ys := make([]int, 0, max(0, t.To-t.From+1))
	for y := t.From; y <= t.To; y++ {
		ys = append(ys, y)
	}
	return ys
}
