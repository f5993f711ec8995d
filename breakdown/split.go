package breakdown

import (
	"errors"
	"fmt"
)

// Count is one part's count in one year.
type Count struct {
	Key   string
	Count int64
	// Share is Count over the topic's count; 0 when the topic has none.
	Share float64
}

// Errors of Split, for errors.Is.
var (
	// ErrInconsistent: the counts cannot all be true of one collection,
	// e.g. the parts add up to more than the topic. Fetch them again
	// together; never subtract counts of different days.
	ErrInconsistent = errors.New("counts do not fit together")
	// ErrMissing: a part with a query has no count.
	ErrMissing = errors.New("missing count")
)

// Split is every part's count in one year, in b's order, from the topic's
// count and the counts of the parts with a query (by key). The remainder
// is the topic minus the others. It refuses counts that cannot be of one
// collection of disjoint parts: negative ones, a count for the remainder
// or an unknown key, and parts that add up to more than the topic. Without
// a remainder the shares may add up to less than 1.
func (b Breakdown) Split(topic int64, counts map[string]int64) ([]Count, error) {
	if topic < 0 {
		return nil, fmt.Errorf("%w: topic count %d is negative", ErrInconsistent, topic)
	}
	known := make(map[string]bool, len(b.Parts))
	out := make([]Count, len(b.Parts))
	var sum int64
	for i, p := range b.Parts {
		known[p.Key] = true
		n, ok := counts[p.Key]
		switch {
		case p.IsRemainder() && ok:
			return nil, fmt.Errorf("%w: part %q is the remainder, computed from the others, yet has a count", ErrInconsistent, p.Key)
		case p.IsRemainder():
			continue
		case !ok:
			return nil, fmt.Errorf("%w for part %q", ErrMissing, p.Key)
		case n < 0:
			return nil, fmt.Errorf("%w: part %q count %d is negative", ErrInconsistent, p.Key, n)
		}
		out[i] = Count{Key: p.Key, Count: n}
		sum += n
	}
	for k := range counts {
		if !known[k] {
			return nil, fmt.Errorf("%w: %q is not a part of breakdown %q", ErrInconsistent, k, b.Name)
		}
	}
	if sum > topic {
		return nil, fmt.Errorf("%w: the parts add up to %d, more than the topic's %d; were they counted on different days?", ErrInconsistent, sum, topic)
	}
	for i, p := range b.Parts {
		if p.IsRemainder() {
			out[i] = Count{Key: p.Key, Count: topic - sum}
		}
		if topic > 0 {
			out[i].Share = float64(out[i].Count) / float64(topic)
		}
	}
	return out, nil
}
