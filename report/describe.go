package report

import (
	"fmt"
	"strings"
)

// Describe states a comparison's data in a few sentences: for a chart's
// alternative text, which must say what the picture shows to someone who
// cannot see it. For each topic: its first and last complete year with
// their values, the growth rate, the partial year so far, and the years
// with no count stored. perHundredK describes shares per 100,000 PubMed
// records instead of counts.
func Describe(c Comparison, perHundredK bool) string {
	unit := "publications per year in PubMed"
	if perHundredK {
		unit = "publications per 100,000 PubMed records"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Chart of %s, %d to %d.", unit, c.From, c.To)
	for _, t := range c.Topics {
		value := func(year int) (string, bool) {
			r := t.row(year)
			switch {
			case r == nil || r.Count == nil:
				return "", false
			case perHundredK && r.Per100k == nil:
				return "", false
			case perHundredK:
				return Float(*r.Per100k, 1), true
			}
			return Int(*r.Count), true
		}
		var parts []string
		if s := t.Summary; s != nil {
			first, _ := value(s.FirstYear)
			last, _ := value(s.LastYear)
			if s.FirstYear == s.LastYear {
				parts = append(parts, fmt.Sprintf("%s in %d", last, s.LastYear))
			} else {
				parts = append(parts, fmt.Sprintf("%s in %d, %s in %d", first, s.FirstYear, last, s.LastYear))
			}
			if s.CAGR != nil {
				parts = append(parts, fmt.Sprintf("%s a year on average", Percent(*s.CAGR)))
			}
		}
		if c.Partial != nil {
			if v, ok := value(c.Partial.Year); ok {
				parts = append(parts, fmt.Sprintf("%d so far (partial, counted to %s): %s", c.Partial.Year, c.Partial.CountedTo, v))
			}
		}
		var missing []int
		for _, r := range t.Years {
			if r.Count == nil {
				missing = append(missing, r.Year)
			}
		}
		if len(missing) > 0 {
			parts = append(parts, "no count stored for "+YearRanges(missing))
		}
		if len(parts) == 0 {
			parts = append(parts, "no count stored")
		}
		fmt.Fprintf(&b, " %s: %s.", t.Label, strings.Join(parts, "; "))
	}
	return b.String()
}
