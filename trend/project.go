package trend

import "time"

// Projection is an estimate of a partial year's full count. It is never
// an observation: it must be labelled, and kept out of growth figures.
type Projection struct {
	Value float64
	// Method says how Value was reached, in words fit for a footnote.
	Method string
}

// YearFraction is the part of asOf's year that has passed, in (0, 1].
func YearFraction(asOf time.Time) float64 {
	asOf = asOf.UTC()
	start := time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	f := float64(asOf.Sub(start)) / float64(end.Sub(start))
	return max(f, 1.0/366)
}

// ProjectByElapsed scales a count fetched at asOf by the elapsed fraction
// of its year. It assumes records arrive evenly through the year, which
// PubMed's indexing lag makes an underestimate.
func ProjectByElapsed(count int64, asOf time.Time) Projection {
	return Projection{
		Value:  float64(count) / YearFraction(asOf),
		Method: "scaled by the elapsed fraction of the year",
	}
}

// ProjectByHistory scales a count by how last year's count filled in: the
// ratio of last year's latest count to its count one year before asOf.
// It reports false when that earlier count is not positive.
func ProjectByHistory(count, prevThen, prevNow int64) (Projection, bool) {
	if prevThen <= 0 || prevNow < prevThen {
		return Projection{}, false
	}
	return Projection{
		Value:  float64(count) * float64(prevNow) / float64(prevThen),
		Method: "scaled by how last year's count grew from the same date to now",
	}, true
}
