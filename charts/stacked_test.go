package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/plot/vg"
)

var testParts = []Part{
	{Key: "systematic-reviews", Label: "Systematic reviews & meta-analyses"},
	{Key: "rcts", Label: "Randomized controlled trials"},
	{Key: "reviews", Label: "Narrative reviews"},
	{Key: "case-reports", Label: "Case reports"},
	{Key: "other", Label: "Other"},
}

// topicOf builds a topic from years of counts from from on; a nil year is
// missing.
func topicOf(name string, from int, years ...[]int64) Topic {
	tp := Topic{Name: name, Query: strings.ToLower(name)}
	for i, c := range years {
		if c != nil {
			tp.Years = append(tp.Years, Stack{Year: from + i, Counts: c})
		}
	}
	return tp
}

// grownTopic is a topic of five parts growing by rate from base, its last
// year partial (86% of the way, projected to the full year) and, with the
// year before, not yet fully indexed.
func grownTopic(name string, from, to int, base, rate float64) Topic {
	tp := Topic{Name: name, Query: strings.ToLower(name)}
	for y := from; y <= to; y++ {
		total := math.Round(base * math.Pow(rate, float64(y-from)))
		st := Stack{Year: y}
		if y == to {
			st.Partial, st.Projected, total = true, total, math.Round(total*0.86)
		}
		if y >= to-1 {
			st.Lagging, st.NotIndexed = true, 0.1*float64(y-to+2)
		}
		sum := int64(0)
		for _, f := range []float64{0.03, 0.02, 0.15, 0.01} {
			n := int64(math.Round(total * f))
			st.Counts = append(st.Counts, n)
			sum += n
		}
		st.Counts = append(st.Counts, int64(total)-sum)
		tp.Years = append(tp.Years, st)
	}
	return tp
}

func tiny() Topic {
	return topicOf("Snail mucin", 2019,
		[]int64{0, 0, 0, 0, 1}, []int64{0, 1, 0, 0, 2}, []int64{0, 0, 0, 0, 0}, nil,
		[]int64{1, 0, 2, 1, 2}, []int64{0, 2, 1, 0, 5}, []int64{3, 1, 5, 0, 4})
}

// segment is one drawn part of a stack.
type segment struct {
	part   int
	bounds vg.Rectangle
}

// segments are the parts drawn in [left, right], bottom up, recognised by
// their fills (tinted for a partial year).
func segments(t *testing.T, r *recorder, s *stacked, left, right vg.Length) []segment {
	t.Helper()
	var out []segment
	for _, sh := range r.shapes {
		b := sh.bounds()
		if !sh.fill || !approx(b.Min.X, left) || !approx(b.Max.X, right) || b.Max.Y <= b.Min.Y {
			continue
		}
		for j, c := range s.colors {
			if sameColor(sh.color, c) || sameColor(sh.color, tint(c)) {
				out = append(out, segment{part: j, bounds: b})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].bounds.Min.Y < out[j].bounds.Min.Y })
	return out
}

// readBack maps a height in pn to the value the labelled gridlines give it.
func readBack(t *testing.T, r *recorder, pn panel, labelled vg.Rectangle) func(vg.Length) float64 {
	t.Helper()
	labels := yTickLabels(r, labelled)
	lines := gridlines(r, pn.plot)
	if len(labels) != len(lines) || len(labels) < 4 {
		t.Fatalf("%d tick labels and %d gridlines, want the same number, at least 4", len(labels), len(lines))
	}
	num := func(s string) float64 { return parseLabel(t, strings.TrimSuffix(s, "%")) }
	for i, l := range labels {
		if d := l.y + (l.asc-l.desc)/2 - lines[i]; d > l.size/4 || d < -l.size/4 {
			t.Errorf("tick label %q is %.2fpt off its gridline", l.s, float64(d))
		}
	}
	v0, v1 := num(labels[0].s), num(labels[len(labels)-1].s)
	k := (v1 - v0) / float64(lines[len(lines)-1]-lines[0])
	return func(y vg.Length) float64 { return v0 + k*float64(y-lines[0]) }
}

// firstInRow is the panel whose tick labels pn's row reads.
func firstInRow(p *stackPage, pn panel) panel {
	if pn.ticks {
		return pn
	}
	for _, q := range p.panels {
		if q.ticks && approx(q.plot.Min.Y, pn.plot.Min.Y) && q.plot.Min.X <= pn.plot.Min.X {
			return q
		}
	}
	return pn
}

// Issue 12, charts: every stack has its parts in the breakdown's order
// from the bottom up, each as tall as its count read back through the
// labelled gridlines (or its share, in % of the year); the total over the
// stack is the sum of the parts and states where the stack ends; share
// stacks end exactly on the 100% gridline.
func TestStacks(t *testing.T) {
	tests := []struct {
		name   string
		topics []Topic
		opts   Options
	}{
		{"counts", []Topic{grownTopic("Exosomes", 2015, 2026, 820, 1.1)}, Options{}},
		{"tiny counts", []Topic{tiny()}, Options{}},
		{"huge counts", []Topic{grownTopic("Cancer", 2016, 2026, 48210, 1.05)}, Options{}},
		{"share", []Topic{grownTopic("Exosomes", 2015, 2026, 820, 1.1)}, Options{Share: true}},
		{"share, tiny", []Topic{tiny()}, Options{Share: true}},
		{"three panels", []Topic{grownTopic("A", 2019, 2026, 800, 1.1), grownTopic("B", 2019, 2026, 3000, 1.2), tiny()}, Options{}},
		{"three panels, own scales", []Topic{grownTopic("A", 2019, 2026, 800, 1.1), grownTopic("B", 2019, 2026, 3000, 1.2), tiny()}, Options{OwnScales: true}},
		{"three panels, share", []Topic{grownTopic("A", 2019, 2026, 800, 1.1), grownTopic("B", 2019, 2026, 3000, 1.2), tiny()}, Options{Share: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Title = tt.name
			r, p := drawnBreakdown(t, Breakdown{Parts: testParts, Topics: tt.topics}, tt.opts)
			s := p.s
			checked := 0
			for _, pn := range p.panels {
				value := readBack(t, r, pn, firstInRow(p, pn).plot)
				if tt.opts.Share {
					var got []string
					for _, l := range yTickLabels(r, firstInRow(p, pn).plot) {
						got = append(got, l.s)
					}
					if strings.Join(got, " ") != "0% 20% 40% 60% 80% 100%" {
						t.Errorf("share axis labelled %q, want 0%% to 100%% by 20", got)
					}
				}
				g := newBarGeom(1, p.x, pn.plot)
				for _, st := range tt.topics[pn.topic].Years {
					left, right := g.span(st.Year, 0)
					segs := segments(t, r, s, left, right)
					total := st.total()
					var want []int
					for j, n := range st.Counts {
						if n > 0 {
							want = append(want, j)
						}
					}
					var got []int
					for _, sg := range segs {
						got = append(got, sg.part)
					}
					if !cmp.Equal(got, want) {
						t.Errorf("%s %d: parts bottom up %v, want %v", s.c.series[pn.topic].Name, st.Year, got, want)
						continue
					}
					cum := int64(0)
					for k, sg := range segs {
						if k == 0 && !approx(sg.bounds.Min.Y, pn.y.pos(0, pn.plot)) {
							t.Errorf("%s %d: the stack starts off the baseline", s.c.series[pn.topic].Name, st.Year)
						}
						if k > 0 && !approx(sg.bounds.Min.Y, segs[k-1].bounds.Max.Y) {
							t.Errorf("%s %d: a gap under part %d", s.c.series[pn.topic].Name, st.Year, sg.part)
						}
						cum += st.Counts[sg.part]
						want := float64(cum)
						if tt.opts.Share {
							want = 100 * float64(cum) / float64(total)
						}
						if got := value(sg.bounds.Max.Y); math.Abs(got-want) > 1e-6*math.Max(1, want) {
							t.Errorf("%s %d: part %d ends at %v read off the gridlines, want %v", s.c.series[pn.topic].Name, st.Year, sg.part, got, want)
						}
						checked++
					}
					if len(segs) > 0 && tt.opts.Share {
						hundred := pn.y.pos(100, pn.plot)
						if top := segs[len(segs)-1].bounds.Max.Y; top != hundred {
							t.Errorf("%s %d: share stack ends at %v, the 100%% gridline is at %v", s.c.series[pn.topic].Name, st.Year, top, hundred)
						}
					}
					if lines, ok := pn.totals[[2]int{pn.topic, st.Year}]; ok {
						if got, want := strings.Fields(lines[0])[0], formatNumber(float64(total), 0); got != want {
							t.Errorf("%s %d: total %q over the stack, its parts add up to %s", s.c.series[pn.topic].Name, st.Year, got, want)
						}
						if !tt.opts.Share && len(segs) > 0 && math.Abs(value(segs[len(segs)-1].bounds.Max.Y)-float64(total)) > 1e-6*float64(total) {
							t.Errorf("%s %d: the stack does not end at its total", s.c.series[pn.topic].Name, st.Year)
						}
						if len(r.find(strings.Join(lines, " "))) == 0 && len(r.find(lines[0])) == 0 {
							t.Errorf("%s %d: total %q not drawn", s.c.series[pn.topic].Name, st.Year, lines)
						}
					}
				}
			}
			if checked == 0 {
				t.Fatal("no part checked")
			}
		})
	}
}

// hatched reports whether 45° strokes are drawn inside [left, right].
func hatched(r *recorder, left, right vg.Length) bool {
	for _, sh := range r.shapes {
		if sh.fill || len(sh.pts) != 2 {
			continue
		}
		a, b := sh.pts[0], sh.pts[1]
		if a.X >= left-0.01 && b.X <= right+0.01 && b.X > a.X && approx(b.X-a.X, b.Y-a.Y) {
			return true
		}
	}
	return false
}

// Issue 12, charts: a missing year is a × in its slot, never a zero; a
// year of no records is a stub; partial years are tinted in a dashed
// outline that rises to the projection on counts (not on shares), their
// total "so far"; years not fully indexed are hatched, the others not,
// and the footer says which and how much.
func TestStackMarks(t *testing.T) {
	ex := grownTopic("Exosomes", 2018, 2026, 820, 1.1)
	ex.Years = append(ex.Years[:2:2], ex.Years[3:]...) // 2020 missing
	for _, share := range []bool{false, true} {
		t.Run(fmt.Sprint("share=", share), func(t *testing.T) {
			b := Breakdown{Parts: testParts, Topics: []Topic{ex, tiny()}}
			r, p := drawnBreakdown(t, b, Options{Title: "Marks", Share: share, PartialNote: "to 26 Nov"})
			all := texts(r)
			for _, pn := range p.panels {
				g := newBarGeom(1, p.x, pn.plot)
				tp := b.Topics[pn.topic]
				for y := p.x.from; y <= p.x.to; y++ {
					left, right := g.span(y, 0)
					st, ok := p.s.stack(pn.topic, y)
					segs := segments(t, r, p.s, left, right)
					if got := slotCross(r, left, right); got == ok {
						t.Errorf("%s %d: × in its slot = %v, want %v", tp.Name, y, got, !ok)
					}
					if !ok {
						if len(segs) > 0 {
							t.Errorf("%s %d is missing but has parts drawn", tp.Name, y)
						}
						continue
					}
					if got := hatched(r, left, right); got != st.Lagging {
						t.Errorf("%s %d: hatched = %v, want %v", tp.Name, y, got, st.Lagging)
					}
					for _, sg := range segs {
						var shape recShape
						for _, sh := range r.shapes {
							if sh.fill && sh.bounds() == sg.bounds {
								shape = sh
							}
						}
						if want := p.s.colors[sg.part]; st.Partial {
							if !sameColor(shape.color, tint(want)) {
								t.Errorf("%s %d: part %d of the partial year is not tinted", tp.Name, y, sg.part)
							}
						} else if !sameColor(shape.color, want) {
							t.Errorf("%s %d: part %d is not in its colour", tp.Name, y, sg.part)
						}
					}
					if st.total() == 0 && len(segs) == 0 {
						stub := false
						for _, sh := range r.shapes {
							if b := sh.bounds(); sh.fill && approx(b.Min.X, left) && approx(b.Max.X, right) && b.Max.Y > b.Min.Y {
								stub = true
							}
						}
						if !stub {
							t.Errorf("%s %d: no records, and no stub on the baseline", tp.Name, y)
						}
					}
					if !st.Partial {
						continue
					}
					outline := vg.Length(0)
					for _, sh := range r.shapes {
						if b := sh.bounds(); !sh.fill && sh.dashes != nil && approx(b.Min.X, left) && approx(b.Max.X, right) {
							outline = b.Max.Y
						}
					}
					want := pn.y.pos(100, pn.plot)
					if !share {
						want = pn.y.pos(math.Max(st.Projected, float64(st.total())), pn.plot)
					}
					if !approx(outline, want) {
						t.Errorf("%s %d: dashed outline up to %.2f, want %.2f (share %v)", tp.Name, y, float64(outline), float64(want), share)
					}
				}
			}
			for _, want := range []string{"×: no data for Exosomes 2020; Snail mucin 2018, 2022, 2026.", "Hatched: not yet fully indexed by PubMed (Exosomes 10% of records in 2025, 20% in 2026); until they are, those records count as Other"} {
				if !strings.Contains(all, want) {
					t.Errorf("footer lacks %q: %q", want, all)
				}
			}
			if share != strings.Contains(all, "Over each bar: the year's publications") {
				t.Errorf("share %v: the footer explains the totals over share bars: %v", share, !share)
			}
		})
	}
}

// Issue 12, charts: one legend, its entries from the top of the stack
// down, each in its part's colour; beside the panels where they keep most
// of the width, above them (in the same order, reading left to right, row
// by row) where not.
func TestStackLegend(t *testing.T) {
	for _, tt := range []struct {
		w, h, topics int
		beside       bool
	}{{1600, 900, 1, true}, {600, 400, 1, true}, {1600, 900, 3, false}, {1200, 900, 5, false}} {
		t.Run(fmt.Sprintf("%d×%d, %d topics", tt.w, tt.h, tt.topics), func(t *testing.T) {
			b := Breakdown{Parts: testParts}
			for i := range tt.topics {
				b.Topics = append(b.Topics, grownTopic(fmt.Sprint("Topic ", i+1), 2015, 2026, 820, 1.1))
			}
			r, p := drawnBreakdown(t, b, Options{Title: "Legend", Width: tt.w, Height: tt.h})
			if p.beside != tt.beside {
				t.Errorf("legend beside the panels: %v, want %v", p.beside, tt.beside)
			}
			// Swatches are the small filled blocks in the legend's place.
			var swatches []recShape
			for _, sh := range r.shapes {
				bb := sh.bounds()
				if !sh.fill || (p.beside && bb.Min.X < p.grid.Max.X) || (!p.beside && bb.Max.Y < p.grid.Max.Y) || bb.Max.Y > p.h-p.margin {
					continue
				}
				swatches = append(swatches, sh)
			}
			sort.SliceStable(swatches, func(i, j int) bool {
				a, b := swatches[i].bounds(), swatches[j].bounds()
				if !approx(a.Max.Y, b.Max.Y) {
					return a.Max.Y > b.Max.Y
				}
				return a.Min.X < b.Min.X
			})
			if len(swatches) != len(testParts) {
				t.Fatalf("%d legend swatches, want %d", len(swatches), len(testParts))
			}
			for k, sw := range swatches {
				j := len(testParts) - 1 - k
				if !sameColor(sw.color, p.s.colors[j]) {
					t.Errorf("legend entry %d is not in the colour of part %d (%s), the %s from the top of the stack", k, j, testParts[j].Label, ordinal(k+1))
				}
				// Its name follows it on the same line.
				name := strings.Fields(testParts[j].Label)[0]
				found := false
				for _, tx := range r.texts {
					bb := sw.bounds()
					if strings.HasPrefix(tx.s, name) && tx.x > bb.Max.X && tx.x < bb.Max.X+p.t.len(10) && tx.y < bb.Max.Y+tx.size && tx.y > bb.Min.Y-tx.size {
						found = true
					}
				}
				if !found {
					t.Errorf("legend swatch %d is not followed by %q", k, testParts[j].Label)
				}
			}
		})
	}
}

func ordinal(n int) string {
	return map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}[n]
}

// panelExtent is what a panel draws: its plot, its tick labels if any,
// its title above and its year labels below.
func panelExtent(p *stackPage, pn panel) vg.Rectangle {
	r := pn.plot
	if pn.ticks {
		r.Min.X -= pn.y.labelWidth(p.t) + tickGap(p.t)
	}
	r.Min.Y -= p.xAxisH
	r.Max.Y = pn.top
	return r
}

// Issue 12, charts: several topics are small multiples: panels in a grid
// of up to three columns that do not overlap and stay inside the chart,
// one legend; all share one year axis; shares and, by default, counts
// share the y axis too, labelled once per row; with OwnScales each panel
// has its own, labelled, and the footer says so. No two strings of the
// chart overlap.
func TestSmallMultiples(t *testing.T) {
	three := []Topic{grownTopic("Exosomes", 2015, 2026, 820, 1.1), grownTopic("Extracellular vesicles", 2015, 2026, 1200, 1.21), tiny()}
	var six []Topic
	for i := range 6 {
		six = append(six, grownTopic(fmt.Sprint("Topic ", i+1), 2010, 2026, 100*float64(i+1), 1.1))
	}
	for _, tt := range []struct {
		name   string
		topics []Topic
		opts   Options
		shared bool
	}{
		{"three, counts", three, Options{}, true},
		{"three, share", three, Options{Share: true}, true},
		{"three, own scales", three, Options{OwnScales: true}, false},
		{"three, share ignores own scales", three, Options{Share: true, OwnScales: true}, true},
		{"six, counts", six, Options{}, true},
		{"six, share, 1200×900", six, Options{Share: true, Width: 1200, Height: 900}, true},
		{"long names", []Topic{grownTopic("Exosomes and extracellular vesicles in cancer diagnosis and therapy", 2015, 2026, 820, 1.1), grownTopic("CRISPR", 2015, 2026, 1200, 1.21), tiny()}, Options{}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := fullOpts
			o.Share, o.OwnScales, o.Width, o.Height = tt.opts.Share, tt.opts.OwnScales, tt.opts.Width, tt.opts.Height
			r, p := drawnBreakdown(t, Breakdown{Parts: testParts, Topics: tt.topics}, o)
			if len(p.panels) != len(tt.topics) {
				t.Fatalf("%d panels for %d topics", len(p.panels), len(tt.topics))
			}
			cols := make(map[vg.Length]bool)
			for i, a := range p.panels {
				ea := panelExtent(p, a)
				cols[a.plot.Min.X] = true
				if ea.Min.X < 0 || ea.Max.X > p.w || ea.Min.Y < 0 || ea.Max.Y > p.h {
					t.Errorf("panel %d runs off the chart", i)
				}
				for _, b := range p.panels[i+1:] {
					if overlap(ea, panelExtent(p, b)) {
						t.Errorf("panels %s and %s overlap", p.s.c.series[a.topic].Name, p.s.c.series[b.topic].Name)
					}
				}
				if !approx(a.plot.Max.X-a.plot.Min.X, p.panels[0].plot.Max.X-p.panels[0].plot.Min.X) || !approx(a.plot.Max.Y-a.plot.Min.Y, p.panels[0].plot.Max.Y-p.panels[0].plot.Min.Y) {
					t.Errorf("panel %d is not the size of the first", i)
				}
				var title []string
				for _, tx := range r.texts {
					if tx.bold && tx.x >= a.plot.Min.X-0.01 && tx.x < a.plot.Max.X && tx.y > a.plot.Max.Y && tx.y < a.top {
						title = append(title, tx.s)
					}
				}
				if got, want := strings.Join(title, " "), tt.topics[a.topic].Name; got != want {
					t.Errorf("panel %d is titled %q, want %q whole", i, got, want)
				}
				same := cmp.Equal(a.y.ticks, p.panels[0].y.ticks, cmp.AllowUnexported(tick{}))
				if tt.shared && !same {
					t.Errorf("panel %d has its own y axis %v, want the shared %v", i, a.y.ticks, p.panels[0].y.ticks)
				}
				// Tick labels: on every panel with its own scale, else on
				// the first of each row only.
				first := true
				for _, b := range p.panels {
					if approx(b.plot.Min.Y, a.plot.Min.Y) && b.plot.Min.X < a.plot.Min.X {
						first = false
					}
				}
				labels := yTickLabels(r, a.plot)
				if want := first || !tt.shared; (len(labels) > 0) != want {
					t.Errorf("panel %d: %d tick labels, want labels: %v", i, len(labels), want)
				}
			}
			if len(cols) > maxColumns {
				t.Errorf("%d columns, want at most %d", len(cols), maxColumns)
			}
			if !tt.shared {
				if cmp.Equal(p.panels[0].y.ticks, p.panels[2].y.ticks, cmp.AllowUnexported(tick{})) {
					t.Errorf("own scales: a topic of 13 and one of 2,000 share the axis %v", p.panels[0].y.ticks)
				}
				if !hasText(r, "Each panel has its own scale") {
					t.Errorf("own scales are not said in the footer")
				}
			}
			if n := len(r.find("Other")); n != 1 {
				t.Errorf("the legend is drawn %d times, want once", n)
			}
			noOverlappingText(t, r)
		})
	}
}

// EvidenceParts are the evidence breakdown's seven parts, as the report
// package passes them, and EvidenceNotes the caveats it puts in the
// footer with them; exported for the gallery's tests.
var (
	EvidenceParts = []Part{
		{Key: "systematic-reviews", Label: "Systematic reviews & meta-analyses"},
		{Key: "rcts", Label: "Randomized controlled trials"},
		{Key: "other-trials", Label: "Other clinical trials"},
		{Key: "observational", Label: "Observational studies"},
		{Key: "reviews", Label: "Narrative reviews"},
		{Key: "case-reports", Label: "Case reports"},
		{Key: "other", Label: "Other"},
	}
	EvidenceNotes = []string{
		"Systematic reviews & meta-analyses: Systematic Review is a publication type since 2019, applied back to older records.",
		"Observational studies: PubMed tags Observational Study only since 2014; earlier ones count as other.",
		"Case reports: PubMed tags Case Reports only since 2004; earlier ones count as other.",
	}
)

// sevenParts splits a topic of testParts' five into evidence's seven: the
// third part in two, the case reports and a part of the rest as
// observational studies.
func sevenParts(tp Topic) Topic {
	out := tp
	out.Years = nil
	for _, st := range tp.Years {
		c := st.Counts
		st.Counts = []int64{c[0], c[1], c[2] / 2, c[3], c[2] - c[2]/2, c[3], c[4] - min(c[4], c[3])}
		out.Years = append(out.Years, st)
	}
	return out
}

// legendClear fails if the legend runs into the footer: every legend
// string is above the footer's first line.
func legendClear(t *testing.T, r *recorder, p *stackPage) {
	t.Helper()
	footerTop := p.margin + blocksHeight(p.footer)
	for _, it := range p.legend.items {
		for _, l := range it.lines {
			for _, tx := range r.find(l) {
				if tx.y-tx.desc < footerTop {
					t.Errorf("legend entry %q reaches %.1f, into the footer at %.1f", l, float64(tx.y-tx.desc), float64(footerTop))
				}
			}
		}
	}
}

// noOverlappingText fails for any two drawn strings whose ink boxes
// overlap.
func noOverlappingText(t *testing.T, r *recorder) {
	t.Helper()
	for i, a := range r.texts {
		for _, b := range r.texts[i+1:] {
			if overlap(a.box(), b.box()) {
				t.Errorf("%q and %q overlap", a.s, b.s)
			}
		}
	}
}

// Issue 12 with issue 11 §4 and the editor's review §11: one topic draws
// at every size down to 600×400, its plot keeping half the height, its
// legend clear of the footer; several panels that would be too small are
// refused with ErrTooSmall and a height that does draw.
func TestStackSizes(t *testing.T) {
	one := func(tp Topic) []Topic { return []Topic{tp} }
	for _, size := range [][2]int{{600, 400}, {800, 450}, {1600, 900}, {3200, 1800}} {
		for _, tt := range []struct {
			name   string
			topics []Topic
			share  bool
		}{
			{"evidence", one(grownTopic("Exosomes", 2015, 2026, 820, 1.1)), false},
			{"share", one(grownTopic("Exosomes", 2015, 2026, 820, 1.1)), true},
			{"37 years", one(grownTopic("CRISPR", 1990, 2026, 2, 1.3)), false},
			{"tiny", one(tiny()), false},
			{"evidence, seven parts", one(sevenParts(grownTopic("Exosomes", 2015, 2026, 820, 1.1))), false},
			{"tiny, seven parts", one(sevenParts(tiny())), false},
		} {
			t.Run(fmt.Sprintf("%s %d×%d", tt.name, size[0], size[1]), func(t *testing.T) {
				o := fullOpts
				o.Width, o.Height, o.Share = size[0], size[1], tt.share
				parts := testParts
				if len(tt.topics[0].Years[0].Counts) == len(EvidenceParts) {
					parts, o.Footer = EvidenceParts, append(append([]string(nil), EvidenceNotes...), o.Footer...)
				}
				r, p := drawnBreakdown(t, Breakdown{Parts: parts, Topics: tt.topics}, o)
				pn := p.panels[0]
				if plot := pn.plot.Max.Y - pn.plot.Min.Y; plot < p.h/2 {
					t.Errorf("the plot is %.0f%% of the height, want at least half", float64(100*plot/p.h))
				}
				noOverlappingText(t, r)
				legendClear(t, r, p)
			})
		}
	}
	var three []Topic
	for i := range 3 {
		three = append(three, grownTopic(fmt.Sprint("Topic ", i+1), 2015, 2026, 820, 1.1))
	}
	o := fullOpts
	o.Width, o.Height = 600, 400
	err := RenderBreakdown(io.Discard, Breakdown{Parts: testParts, Topics: three}, o)
	var h int
	if !errors.Is(err, ErrTooSmall) {
		t.Fatalf("RenderBreakdown(three topics, 600×400) = %v, want ErrTooSmall", err)
	}
	if _, e := fmt.Sscanf(err.Error()[strings.Index(err.Error(), "at 600"):], "at 600 pixels wide, make it at least %d high", &h); e != nil {
		t.Fatalf("the error does not say what height would do: %v", err)
	}
	o.Height = h
	if err := RenderBreakdown(io.Discard, Breakdown{Parts: testParts, Topics: three}, o); err != nil {
		t.Errorf("RenderBreakdown(three topics, 600×%d), the height the error gave: %v", h, err)
	}
	o.Height = h - 50
	if err := RenderBreakdown(io.Discard, Breakdown{Parts: testParts, Topics: three}, o); !errors.Is(err, ErrTooSmall) {
		t.Errorf("RenderBreakdown(three topics, 600×%d), 50 less than the error gave: %v, want ErrTooSmall", h-50, err)
	}
}

// The editor's review §1: the footer describes only marks that are drawn.
// A share chart whose totals fit over its bars says what they are; one
// where they do not (three panels, or 37 years at 600 pixels) does not
// mention them, and says instead how many publications a bar's 100% is.
func TestStackFooterTruth(t *testing.T) {
	three := []Topic{grownTopic("Exosomes", 2015, 2026, 820, 1.1), grownTopic("Extracellular vesicles", 2015, 2026, 1200, 1.21), tiny()}
	for _, tt := range []struct {
		name   string
		topics []Topic
		w, h   int
	}{
		{"one topic", three[:1], 1600, 900},
		{"one topic, 600", three[:1], 600, 400},
		{"three topics", three, 1600, 900},
		{"three topics, 1200", three, 1200, 900},
		{"37 years, 600", []Topic{grownTopic("CRISPR", 1990, 2026, 2, 1.3)}, 600, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, p := drawnBreakdown(t, Breakdown{Parts: testParts, Topics: tt.topics}, Options{Title: "Truth", Share: true, Width: tt.w, Height: tt.h})
			drawn := 0
			for _, pn := range p.panels {
				for key, lines := range pn.totals {
					if key[0] == pn.topic && len(r.find(lines[0])) > 0 {
						drawn++
					}
				}
			}
			all := texts(r)
			says := strings.Contains(all, "Over each bar") || strings.Contains(all, "Over the bars")
			if says != (drawn > 0) {
				t.Errorf("%d totals drawn over the bars; the footer explains them: %v", drawn, says)
			}
			if drawn == 0 && !strings.Contains(all, "Each bar: 100% of the year's publications") {
				t.Errorf("no totals drawn, and the footer does not say what 100%% is: %q", all)
			}
		})
	}
}

// Issue 12 with issue 11 §9: totals go over every stack or over none: on
// a short range they fit, on 37 years at 600 pixels they do not.
func TestStackTotals(t *testing.T) {
	for _, tt := range []struct {
		name   string
		topic  Topic
		w, h   int
		totals bool
	}{
		{"12 years", grownTopic("Exosomes", 2015, 2026, 820, 1.1), 1600, 900, true},
		{"5 years, small", grownTopic("Long COVID", 2022, 2026, 900, 1.35), 600, 400, true},
		{"37 years, small", grownTopic("CRISPR", 1990, 2026, 2, 1.3), 600, 400, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, p := drawnBreakdown(t, Breakdown{Parts: testParts, Topics: []Topic{tt.topic}}, Options{Title: "Totals", Width: tt.w, Height: tt.h})
			n := 0
			for _, st := range tt.topic.Years {
				want := formatNumber(float64(st.total()), 0)
				for _, tx := range r.texts {
					if strings.HasPrefix(tx.s, want) && tx.y > p.panels[0].plot.Min.Y {
						n++
						break
					}
				}
			}
			if tt.totals && n != len(tt.topic.Years) || !tt.totals && len(p.panels[0].totals) > 0 {
				t.Errorf("%d of %d stacks have their total over them, want all: %v, none: %v", n, len(tt.topic.Years), tt.totals, !tt.totals)
			}
		})
	}
}

// Issue 12 and the editor's review §8, palette: the parts on the ramp
// darken towards the bottom of the stack (an order in colour and in grey);
// the rest is a neutral grey lighter than every part, by 6 L* at least so
// that it differs in grey too, and shows on white; every pair of parts,
// adjacent or not, stays apart in CIEDE2000 in normal vision and in
// simulated colour blindness, in the partial year's tint too.
func TestStackColors(t *testing.T) {
	type floor struct{ normal, red, blue float64 } // red: protanopia and deuteranopia; blue: tritanopia
	floors := func(n int, tinted bool) floor {
		switch {
		case n <= 7 && !tinted:
			return floor{15, 10, 8}
		case n <= 7:
			return floor{13, 8.5, 6.5}
		case !tinted:
			return floor{13, 8.5, 7}
		}
		return floor{11, 7, 5.5}
	}
	for n := 2; n <= maxParts; n++ {
		cs := stackColors(n)
		if len(cs) != n {
			t.Fatalf("stackColors(%d) gives %d colours", n, len(cs))
		}
		rest := cs[n-1]
		if rest.R != rest.G || rest.G != rest.B {
			t.Errorf("stackColors(%d): the rest %v is not a neutral grey", n, rest)
		}
		lRest, _, _ := cieLab(rest)
		for j := 0; j+1 < n; j++ {
			if j+1 < n-1 && luminance(cs[j]) >= luminance(cs[j+1]) {
				t.Errorf("stackColors(%d): part %d is not darker than part %d above it", n, j, j+1)
			}
			if l, _, _ := cieLab(cs[j]); lRest-l < 6 {
				t.Errorf("stackColors(%d): part %d is %.1f L* darker than the rest, want 6", n, j, lRest-l)
			}
		}
		for j, c := range cs {
			if contrast(c, white) < 1.4 {
				t.Errorf("stackColors(%d): part %d has %.2f:1 on white, too faint to see", n, j, contrast(c, white))
			}
		}
		for _, tinted := range []bool{false, true} {
			f := floors(n, tinted)
			for i := range n {
				for j := i + 1; j < n; j++ {
					a, b := cs[i], cs[j]
					if tinted {
						a, b = tint(a), tint(b)
					}
					for _, v := range visions {
						want := map[string]float64{"normal": f.normal, "protanopia": f.red, "deuteranopia": f.red, "tritanopia": f.blue}[v.name]
						if d := deltaE(v.see(a), v.see(b)); d < want {
							t.Errorf("stackColors(%d), tinted %v, %s: parts %d and %d differ by ΔE %.1f, want %v", n, tinted, v.name, i, j, d, want)
						}
					}
				}
			}
		}
	}
}

// The editor's review §8, hatching: on every part, full or tinted, the
// hatching is visible (ΔE 8 at least), of the part's own hue, and so thin
// that the hatched part's overall colour stays within ΔE 5 of the part's:
// it does not read as another category.
func TestHatching(t *testing.T) {
	cover := hatchWidth / (hatchGap / math.Sqrt2) // of a 45° hatch
	for _, base := range stackColors(maxParts - 1) {
		for _, c := range []color.NRGBA{base, tint(base)} {
			h := hatchColor(c)
			if d := deltaE(c, h); d < 8 {
				t.Errorf("hatching on %v differs by ΔE %.1f: not visible", c, d)
			}
			mix := func(a, b uint8) uint8 { return gamma((1-cover)*linear(a) + cover*linear(b)) }
			seen := color.NRGBA{mix(c.R, h.R), mix(c.G, h.G), mix(c.B, h.B), 0xFF}
			if d := deltaE(c, seen); d > 5 {
				t.Errorf("hatched %v looks like %v, ΔE %.1f away: another category", c, seen, d)
			}
			_, a1, b1 := cieLab(c)
			_, a2, b2 := cieLab(h)
			if math.Hypot(a1, b1) > 10 {
				d := math.Abs(math.Atan2(b1, a1)-math.Atan2(b2, a2)) * 180 / math.Pi
				if d > 180 {
					d = 360 - d
				}
				if d > 15 {
					t.Errorf("hatching on %v is %.0f° of hue away", c, d)
				}
			} else if math.Hypot(a2, b2) > 2 {
				t.Errorf("hatching on the grey %v is not grey: %v", c, h)
			}
		}
	}
}

// Issue 12 with issue 11 §2: a breakdown's text comes out of the PDF and
// the SVG as it was drawn, bold where it is bold.
func TestStackPDFText(t *testing.T) {
	b := Breakdown{Parts: append(append([]Part(nil), testParts[:4]...), Part{Key: "other"}), Topics: []Topic{
		grownTopic("Exosomen · Vesikel", 2019, 2026, 820, 1.1),
		grownTopic("Größe – Δμ", 2019, 2026, 120, 1.2),
	}}
	opts := fullOpts
	opts.Share = true
	opts.Footer = append(opts.Footer, "Case reports: a publication type since 2004 – earlier ones count as other.")
	rec, _ := drawnBreakdown(t, b, opts)
	want := rec.pdfTexts()
	var wantSVG []string
	for _, tx := range rec.texts {
		wantSVG = append(wantSVG, tx.s)
	}
	if len(rec.find("other")) != 1 {
		t.Errorf("a part without a label is not named by its key in the legend")
	}
	for _, f := range []Format{PDF, SVG} {
		opts.Format = f
		var buf bytes.Buffer
		if err := RenderBreakdown(&buf, b, opts); err != nil {
			t.Fatal(err)
		}
		var diff string
		if f == PDF {
			diff = cmp.Diff(want, pdfStrings(t, buf.Bytes()), cmp.AllowUnexported(pdfText{}))
		} else {
			diff = cmp.Diff(wantSVG, svgStrings(t, buf.Bytes()))
		}
		if diff != "" {
			t.Errorf("%s text differs from what was drawn (-drawn +%s):\n%s", f, f, diff)
		}
	}
}

func TestRenderBreakdownErrors(t *testing.T) {
	ok := grownTopic("Exosomes", 2019, 2026, 820, 1.1)
	many := make([]Topic, maxPanels+1)
	for i := range many {
		many[i] = ok
	}
	short := topicOf("Short", 2020, []int64{1, 2, 3})
	negative := topicOf("Negative", 2020, []int64{1, 2, 3, -1, 5})
	for _, tt := range []struct {
		name string
		b    Breakdown
		opts Options
		want error  // or
		msg  string // in the error
	}{
		{"log", Breakdown{Parts: testParts, Topics: []Topic{ok}}, Options{Log: true}, ErrLogBars, ""},
		{"no years", Breakdown{Parts: testParts, Topics: []Topic{{Name: "Empty"}}}, Options{}, ErrNoData, ""},
		{"no years in range", Breakdown{Parts: testParts, Topics: []Topic{ok}}, Options{From: 1990, To: 1995}, ErrNoData, ""},
		{"one part", Breakdown{Parts: testParts[:1], Topics: []Topic{ok}}, Options{}, nil, "at least two parts"},
		{"nine parts", Breakdown{Parts: make([]Part, 9), Topics: []Topic{ok}}, Options{}, ErrTooManyParts, ""},
		{"ten topics", Breakdown{Parts: testParts, Topics: many}, Options{}, ErrTooManyPanels, ""},
		{"counts short of the parts", Breakdown{Parts: testParts, Topics: []Topic{short}}, Options{}, nil, "Short 2020: 3 counts for 5 parts"},
		{"negative count", Breakdown{Parts: testParts, Topics: []Topic{negative}}, Options{}, nil, "Negative 2020: Case reports has a negative count, -1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := RenderBreakdown(io.Discard, tt.b, tt.opts)
			switch {
			case err == nil:
				t.Errorf("RenderBreakdown succeeded, want an error")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("RenderBreakdown = %v, want %v", err, tt.want)
			case tt.msg != "" && !strings.Contains(err.Error(), tt.msg):
				t.Errorf("RenderBreakdown = %v, want it to say %q", err, tt.msg)
			}
		})
	}
}

// Projections and shares that cannot be drawn are left out, never drawn
// off the chart or printed as NaN.
func TestStackOddValues(t *testing.T) {
	a := grownTopic("A", 2019, 2026, 820, 1.1)
	b := grownTopic("B", 2019, 2026, 820, 1.1)
	a.Years[len(a.Years)-1].Projected = math.Inf(1)
	a.Years[len(a.Years)-2].NotIndexed = math.NaN()
	b.Years[len(b.Years)-2].NotIndexed = 7
	r, _ := drawnBreakdown(t, Breakdown{Parts: testParts, Topics: []Topic{a, b}}, Options{Title: "Odd"})
	for _, sh := range r.shapes {
		if bb := sh.bounds(); bb.Min.X < 0 || bb.Min.Y < 0 || bb.Max.X > r.w || bb.Max.Y > r.h {
			t.Errorf("a shape runs off the chart: %v", bb)
		}
	}
	if all := texts(r); strings.Contains(all, "NaN") || strings.Contains(all, "700%") || !strings.Contains(all, "Hatched") {
		t.Errorf("the notes print what cannot be: %q", all)
	}
}
