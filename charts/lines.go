package charts

import (
	"math"
	"sort"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// lineMarks are the strokes and markers of the line series, placed
// before anything is drawn, so that they can be drawn in layers and the
// open markers kept off the other series' marks.
type lineMarks struct {
	runs    [][]vg.Point // solid runs of complete years
	runOf   []int        // their series
	proj    [][2]vg.Point
	projOf  []int
	filled  []vg.Point
	fillOf  []int
	open    []vg.Point // partial years, after dodging
	openOf  []int
	radius  vg.Length
	missing []int // years some series has no point for
}

// lineMarks places every series' runs, projections and markers in p's
// plot: a marker per year where the years have room for them, else the
// last of each line (its shape is in the legend), the one before a
// partial year and lone points.
func (p *page) lineMarks() lineMarks {
	r := p.plot
	lm := lineMarks{radius: p.t.len(2.2)}
	markers := p.x.perYear(r) >= lm.radius*8
	for y := p.c.from; y <= p.c.to; y++ {
		for _, s := range p.c.series {
			if _, ok := s.point(y); !ok {
				lm.missing = append(lm.missing, y)
				break
			}
		}
	}
	at := func(y int, v float64) vg.Point {
		return vg.Point{X: p.x.pos(float64(y), r), Y: p.y.pos(v, r)}
	}
	drawable := func(v float64) bool { return !p.y.log || v > 0 }
	for i, s := range p.c.series {
		var run []vg.Point
		flush := func() {
			if len(run) > 1 {
				lm.runs, lm.runOf = append(lm.runs, run), append(lm.runOf, i)
			}
			run = nil
		}
		last := len(s.Points) - 1
		for j, pt := range s.Points {
			joined := j > 0 && s.Points[j-1].Year == pt.Year-1 && !s.Points[j-1].Partial && drawable(s.Points[j-1].Value)
			switch {
			case !drawable(pt.Value):
				flush()
				continue
			case pt.Partial:
				flush()
				if joined && p.c.project && pt.Projected > pt.Value {
					prev := s.Points[j-1]
					lm.proj = append(lm.proj, [2]vg.Point{at(prev.Year, prev.Value), at(pt.Year, pt.Projected)})
					lm.projOf = append(lm.projOf, i)
				}
				lm.open, lm.openOf = append(lm.open, at(pt.Year, pt.Value)), append(lm.openOf, i)
				continue
			default:
				if !joined {
					flush()
				}
				run = append(run, at(pt.Year, pt.Value))
			}
			alone := (j == 0 || s.Points[j-1].Year != pt.Year-1) && (j == last || s.Points[j+1].Year != pt.Year+1)
			if markers || j == last || alone || (j == last-1 && s.Points[last].Partial) {
				lm.filled, lm.fillOf = append(lm.filled, at(pt.Year, pt.Value)), append(lm.fillOf, i)
			}
		}
		flush()
	}
	var leaders [][2]vg.Point
	for _, l := range p.labels {
		if a, b, ok := p.leader(l); ok {
			leaders = append(leaders, [2]vg.Point{a, b})
		}
	}
	lm.dodge(r, leaders)
	return lm
}

// dodgeStep is how far an open marker moves aside at a time, in marker
// radii; lines keep room for one step right of the last year.
const dodgeStep = 2.7

// dodge moves each open marker sideways, a marker's width at a time, off
// the marks of the other series: their markers, the ends of their
// projections (where a reader looks for the line's own marker), and off
// every line and leader. An open marker on another series' projection end
// reads as that series' count so far, one under another's marker is
// hidden, and one on a line reads as a point of it. It moves left first,
// under its own projection, where it stays clear of the labels right of
// the plot, then right, into the room kept after the last year; if no
// place is clear it takes the clearest.
func (lm *lineMarks) dodge(r vg.Rectangle, leaders [][2]vg.Point) {
	// Clear of a line by 1.6 radii, of a marker by 2.6 (they do not
	// touch), of a projection's end by 3.4 (it does not point at it):
	// distances are scaled so that one threshold serves all three.
	clearLine := 1.6 * lm.radius
	clearance := func(i int, c vg.Point, placed int, home bool) vg.Length {
		d := clearLine * 10
		pt := func(q vg.Point, of int, clear float64) {
			if of != i {
				d = min(d, vg.Length(math.Hypot(float64(q.X-c.X), float64(q.Y-c.Y))*1.6/clear))
			}
		}
		for k, q := range lm.filled {
			pt(q, lm.fillOf[k], 2.6)
		}
		for k, pr := range lm.proj {
			pt(pr[1], lm.projOf[k], 3.4)
		}
		for k := range placed {
			pt(lm.open[k], lm.openOf[k], 2.6)
		}
		// At home, its own line and projection are where they belong;
		// moved aside, it keeps off them too.
		seg := func(a, b vg.Point, of int) {
			if of != i || !home {
				d = min(d, segmentDistance(c, a, b))
			}
		}
		for _, l := range leaders {
			seg(l[0], l[1], -1)
		}
		for k, run := range lm.runs {
			for j := 1; j < len(run); j++ {
				seg(run[j-1], run[j], lm.runOf[k])
			}
		}
		for k, pr := range lm.proj {
			seg(pr[0], pr[1], lm.projOf[k])
		}
		return d
	}
	step := dodgeStep * lm.radius
	for k := range lm.open {
		home := lm.open[k]
		best, bestD := home, vg.Length(-1)
		for _, n := range []float64{0, -1, -2, 1} {
			c := vg.Point{X: home.X + vg.Length(n)*step, Y: home.Y}
			if c.X-lm.radius < r.Min.X || c.X > r.Max.X {
				continue
			}
			d := clearance(lm.openOf[k], c, k, n == 0)
			if d >= clearLine {
				best = c
				break
			}
			if d > bestD {
				best, bestD = c, d
			}
		}
		lm.open[k] = best
	}
}

// segmentDistance is the distance from c to the segment a–b.
func segmentDistance(c, a, b vg.Point) vg.Length {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Min(1, math.Max(0, (float64(c.X-a.X)*dx+float64(c.Y-a.Y)*dy)/l))
	}
	return vg.Length(math.Hypot(float64(a.X)+t*dx-float64(c.X), float64(a.Y)+t*dy-float64(c.Y)))
}

// drawLines draws the line series in layers: the × of missing years, every
// series' solid line, then the dashed projections, then the filled
// markers, then the open markers of partial years on top of all, so that
// no other series' line crosses a marker and reads as its own. A partial
// year is an open marker off the line, which goes on, dashed, to the
// projection, so it never dives at the end.
func (p *page) drawLines(dc draw.Canvas) {
	r := p.plot
	lm := p.lineMarks()
	width := p.t.len(1.5)
	for _, y := range lm.missing {
		rr := p.t.len(2.2)
		drawCross(dc, vg.Point{X: p.x.pos(float64(y), r), Y: r.Min.Y + rr + p.t.len(1.5)}, rr, p.t.len(0.9), muted)
	}
	for k, run := range lm.runs {
		dc.StrokeLines(draw.LineStyle{Color: markOf(lm.runOf[k]).color, Width: width}, run)
	}
	dashes := []vg.Length{p.t.len(3), p.t.len(2)}
	for k, pr := range lm.proj {
		dc.StrokeLines(draw.LineStyle{Color: markOf(lm.projOf[k]).color, Width: width * 0.8, Dashes: dashes}, pr[:])
	}
	for k, pt := range lm.filled {
		m := markOf(lm.fillOf[k])
		drawMarker(dc, m.shape, false, m.color, lm.radius, width*0.6, pt)
	}
	for k, pt := range lm.open {
		m := markOf(lm.openOf[k])
		drawMarker(dc, m.shape, true, m.color, lm.radius, width*0.6, pt)
	}
}

// directLabel names a line at its end, right of the plot.
type directLabel struct {
	index  int
	lines  []string
	width  vg.Length
	height vg.Length
	value  float64   // where the line ends
	year   int       // the year it ends on
	anchor vg.Length // the line end's height
	y      vg.Length // the label's centre, after nudging
}

// directLabels sets each series' name for its line end, wrapped to a fifth
// of the chart's width. A name that needs more than three lines there gets
// a legend instead: nil.
func (c *chart) directLabels(t typo, width vg.Length) []directLabel {
	sty := t.style(sizeLabel, false, ink)
	maxW := max(width/5, t.len(70))
	var out []directLabel
	for i, s := range c.series {
		lines := wrap(s.Name, sty, maxW, 0)
		if len(lines) > 3 {
			return nil
		}
		l := directLabel{index: i, lines: lines, height: lineHeight(sty) * vg.Length(len(lines))}
		for _, ln := range lines {
			l.width = max(l.width, sty.Width(ln))
		}
		ok := false
		for _, pt := range s.Points {
			switch {
			case c.opts.Log && pt.Value <= 0:
			case pt.Partial && c.project && pt.Projected > pt.Value:
				l.value, l.year, ok = pt.Projected, pt.Year, true
			case pt.Partial && ok:
				// The line ends on the last complete year.
			default:
				l.value, l.year, ok = pt.Value, pt.Year, true
			}
		}
		if ok {
			out = append(out, l)
		}
	}
	return out
}

// placeLabels sets each label at its line's end and nudges them apart:
// labels that would overlap are merged into a cluster centred on the mean
// of their ends, until none overlap, then the clusters are kept inside
// the plot's height.
func (c *chart) placeLabels(p *page) {
	ls := p.labels
	gap := labelGap(p.t)
	for i := range ls {
		ls[i].anchor = p.y.pos(ls[i].value, p.plot)
	}
	sort.SliceStable(ls, func(a, b int) bool { return ls[a].anchor > ls[b].anchor })
	type cluster struct {
		first, last int // indexes into ls
		top         vg.Length
	}
	height := func(cl cluster) vg.Length {
		h := vg.Length(0)
		for i := cl.first; i <= cl.last; i++ {
			h += ls[i].height + gap
		}
		return h - gap
	}
	centre := func(cl cluster) vg.Length {
		sum := vg.Length(0)
		for i := cl.first; i <= cl.last; i++ {
			sum += ls[i].anchor
		}
		return sum / vg.Length(cl.last-cl.first+1)
	}
	lo, hi := p.plot.Min.Y, p.plot.Max.Y+p.headroom()
	var cls []cluster
	for i := range ls {
		cl := cluster{first: i, last: i}
		cl.top = ls[i].anchor + ls[i].height/2
		cls = append(cls, cl)
		// Merge with the cluster above while they overlap.
		for len(cls) > 1 {
			a, b := cls[len(cls)-2], cls[len(cls)-1]
			if a.top-height(a)-gap >= b.top {
				break
			}
			m := cluster{first: a.first, last: b.last}
			m.top = centre(m) + height(m)/2
			cls = append(cls[:len(cls)-2], m)
		}
	}
	// Keep clusters inside; pushing one down or up may make it overlap
	// its neighbour, so go down from the top and then up from the bottom.
	for i := range cls {
		cls[i].top = min(cls[i].top, hi)
		if i > 0 {
			cls[i].top = min(cls[i].top, cls[i-1].top-height(cls[i-1])-gap)
		}
	}
	for i := len(cls) - 1; i >= 0; i-- {
		cls[i].top = max(cls[i].top, lo+height(cls[i]))
		if i < len(cls)-1 {
			cls[i].top = max(cls[i].top, cls[i+1].top+height(cls[i])+gap)
		}
	}
	for _, cl := range cls {
		top := cl.top
		for i := cl.first; i <= cl.last; i++ {
			ls[i].y = top - ls[i].height/2
			top -= ls[i].height + gap
		}
	}
}

// labelX is where the direct labels start, right of the plot.
func (p *page) labelX() vg.Length { return p.plot.Max.X + p.t.len(8) }

// leader is the short line from a line's end to its label, drawn where
// the label was nudged off the line's height or the line ends before the
// last year.
func (p *page) leader(l directLabel) (from, to vg.Point, ok bool) {
	lead := lineHeight(p.t.style(sizeLabel, false, ink))
	if d := l.y - l.anchor; d <= lead/3 && d >= -lead/3 && l.year >= p.c.to {
		return from, to, false
	}
	end := p.x.pos(float64(l.year), p.plot)
	return vg.Point{X: end + p.t.len(4), Y: l.anchor}, vg.Point{X: p.labelX() - p.t.len(2), Y: l.y}, true
}

// labelGap is the space between two direct labels.
func labelGap(t typo) vg.Length { return t.len(2) }

// drawLabels writes the direct labels in their series' colour, darkened
// for text, with a short leader where a label was nudged off its line.
func (p *page) drawLabels(dc draw.Canvas) {
	sty := p.t.style(sizeLabel, false, ink)
	lead := lineHeight(sty)
	x := p.labelX()
	for _, l := range p.labels {
		m := markOf(l.index)
		sty.Color = textColor(m.color)
		if a, b, ok := p.leader(l); ok {
			dc.StrokeLines(draw.LineStyle{Color: m.color, Width: p.t.len(0.5)}, []vg.Point{a, b})
		}
		top := l.y + l.height/2
		for i, s := range l.lines {
			fillText(dc, sty, text.XLeft, x, baseline(sty, top-vg.Length(i)*lead), s)
		}
	}
}
