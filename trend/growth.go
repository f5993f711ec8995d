package trend

import (
	"math"
	"sort"
)

// FoldChange is last/first. It reports false when first is not positive:
// growth from nothing has no ratio.
func FoldChange(first, last float64) (float64, bool) {
	if first <= 0 || last < 0 {
		return 0, false
	}
	return last / first, true
}

// CAGR is the compound annual growth rate from first to last over years
// years: (last/first)^(1/years) − 1. It reports false when it is undefined
// (first not positive, last zero or negative, fewer than one year).
func CAGR(first, last float64, years int) (float64, bool) {
	if first <= 0 || last <= 0 || years < 1 {
		return 0, false
	}
	return math.Pow(last/first, 1/float64(years)) - 1, true
}

// DoublingTime is the years a quantity growing at rate per year takes to
// double: ln 2 / ln(1+rate). It reports false when rate is not positive:
// the topic is not growing.
func DoublingTime(rate float64) (float64, bool) {
	if rate <= 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return 0, false
	}
	return math.Ln2 / math.Log1p(rate), true
}

// Change is the relative change from prev to cur: cur/prev − 1. It reports
// false when prev is not positive.
func Change(prev, cur float64) (float64, bool) {
	if prev <= 0 {
		return 0, false
	}
	return cur/prev - 1, true
}

// Crossover finds the first year in which a is above b after a year in
// which it was not: the year a overtook b. Only years both series have
// are compared, in order; a missing year is skipped, never read as zero.
// It reports false when a never overtook b (including when a led from
// the start).
func Crossover(a, b map[int]float64) (int, bool) {
	var years []int
	for y := range a {
		if _, ok := b[y]; ok {
			years = append(years, y)
		}
	}
	sort.Ints(years)
	for i := 1; i < len(years); i++ {
		prev, cur := years[i-1], years[i]
		if a[prev] <= b[prev] && a[cur] > b[cur] {
			return cur, true
		}
	}
	return 0, false
}

// Summary is a series' growth over its complete years.
type Summary struct {
	FirstYear, LastYear int
	First, Last         float64
	Total               float64 // sum over the years present
	Years               int     // years present
	Missing             []int   // years in FirstYear..LastYear without a value
	Fold                float64
	FoldOK              bool
	CAGR                float64
	CAGROK              bool
	Doubling            float64
	DoublingOK          bool // false: not growing (or undefined)
	LastChange          float64
	LastChangeOK        bool // false: no value for the year before LastYear
}

// Summarise computes a Summary of values by year. Growth runs from the
// first to the last year present; missing years in between are listed,
// not filled in.
func Summarise(values map[int]float64) (Summary, bool) {
	if len(values) == 0 {
		return Summary{}, false
	}
	var years []int
	for y := range values {
		years = append(years, y)
	}
	sort.Ints(years)
	s := Summary{FirstYear: years[0], LastYear: years[len(years)-1], Years: len(years)}
	s.First, s.Last = values[s.FirstYear], values[s.LastYear]
	for y := s.FirstYear; y <= s.LastYear; y++ {
		v, ok := values[y]
		if !ok {
			s.Missing = append(s.Missing, y)
			continue
		}
		s.Total += v
	}
	s.Fold, s.FoldOK = FoldChange(s.First, s.Last)
	s.CAGR, s.CAGROK = CAGR(s.First, s.Last, s.LastYear-s.FirstYear)
	if s.CAGROK {
		s.Doubling, s.DoublingOK = DoublingTime(s.CAGR)
	}
	if prev, ok := values[s.LastYear-1]; ok {
		s.LastChange, s.LastChangeOK = Change(prev, s.Last)
	}
	return s, true
}
