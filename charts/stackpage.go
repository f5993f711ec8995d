package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// stackPage is a breakdown chart laid out at one type scale: header
// (title, subtitle, the legend unless it is beside the panels, axis
// title), the panels in a grid, the legend in a column right of them when
// they keep most of the width, footer.
type stackPage struct {
	s      *stacked
	t      typo
	w, h   vg.Length
	margin vg.Length

	header []block
	legend *legend
	beside bool // the legend is a column right of the panels
	yTitle block
	footer []block

	x      xAxis // one for every panel: they share their years
	xAxisH vg.Length
	grid   vg.Rectangle // the panels' region, under the axis title
	panels []panel
	score  vg.Length // how large the panels are: the height of a 3:2 plot inside one
}

// panel is one topic's plot.
type panel struct {
	topic  int
	title  block // the topic's name, over the plot; none for one topic
	top    vg.Length
	y      yAxis
	ticks  bool // labels its gridlines: the first column, or every panel on its own scale
	plot   vg.Rectangle
	totals map[[2]int][]string // over each stack, by topic and year
}

// Spacing of the grid, in points at the reference size.
const (
	columnGap = 16
	rowGap    = 10
	legendGap = 14
)

// The smallest plot of a panel among several, in pixels whatever the
// type: below it, the thin parts of a stack cannot be told apart and the
// chart is refused as too small, with the height that would do.
const minPanelW, minPanelH = 200, 150

func (s *stacked) fit() (*stackPage, error) {
	if p := s.tryFit(); p != nil {
		return p, nil
	}
	return nil, tooSmall(s.c.opts.Width, s.c.opts.Height, func(h int) bool {
		c := *s.c
		c.opts.Height = h
		try := *s
		try.c = &c
		return try.tryFit() != nil
	})
}

// tryFit lays the chart out, with shorter notes and smaller type if it
// must; nil if nothing fits.
func (s *stacked) tryFit() *stackPage {
	w, h := s.c.size()
	var p *stackPage
	if s.c.shrink(func(t typo) bool { p = s.layout(w, h, t); return p != nil }) {
		return p
	}
	return nil
}

// legendEntries are the parts from the top of the stack down: the legend
// reads in the order the eye meets the parts, and the rest, on top, comes
// first, next to the totals.
func (s *stacked) legendEntries() []legendEntry {
	out := make([]legendEntry, 0, len(s.parts))
	for j := len(s.parts) - 1; j >= 0; j-- {
		out = append(out, legendEntry{name: s.parts[j], index: j, fill: s.colors[j]})
	}
	return out
}

// layout measures every piece at type scale t and places the panels;
// nil if they do not fit.
func (s *stacked) layout(w, h vg.Length, t typo) *stackPage {
	// The notes say what the numbers over the bars are only where there
	// are some: first as if there were, then, if none fit, without.
	s.noTotals = false
	p := s.layoutOnce(w, h, t)
	if p != nil && len(p.panels[0].totals) == 0 && !s.c.opts.NoValues {
		s.noTotals = true
		p = s.layoutOnce(w, h, t)
	}
	return p
}

// layoutOnce is layout with the notes as they are.
func (s *stacked) layoutOnce(w, h vg.Length, t typo) *stackPage {
	c := s.c
	p := &stackPage{s: s, t: t, w: w, h: h, margin: margin(t)}
	width := w - 2*p.margin
	p.header = append(p.header, c.titleBlock(t, width))
	if sub := c.subtitleBlock(t, width); len(sub.lines) > 0 {
		p.header = append(p.header, sub)
	}
	p.footer = c.footerBlocks(t, width)
	p.x = c.xAxis(t)
	p.xAxisH = xAxisRoom(t, p.x)
	// The legend goes beside the panels or above them, whichever leaves
	// the panels larger; beside if the same.
	entries := s.legendEntries()
	var best *stackPage
	if side := newLegend(t, width/4, entries, false, true); width-side.width()-t.len(legendGap) >= width*0.7 {
		q := *p
		q.legend, q.beside = side, true
		if q.place(w - p.margin - side.width() - t.len(legendGap)) {
			best = &q
		}
	}
	q := *p
	q.legend = newLegend(t, width, entries, false, false)
	if q.place(w-p.margin) && (best == nil || q.score > best.score) {
		best = &q
	}
	return best
}

// place sets the axis title and the panels' region, left of right, and
// places the panels in it.
func (p *stackPage) place(right vg.Length) bool {
	t := p.t
	sty := t.style(sizeAxis, false, muted)
	p.yTitle = block{lines: wrap(p.s.c.opts.YLabel, sty, right-p.margin, 2), sty: sty, gap: t.space(6)}
	top := p.h - p.margin - blocksHeight(p.header)
	bottom := p.margin + blocksHeight(p.footer)
	if !p.beside {
		top -= p.legend.height()
	} else if p.legend.height() > top-bottom {
		return false // it would run into the footer
	}
	top -= p.yTitle.height()
	if len(p.s.c.series) > 1 {
		top -= t.len(4) // the panels' titles are not the axis title's
	}
	p.grid = vg.Rectangle{Min: vg.Point{X: p.margin, Y: bottom}, Max: vg.Point{X: right, Y: top}}
	return p.placePanels()
}

// yAxes are each topic's y axis: percentages for shares, one scale for
// all counts, or each topic its own.
func (s *stacked) yAxes() []yAxis {
	out := make([]yAxis, len(s.c.series))
	for i := range out {
		switch {
		case s.share:
			t := shareTicks()
			out[i] = yAxis{ticks: t, hi: t[len(t)-1].value}
		case s.own:
			one := *s.c
			one.series = s.c.series[i : i+1]
			out[i] = one.yAxis()
		default:
			out[i] = s.c.yAxis()
		}
	}
	return out
}

// placePanels chooses the grid, up to three columns, whose panels are
// largest (as plots of about 3:2), and places the panels in it. It reports
// false if no grid leaves each panel legible and the panels half the
// height.
func (p *stackPage) placePanels() bool {
	s, t := p.s, p.t
	n := len(s.c.series)
	axes := s.yAxes()
	labelW := vg.Length(0)
	for _, a := range axes {
		labelW = max(labelW, a.labelWidth(t))
	}
	labelW += tickGap(t)
	var best *gridPlan
	for cols := 1; cols <= min(n, maxColumns); cols++ {
		g := p.plan(cols, labelW)
		if g != nil && (best == nil || g.score > best.score) {
			best = g
		}
	}
	if best == nil {
		return false
	}
	p.score = best.score
	r := p.grid
	p.panels = nil
	for i := range n {
		row, col := i/best.cols, i%best.cols
		pn := panel{topic: i, y: axes[i], ticks: s.own || col == 0, totals: best.totals}
		left := r.Min.X + labelW + vg.Length(col)*(best.plotW+t.len(columnGap))
		if s.own {
			left += vg.Length(col) * labelW
		}
		pn.top = r.Max.Y - vg.Length(row)*(best.cellH+t.len(rowGap))
		if n > 1 {
			pn.title = block{lines: best.titles[i], sty: best.titleSty}
		}
		plotTop := pn.top - best.titleH - best.head
		pn.plot = vg.Rectangle{Min: vg.Point{X: left, Y: plotTop - best.plotH}, Max: vg.Point{X: left + best.plotW, Y: plotTop}}
		p.panels = append(p.panels, pn)
	}
	return true
}

// gridPlan is the panels' size in a grid of cols columns.
type gridPlan struct {
	cols         int
	plotW, plotH vg.Length
	cellH        vg.Length
	head         vg.Length // room over the top gridline for the totals
	titleSty     text.Style
	titles       [][]string // each panel's title, wrapped, never cut
	titleH       vg.Length  // the tallest title's, with its gap
	totals       map[[2]int][]string
	score        vg.Length // the height of a 3:2 plot inside one panel
}

// plan sizes the panels of a grid of cols columns, labelW being the tick
// labels' column; nil if they would not be legible.
func (p *stackPage) plan(cols int, labelW vg.Length) *gridPlan {
	s, t, r := p.s, p.t, p.grid
	n := len(s.c.series)
	rows := (n + cols - 1) / cols
	labelled := 1
	if s.own {
		labelled = cols
	}
	g := &gridPlan{cols: cols, titleSty: t.style(sizeLegend, true, ink)}
	g.plotW = (r.Max.X - r.Min.X - vg.Length(labelled)*labelW - vg.Length(cols-1)*t.len(columnGap)) / vg.Length(cols)
	if g.plotW <= 0 {
		return nil
	}
	if n > 1 {
		most := 0
		for _, se := range s.c.series {
			l := wrap(se.Name, g.titleSty, g.plotW, 0)
			g.titles = append(g.titles, l)
			most = max(most, len(l))
		}
		g.titleH = lineHeight(g.titleSty)*vg.Length(most) + t.len(2)
	}
	valueSty := t.style(sizeValue, false, ink)
	lines := 0
	if !s.c.opts.NoValues {
		bars := newBarGeom(1, p.x, vg.Rectangle{Max: vg.Point{X: g.plotW}})
		g.totals, lines = valueLabels(s.c.series, bars, valueSty, t, 0)
	}
	g.head = max(lineHeight(t.style(sizeTick, false, muted))/2+t.len(3), lineHeight(valueSty)*vg.Length(lines)+t.len(2))
	g.cellH = (r.Max.Y - r.Min.Y - vg.Length(rows-1)*t.len(rowGap)) / vg.Length(rows)
	g.plotH = g.cellH - g.titleH - g.head - p.xAxisH
	if !p.legible(n, rows, g.plotW, g.plotH, g.cellH) {
		return nil
	}
	g.score = min(g.plotW/1.5, g.plotH)
	return g
}

// legible reports whether panels of plotW×plotH, in rows of cells cellH
// high, are big enough: one alone keeps half the chart's height and width,
// as other charts' plot does; several take half the height together, each
// with its title and year labels (their plots cannot: every row repeats
// those), and each plot keeps a minimum.
func (p *stackPage) legible(n, rows int, plotW, plotH, cellH vg.Length) bool {
	if n == 1 {
		return plotH >= p.h/2 && plotW >= p.w/2
	}
	px := func(l vg.Length) float64 { return float64(l/vg.Inch) * dpi }
	return vg.Length(rows)*cellH >= p.h/2 && px(plotW) >= minPanelW && px(plotH) >= minPanelH
}

func (p *stackPage) draw(dc draw.Canvas) {
	left := p.margin
	top := drawBlocks(dc, p.header, left, p.h-p.margin)
	if p.beside {
		p.legend.draw(dc, p.grid.Max.X+p.t.len(legendGap), top)
	} else {
		top = p.legend.draw(dc, left, top)
	}
	p.yTitle.draw(dc, left, top)

	drawBlocks(dc, p.footer, left, p.margin+blocksHeight(p.footer))
	for _, pn := range p.panels {
		p.drawPanel(dc, pn)
	}
}

func (p *stackPage) drawPanel(dc draw.Canvas, pn panel) {
	pn.title.draw(dc, pn.plot.Min.X, pn.top)
	pn.y.draw(dc, p.t, pn.plot, pn.ticks)
	labels := p.drawStacks(dc, pn)
	p.x.draw(dc, p.t, pn.plot)
	for _, f := range labels {
		f()
	}
}

// drawStacks draws a panel's stacks, the first part at the bottom, and
// returns the drawing of their totals, for after the axis. A missing year
// gets a ×; a year of no records a stub on the baseline. Partial years are
// lighter, in a dashed outline that rises to the projection when there is
// one; years not fully indexed are hatched.
func (p *stackPage) drawStacks(dc draw.Canvas, pn panel) []func() {
	s, t := p.s, p.t
	g := newBarGeom(1, p.x, pn.plot)
	base := pn.y.pos(0, pn.plot)
	sty := t.style(sizeValue, false, ink)
	halo := t.len(haloPad)
	outline := draw.LineStyle{Color: muted, Width: t.len(0.8), Dashes: []vg.Length{t.len(2.5), t.len(1.5)}}
	var labels []func()
	for y := s.c.from; y <= s.c.to; y++ {
		left, right := g.span(y, 0)
		st, ok := s.stack(pn.topic, y)
		if !ok {
			r := min((right-left)/3, t.len(2.5))
			drawCross(dc, vg.Point{X: (left + right) / 2, Y: base + r + t.len(1.5)}, r, t.len(0.9), muted)
			continue
		}
		total := st.total()
		at := func(cum int64) vg.Length {
			if s.share {
				return pn.y.pos(100*float64(cum)/float64(total), pn.plot)
			}
			return pn.y.pos(float64(cum), pn.plot)
		}
		top, under := base, base
		var last color.NRGBA // the top part's fill
		if total == 0 {
			dc.FillPolygon(darken(restColor, minLineContrast), rect(left, base, right, base+t.len(0.8)))
		} else {
			top, under, last = p.drawSegments(dc, st, left, right, at)
		}
		ghost := top
		if st.Partial {
			// The series' point has the projection cleaned of what
			// cannot be drawn.
			if pt, _ := s.c.series[pn.topic].point(y); s.c.project && pt.Projected > pt.Value {
				ghost = pn.y.pos(pt.Projected, pn.plot)
			}
			box := rect(left, base, right, ghost)
			dc.StrokeLines(outline, append(box, box[0]))
		}
		lines, show := pn.totals[[2]int{pn.topic, y}]
		if !show {
			continue
		}
		labelAt, ground := top+t.len(1.5), color.Color(color.White)
		if st.Partial {
			labelAt, ground = partialLabel(sty, lines, halo, t, left, right, under, top, ghost, last)
		}
		x := (left + right) / 2
		labels = append(labels, func() { haloText(dc, sty, x, labelAt, lines, halo, ground) })
	}
	return labels
}

// drawSegments draws a stack's parts bottom up, at heights at gives for a
// cumulative count, parted by thin white lines, and returns its top, the
// bottom of its top part and that part's fill.
func (p *stackPage) drawSegments(dc draw.Canvas, st Stack, left, right vg.Length, at func(int64) vg.Length) (top, under vg.Length, fill color.NRGBA) {
	t := p.t
	var cum int64
	var tops []vg.Length // of the parts drawn
	var heights []vg.Length
	for j, n := range st.Counts {
		if n == 0 {
			continue
		}
		lo := at(cum)
		cum += n
		hi := at(cum)
		col := p.s.colors[j]
		if st.Partial {
			col = tint(col)
		}
		dc.FillPolygon(col, rect(left, lo, right, hi))
		if st.Lagging {
			hatch(dc, vg.Rectangle{Min: vg.Point{X: left, Y: lo}, Max: vg.Point{X: right, Y: hi}}, t.len(hatchGap), t.len(hatchWidth), hatchColor(col))
		}
		tops = append(tops, hi)
		heights = append(heights, hi-lo)
		under, fill = lo, col
	}
	// A separator takes at most a quarter of the thinner part beside it,
	// so that a part of one record stays visible.
	for k := 0; k+1 < len(tops); k++ {
		w := min(t.len(0.6), min(heights[k], heights[k+1])/4)
		if w > 0 {
			dc.StrokeLine2(draw.LineStyle{Color: white, Width: w}, left, tops[k], right, tops[k])
		}
	}
	return tops[len(tops)-1], under, fill
}

// hatch draws lines rising at 45° across r, gap apart. They are placed on
// the page, not the rectangle, so that they run on across the parts of a
// stack.
func hatch(dc draw.Canvas, r vg.Rectangle, gap, width vg.Length, col color.Color) {
	sty := draw.LineStyle{Color: col, Width: width}
	// Each line is x = y + k·gap.
	for k := math.Ceil(float64((r.Min.X - r.Max.Y) / gap)); vg.Length(k)*gap < r.Max.X-r.Min.Y; k++ {
		c := vg.Length(k) * gap
		lo, hi := max(r.Min.Y, r.Min.X-c), min(r.Max.Y, r.Max.X-c)
		if hi > lo {
			dc.StrokeLine2(sty, lo+c, lo, hi+c, hi)
		}
	}
}

// Hatching, in points at the reference size: hairlines far enough apart
// that a hatched part keeps the colour of its category.
const hatchWidth, hatchGap = 0.35, 2.5

// hatchColor is the colour of hatching on a fill: the fill's own hue, 22%
// lighter on a dark fill and 22% darker on a light one, so that it shows
// on every part without reading as another (TestHatching).
func hatchColor(fill color.NRGBA) color.NRGBA {
	mix := func(v uint8, to, f float64) uint8 { return uint8(math.Round(float64(v) + (to-float64(v))*f)) }
	if luminance(fill) < 0.2 {
		return color.NRGBA{mix(fill.R, 255, 0.22), mix(fill.G, 255, 0.22), mix(fill.B, 255, 0.22), 0xFF}
	}
	return color.NRGBA{mix(fill.R, 0, 0.22), mix(fill.G, 0, 0.22), mix(fill.B, 0, 0.22), 0xFF}
}
