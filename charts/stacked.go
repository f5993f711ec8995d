package charts

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strings"
)

// Part is one slice of every stack of a breakdown, e.g. "Randomized
// controlled trials".
type Part struct {
	// Key identifies the part; it names it where Label is empty.
	Key string
	// Label names the part in the legend and the notes.
	Label string
}

// Stack is one year of a topic, split into the parts of its breakdown.
type Stack struct {
	Year int
	// Counts are the parts' counts, in the order of Breakdown.Parts.
	// They add up to the topic's count for the year: the total drawn on
	// top of the stack is their sum.
	Counts []int64
	// Partial marks the year in progress: its stack is drawn tinted, in
	// a dashed outline, and its total labelled "so far".
	Partial bool
	// Projected is a partial year's expected full-year total, or 0 for
	// none: with counts (not shares), a dashed ghost outline up to it, as
	// on single bars. Ignored on complete years and with
	// Options.NoProjection.
	Projected float64
	// Lagging marks a year PubMed has not fully indexed yet: its records
	// without publication types or MeSH terms count in the last part, so
	// the others are still too low and the last too high. The stack is
	// hatched and the footer says so.
	Lagging bool
	// NotIndexed is a lagging year's share (0 to 1) of records not yet
	// indexed, given in the footer's note; 0 when not measured.
	NotIndexed float64
}

// Topic is one topic's breakdown, per year: one panel of the chart.
type Topic struct {
	// Name titles the topic's panel and names it in the notes.
	Name string
	// Query is the topic's PubMed query, shown in the subtitle or a
	// footnote as on other charts.
	Query string
	// Years are the topic's stacks. Years of the chart's range without a
	// stack are missing: marked ×, never drawn as zero.
	Years []Stack
}

// Breakdown is what RenderBreakdown draws: topics split into the same
// parts.
type Breakdown struct {
	// Parts in order of precedence, the strongest evidence first: the
	// first is drawn at the bottom of each stack. The last part is the
	// rest (e.g. "Other", "Neither") and is drawn in a neutral grey. At
	// least 2 and at most 8.
	Parts []Part
	// Topics, one panel each, at most 9.
	Topics []Topic
}

// ErrTooManyPanels is returned for more topics than a grid of small
// multiples keeps legible.
var ErrTooManyPanels = fmt.Errorf("too many topics for one breakdown chart: at most %d panels stay legible (split them over several charts)", maxPanels)

// ErrTooManyParts is returned for a breakdown of more parts than its
// colours keep apart.
var ErrTooManyParts = fmt.Errorf("a breakdown of more than %d parts cannot be drawn in colours that stay apart", maxParts)

// maxPanels is the most topics a breakdown chart draws: a 3×3 grid.
const maxPanels = 9

// maxColumns is the most panels side by side.
const maxColumns = 3

// stacked is a validated breakdown chart. Its chart holds one series per
// topic whose points are the stacks' totals: the header, the notes, the
// axes and the value labels are the other charts', from those.
type stacked struct {
	c      *chart
	parts  []string // labels, cleaned
	colors []color.NRGBA
	stacks []map[int]Stack // per topic, by year, in range
	share  bool
	own    bool // counts on a y scale per panel
	// noTotals is set when the totals over the stacks do not fit, so
	// that the notes do not explain them: see layout.
	noTotals bool
}

// RenderBreakdown draws b as stacked bars per year into w, as a PNG, SVG
// or PDF chart: one panel per topic, in a grid, with one legend. With
// opts.Share each stack shows its parts as percentages of its year and
// reaches 100%; otherwise counts, on one scale for all panels unless
// opts.OwnScales. opts.Style and opts.Decimals are ignored. Besides size
// and format errors it returns ErrNoData, ErrLogBars, ErrTooManyParts,
// ErrTooManyPanels and ErrTooSmall (wrapped, naming a height that would
// do).
func RenderBreakdown(w io.Writer, b Breakdown, opts Options) error {
	s, err := newStacked(b, opts)
	if err != nil {
		return err
	}
	p, err := s.fit()
	if err != nil {
		return err
	}
	return s.c.write(w, p.draw)
}

func newStacked(b Breakdown, opts Options) (*stacked, error) {
	switch {
	case opts.Log:
		return nil, ErrLogBars
	case len(b.Parts) < 2:
		return nil, fmt.Errorf("a breakdown needs at least two parts, has %d", len(b.Parts))
	case len(b.Parts) > maxParts:
		return nil, ErrTooManyParts
	case len(b.Topics) > maxPanels:
		return nil, ErrTooManyPanels
	}
	s := &stacked{share: opts.Share, own: opts.OwnScales && !opts.Share && len(b.Topics) > 1}
	series := make([]Series, len(b.Topics))
	for i, tp := range b.Topics {
		byYear := make(map[int]Stack)
		series[i] = Series{Name: tp.Name, Query: tp.Query}
		for _, st := range tp.Years {
			if len(st.Counts) != len(b.Parts) {
				return nil, fmt.Errorf("%s %d: %d counts for %d parts", tp.Name, st.Year, len(st.Counts), len(b.Parts))
			}
			total := int64(0)
			for j, n := range st.Counts {
				if n < 0 {
					return nil, fmt.Errorf("%s %d: %s has a negative count, %d", tp.Name, st.Year, partLabel(b.Parts[j]), n)
				}
				total += n
			}
			if _, dup := byYear[st.Year]; dup {
				continue // as normalise does with points: the first wins
			}
			if !(st.NotIndexed > 0 && st.NotIndexed <= 1) { // NaN too
				st.NotIndexed = 0
			}
			byYear[st.Year] = st
			series[i].Points = append(series[i].Points, Point{Year: st.Year, Value: float64(total), Partial: st.Partial, Projected: st.Projected})
		}
		s.stacks = append(s.stacks, byYear)
	}
	if opts.YLabel == "" {
		opts.YLabel = "Publications per year"
		if opts.Share {
			opts.YLabel = "Share of each year's publications"
		}
	}
	opts.Decimals = 0
	if opts.Share {
		opts.NoProjection = true // a share has nothing to project
	}
	c, err := prepare(series, opts)
	if err != nil {
		return nil, err
	}
	c.style, c.share = Bars, opts.Share
	c.findProjections()
	for _, p := range b.Parts {
		s.parts = append(s.parts, c.glyphs.clean(partLabel(p)))
	}
	s.colors = stackColors(len(b.Parts))
	s.c = c
	c.more = s.notes
	return s, nil
}

func partLabel(p Part) string {
	if p.Label != "" {
		return p.Label
	}
	return p.Key
}

// stack is topic i's stack of year y.
func (s *stacked) stack(i, y int) (Stack, bool) {
	st, ok := s.stacks[i][y]
	if ok && (y < s.c.from || y > s.c.to) {
		return Stack{}, false
	}
	return st, ok
}

// total is a stack's count: its parts' sum.
func (st Stack) total() int64 {
	t := int64(0)
	for _, n := range st.Counts {
		t += n
	}
	return t
}

// notes are what a breakdown chart says besides the other charts' notes:
// what the numbers over a share's bars are, which years are hatched and
// why, and that panels have their own scales; shorter when compact.
func (s *stacked) notes(compact bool) []string {
	var out []string
	switch {
	case !s.share || s.c.opts.NoValues:
	case s.noTotals:
		// The shares' totals have no room over the bars: say what
		// 100% stands for here.
		out = append(out, s.totalsNote())
	case compact:
		out = append(out, "Over the bars: publications per year.")
	default:
		out = append(out, "Over each bar: the year's publications, all parts together.")
	}
	if n := s.laggingNote(compact); n != "" {
		out = append(out, n)
	}
	if s.own {
		out = append(out, "Each panel has its own scale: compare the topics' mix, not their heights.")
	}
	return out
}

// totalsNote says, when a share chart has no room for its totals, how
// many publications each bar's 100% stands for: the least and the most of
// a complete year, per topic (up to three) or for all.
func (s *stacked) totalsNote() string {
	lo, hi := int64(-1), int64(0)
	var per []string
	for i, se := range s.c.series {
		tlo, thi := int64(-1), int64(0)
		for y := s.c.from; y <= s.c.to; y++ {
			st, ok := s.stack(i, y)
			if !ok || st.Partial {
				continue
			}
			n := st.total()
			if tlo < 0 || n < tlo {
				tlo = n
			}
			thi = max(thi, n)
		}
		if tlo < 0 {
			continue
		}
		if lo < 0 || tlo < lo {
			lo = tlo
		}
		hi = max(hi, thi)
		r := formatNumber(float64(tlo), 0)
		if thi != tlo {
			r += " to " + formatNumber(float64(thi), 0)
		}
		if len(s.c.series) > 1 {
			r = se.Name + " " + r
		}
		per = append(per, r)
	}
	switch {
	case lo < 0:
		return "Each bar: 100% of the year's publications so far."
	case len(per) <= 3:
		return "Each bar: 100% of the year's publications, " + strings.Join(per, "; ") + " a year."
	}
	return "Each bar: 100% of the year's publications, " + formatNumber(float64(lo), 0) + " to " + formatNumber(float64(hi), 0) + " a year."
}

// laggingNote names the years PubMed has not fully indexed, with the
// share of records not yet indexed where it was measured, and what that
// does to the parts: unindexed records have no publication type or MeSH
// term yet, so they fall to the last part. For more than three topics, or
// when compact, it gives the years and the largest share only.
func (s *stacked) laggingNote(compact bool) string {
	var groups []string
	var years []int
	seen := make(map[int]bool)
	most := 0.0
	for i, se := range s.c.series {
		var ys []string
		for y := s.c.from; y <= s.c.to; y++ {
			st, ok := s.stack(i, y)
			if !ok || !st.Lagging {
				continue
			}
			if !seen[y] {
				seen[y] = true
				years = append(years, y)
			}
			most = math.Max(most, st.NotIndexed)
			switch {
			case st.NotIndexed > 0 && len(groups) == 0 && len(ys) == 0:
				ys = append(ys, fmt.Sprintf("%s of records in %d", percent(st.NotIndexed), y))
			case st.NotIndexed > 0:
				ys = append(ys, fmt.Sprintf("%s in %d", percent(st.NotIndexed), y))
			default:
				ys = append(ys, fmt.Sprint(y))
			}
		}
		if len(ys) == 0 {
			continue
		}
		g := strings.Join(ys, ", ")
		if len(s.c.series) > 1 {
			g = se.Name + " " + g
		}
		groups = append(groups, g)
	}
	if len(groups) == 0 {
		return ""
	}
	rest := s.parts[len(s.parts)-1]
	if compact || len(s.c.series) > 3 {
		sort.Ints(years)
		which := yearList(years)
		if most > 0 {
			which += ", up to " + percent(most) + " of records"
		}
		return fmt.Sprintf("Hatched: not yet fully indexed by PubMed (%s); those records count as %s for now.", which, rest)
	}
	return fmt.Sprintf("Hatched: not yet fully indexed by PubMed (%s); until they are, those records count as %s and the other parts are too low.",
		strings.Join(groups, "; "), rest)
}

// percent writes a share as a whole percentage, "<1%" for a small one.
func percent(f float64) string {
	if f > 0 && f < 0.005 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

// shareTicks are the gridlines of a share axis: 0% to 100%, by 20.
func shareTicks() []tick {
	t := linearTicks(100, false)
	for i := range t {
		t[i].label += "%"
	}
	return t
}
