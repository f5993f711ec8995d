package charts

import (
	"math"
)

// tick is a value on the y axis and the label that states it.
type tick struct {
	value float64
	label string
}

// linearTicks chooses gridlines from 0 to at least max: a step of 1, 2 or
// 5 times a power of ten, or 2.5 where that ends the axis lower (whole
// numbers only when counts is set), giving 4 to 6 gridlines, the top one
// the first at or above max. Of the steps that qualify it takes the one
// whose top wastes the least height, then a 1-2-5 step over 2.5, then the
// one with fewer lines. Every label states its value exactly: the decimals
// come from the step.
//
// 2.5 is allowed because 1-2-5 alone may leave a third of the plot empty
// (1,100 on a 1,500 axis); 0, 250, 500, … 1,250 is as exact and reads as
// easily. It is never taken where a 1-2-5 step ends as low.
func linearTicks(max float64, counts bool) []tick {
	const minIntervals, maxIntervals = 3, 5
	step, n := 1.0, minIntervals // for counts of 0, 1 or 2: 0, 1, 2, 3
	if max > 0 {
		found, quarter := false, false
		e0 := math.Floor(math.Log10(max))
		for e := e0 - 2; e <= e0+1; e++ {
			for _, m := range []float64{1, 2, 2.5, 5} {
				s := m * math.Pow(10, e)
				k := int(math.Ceil(max/s - 1e-9))
				if (counts && s < 1) || (counts && m == 2.5 && e < 1) || k < minIntervals || k > maxIntervals {
					continue
				}
				top, bestTop := float64(k)*s, float64(n)*step
				lower := top < bestTop*(1-1e-9)
				same := !lower && top <= bestTop*(1+1e-9)
				better := lower || (same && quarter && m != 2.5) || (same && quarter == (m == 2.5) && k < n)
				if !found || better {
					step, n, found, quarter = s, k, true, m == 2.5
				}
			}
		}
	}
	decimals := stepDecimals(step)
	ticks := make([]tick, n+1)
	for i := range ticks {
		// i·step, rounded to the step's decimals, is the exact value
		// the label states; the gridline is drawn there.
		v := roundTo(float64(i)*step, decimals)
		ticks[i] = tick{value: v, label: formatNumber(v, decimals)}
	}
	return ticks
}

// stepDecimals is how many decimals a multiple of step needs.
func stepDecimals(step float64) int {
	d := 0
	for d < 12 && math.Abs(step*math.Pow(10, float64(d))-math.Round(step*math.Pow(10, float64(d)))) > 1e-9 {
		d++
	}
	return d
}

func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// logTicks labels 1, 2 and 5 times each power of ten from lo to hi, or
// powers of ten alone over more than two and a half decades, where 1-2-5
// labels crowd. The axis runs from the label below lo to the one above hi.
func logTicks(lo, hi float64) []tick {
	mults := []float64{1, 2, 5}
	if math.Log10(hi/lo) > 2.5 {
		mults = []float64{1}
	}
	var all []float64
	for e := math.Floor(math.Log10(lo)) - 1; e <= math.Ceil(math.Log10(hi))+1; e++ {
		for _, m := range mults {
			all = append(all, roundTo(m*math.Pow(10, e), int(math.Max(0, -e))))
		}
	}
	first, last := 0, len(all)-1
	for i, v := range all {
		if v <= lo*(1+1e-9) {
			first = i
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i] >= hi*(1-1e-9) {
			last = i
		}
	}
	var ticks []tick
	for _, v := range all[first : last+1] {
		ticks = append(ticks, tick{value: v, label: formatNumber(v, stepDecimals(v))})
	}
	return ticks
}
