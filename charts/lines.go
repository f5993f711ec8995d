package charts

import (
	"sort"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// drawLines draws one line per series with a marker per year where the
// years have room for them. A missing year breaks the line and gets a ×
// on the axis. A partial year is an open marker off the line; the line
// goes on, dashed, to its projection, so it never dives at the end.
func (p *page) drawLines(dc draw.Canvas) {
	r := p.plot
	width := p.t.len(1.5)
	radius := p.t.len(2.2)
	markers := p.x.perYear(r) >= radius*8
	var missing []int
	for y := p.c.from; y <= p.c.to; y++ {
		for _, s := range p.c.series {
			if _, ok := s.point(y); !ok {
				missing = append(missing, y)
				break
			}
		}
	}
	for _, y := range missing {
		rr := p.t.len(2.2)
		drawCross(dc, vg.Point{X: p.x.pos(float64(y), r), Y: r.Min.Y + rr + p.t.len(1.5)}, rr, p.t.len(0.9), muted)
	}

	for i, s := range p.c.series {
		m := markOf(i)
		solid := draw.LineStyle{Color: m.color, Width: width}
		proj := draw.LineStyle{Color: m.color, Width: width * 0.8, Dashes: []vg.Length{p.t.len(3), p.t.len(2)}}
		at := func(y int, v float64) vg.Point {
			return vg.Point{X: p.x.pos(float64(y), r), Y: p.y.pos(v, r)}
		}
		drawable := func(v float64) bool { return !p.y.log || v > 0 }

		var run []vg.Point
		flush := func() {
			if len(run) > 1 {
				dc.StrokeLines(solid, run)
			}
			run = nil
		}
		for j, pt := range s.Points {
			joined := j > 0 && s.Points[j-1].Year == pt.Year-1 && !s.Points[j-1].Partial && drawable(s.Points[j-1].Value)
			switch {
			case !drawable(pt.Value):
				flush()
			case pt.Partial:
				flush()
				if joined && p.c.project && pt.Projected > pt.Value {
					prev := s.Points[j-1]
					dc.StrokeLines(proj, []vg.Point{at(prev.Year, prev.Value), at(pt.Year, pt.Projected)})
				}
			default:
				if !joined {
					flush()
				}
				run = append(run, at(pt.Year, pt.Value))
			}
		}
		flush()
		last := len(s.Points) - 1
		for j, pt := range s.Points {
			if !drawable(pt.Value) {
				continue
			}
			// Without room for every marker, a line keeps its last one
			// (its shape is in the legend) and a lone point its own.
			alone := (j == 0 || s.Points[j-1].Year != pt.Year-1) && (j == last || s.Points[j+1].Year != pt.Year+1)
			if markers || pt.Partial || j == last || alone || (j == last-1 && s.Points[last].Partial) {
				drawMarker(dc, m.shape, pt.Partial, m.color, radius, width*0.6, at(pt.Year, pt.Value))
			}
		}
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

// labelGap is the space between two direct labels.
func labelGap(t typo) vg.Length { return t.len(2) }

// drawLabels writes the direct labels in their series' colour, darkened
// for text, with a short leader where a label was nudged off its line.
func (p *page) drawLabels(dc draw.Canvas) {
	sty := p.t.style(sizeLabel, false, ink)
	lead := lineHeight(sty)
	x := p.plot.Max.X + p.t.len(8)
	for _, l := range p.labels {
		m := markOf(l.index)
		sty.Color = textColor(m.color)
		end := p.x.pos(float64(l.year), p.plot)
		if d := l.y - l.anchor; d > lead/3 || d < -lead/3 || l.year < p.c.to {
			leader := draw.LineStyle{Color: m.color, Width: p.t.len(0.5)}
			dc.StrokeLines(leader, []vg.Point{{X: end + p.t.len(4), Y: l.anchor}, {X: x - p.t.len(2), Y: l.y}})
		}
		top := l.y + l.height/2
		for i, s := range l.lines {
			fillText(dc, sty, text.XLeft, x, baseline(sty, top-vg.Length(i)*lead), s)
		}
	}
}
