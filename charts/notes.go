package charts

import (
	"fmt"
	"sort"
	"strings"
)

// notes are the footer lines charts writes itself: what its marks mean
// (partial years, projections, ×), what it changed (lines for grouped
// bars) and what it could not draw. They name series by their legend
// labels.
func (c *chart) notes() []string {
	var out []string
	if c.switched {
		if len(c.series) > maxGrouped {
			out = append(out, fmt.Sprintf("%d topics are too many for grouped bars: drawn as lines.", len(c.series)))
		} else {
			out = append(out, fmt.Sprintf("%d years of grouped bars would be too thin to read: drawn as lines.", c.to-c.from+1))
		}
	}
	if n := c.partialNote(); n != "" {
		out = append(out, n)
	}
	if n := c.missingNote(); n != "" {
		out = append(out, n)
	}
	if c.more != nil {
		out = append(out, c.more(c.compact)...)
	}
	if n := c.logZeroNote(); n != "" {
		out = append(out, n)
	}
	if n := c.glyphs.note(); n != "" {
		out = append(out, n)
	}
	return out
}

// partialNote says how partial years are drawn and, with a projection,
// what it is and how it was made.
func (c *chart) partialNote() string {
	var years []int
	seen := make(map[int]bool)
	var projected []string
	for _, s := range c.series {
		for _, p := range s.Points {
			if !p.Partial {
				continue
			}
			if !seen[p.Year] {
				seen[p.Year] = true
				years = append(years, p.Year)
			}
			if c.project && p.Projected > p.Value {
				v := "≈" + formatNumber(p.Projected, c.opts.Decimals)
				if len(c.series) > 1 {
					v = s.Name + " " + v
				}
				projected = append(projected, v)
			}
		}
	}
	if len(years) == 0 {
		return ""
	}
	sort.Ints(years)
	ys := yearList(years)
	if c.compact && c.opts.PartialNote != "" {
		// The tick has no room for the note: it comes here.
		ys += " (" + c.opts.PartialNote + ")"
	}
	var n string
	switch {
	case c.style == Lines && c.project && c.compact:
		n = fmt.Sprintf("Filled markers: complete years; open markers: %s so far; dashed: expected full year.", ys)
	case c.style == Lines && c.project:
		n = fmt.Sprintf("Solid lines and filled markers: complete years; open markers: %s so far; dashed lines: on to the expected full-year count.", ys)
	case c.style == Lines:
		n = fmt.Sprintf("Solid lines and filled markers: complete years; open markers: %s so far, still growing.", ys)
	case c.share:
		n = fmt.Sprintf("%s so far (lighter, dashed outline): shares of the records counted to date.", ys)
	case c.project && c.compact:
		n = fmt.Sprintf("%s so far; dashed outline: the expected full year.", ys)
	case c.project:
		n = fmt.Sprintf("%s so far (lighter); dashed outline: the expected full-year count", ys)
		if len(projected) <= 3 {
			n += " (" + strings.Join(projected, "; ") + ")"
		}
		n += "."
	default:
		n = fmt.Sprintf("%s so far (lighter, dashed outline): still growing.", ys)
	}
	if c.project && c.opts.ProjectionMethod != "" {
		n += " " + c.opts.ProjectionMethod
	}
	return n
}

// missingNote names the years in range without data, per series.
func (c *chart) missingNote() string {
	var parts []string
	for _, s := range c.series {
		var ys []int
		for y := c.from; y <= c.to; y++ {
			if _, ok := s.point(y); !ok {
				ys = append(ys, y)
			}
		}
		if len(ys) == 0 {
			continue
		}
		if len(c.series) == 1 {
			parts = append(parts, yearRanges(ys))
		} else {
			parts = append(parts, s.Name+" "+yearRanges(ys))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "×: no data for " + strings.Join(parts, "; ") + "."
}

// logZeroNote says which zero values a log scale leaves out.
func (c *chart) logZeroNote() string {
	if !c.opts.Log {
		return ""
	}
	var parts []string
	for _, s := range c.series {
		var ys []int
		for _, p := range s.Points {
			if p.Value <= 0 {
				ys = append(ys, p.Year)
			}
		}
		if len(ys) > 0 {
			parts = append(parts, s.Name+" "+yearRanges(ys))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Zero counts cannot be drawn on a log scale and are left out: " + strings.Join(parts, "; ") + "."
}

// yearRanges writes sorted years as ranges: "2015–2018, 2021".
func yearRanges(ys []int) string {
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ys[i], ys[j]))
		} else {
			parts = append(parts, fmt.Sprint(ys[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// yearList writes years as "2026" or "2025 and 2026".
func yearList(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = fmt.Sprint(y)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
