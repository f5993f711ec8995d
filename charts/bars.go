package charts

import (
	"image/color"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// groupWidth is the share of a year the bars of one year take together.
const groupWidth = 0.8

// barGeom places series i's bar of a year: the group of all series is
// centred on the year, each bar in its slot, with a gap between slots.
type barGeom struct {
	n     int     // series
	slot  float64 // in years
	inner float64 // share of the slot the bar fills
	x     xAxis   // years to positions
	r     vg.Rectangle
}

func newBarGeom(n int, x xAxis, r vg.Rectangle) barGeom {
	g := barGeom{n: n, slot: groupWidth / float64(n), inner: 1, x: x, r: r}
	if n > 1 {
		g.inner = 0.86
	}
	return g
}

// span is the left and right edge of series i's bar in year y.
func (g barGeom) span(y, i int) (left, right vg.Length) {
	x0 := float64(y) - groupWidth/2 + float64(i)*g.slot
	pad := g.slot * (1 - g.inner) / 2
	return g.x.pos(x0+pad, g.r), g.x.pos(x0+g.slot-pad, g.r)
}

// pitch is the room a value label may take: the bar and the gaps beside
// it, up to the neighbouring bars.
func (g barGeom) pitch() vg.Length {
	if g.n == 1 {
		return g.x.perYear(g.r)
	}
	return g.x.perYear(g.r) * vg.Length(g.slot)
}

// valueLabels sets the label over each bar: its value, and "so far" for
// a partial year, on the same line if that fits the bar, else below. A
// label may overhang its bar into the gaps beside it, never further, so
// it can touch no other bar or label. Labels go on the bars only if every
// one fits: half the labels would suggest the others are missing.
func (p *page) valueLabels() (map[[2]int][]string, int) {
	g := newBarGeom(len(p.c.series), p.x, p.plot)
	return valueLabels(p.c.series, g, p.valueStyle(), p.t, p.c.opts.Decimals)
}

// valueLabels are the labels of series' bars placed by g, by series and
// year, and the most lines one takes; none if one does not fit.
func valueLabels(series []Series, g barGeom, sty text.Style, t typo, decimals int) (map[[2]int][]string, int) {
	halo := t.len(haloPad)
	room := g.pitch() - 2*halo
	left, right := g.span(g.x.from, 0)
	out := make(map[[2]int][]string)
	n := 0
	for i, s := range series {
		for _, pt := range s.Points {
			l := barLabel(formatNumber(pt.Value, decimals), pt.Partial, sty, right-left, halo)
			if textWidth(sty, l) > room {
				return nil, 0
			}
			out[[2]int{i, pt.Year}] = l
			n = max(n, len(l))
		}
	}
	return out, n
}

// barLabel is the label of a bar bar wide: its value v and, for a partial
// year, "so far", on the same line if that fits the bar with its halo,
// else below.
func barLabel(v string, partial bool, sty text.Style, bar, halo vg.Length) []string {
	if !partial {
		return []string{v}
	}
	if l := v + " so far"; sty.Width(l)+2*halo <= bar {
		return []string{l}
	}
	return []string{v, "so far"}
}

// valueStyle is the type of value labels: a little smaller on grouped
// bars, which are narrower.
func (p *page) valueStyle() text.Style {
	if len(p.c.series) > 1 {
		return p.t.style(sizeValues, false, ink)
	}
	return p.t.style(sizeValue, false, ink)
}

// haloPad is the white margin around a value label, in points at the
// reference size.
const haloPad = 1

// drawBars draws one bar per point, side by side when there are several
// series: partial years lighter, with a dashed ghost up to their
// projection; zeros as a stub on the baseline, so that they differ from
// missing years, which get a ×.
func (p *page) drawBars(dc draw.Canvas) {
	g := newBarGeom(len(p.c.series), p.x, p.plot)
	base := p.y.pos(0, p.plot)
	label := p.valueStyle()
	halo := p.t.len(haloPad)

	stroke := p.t.len(0.8)
	dashes := []vg.Length{p.t.len(2.5), p.t.len(1.5)}
	var labels []func()
	for i, s := range p.c.series {
		col := fillColor(i)
		edge := darken(col, minLineContrast)
		for y := p.c.from; y <= p.c.to; y++ {
			left, right := g.span(y, i)
			pt, ok := s.point(y)
			if !ok {
				r := min((right-left)/3, p.t.len(2.5))
				drawCross(dc, vg.Point{X: (left + right) / 2, Y: base + r + p.t.len(1.5)}, r, p.t.len(0.9), muted)
				continue
			}
			top := p.y.pos(pt.Value, p.plot)
			switch {
			case pt.Value == 0:
				dc.FillPolygon(col, rect(left, base, right, base+p.t.len(0.8)))
			case pt.Partial:
				dc.FillPolygon(lighter(col), rect(left, base, right, top))
			default:
				dc.FillPolygon(col, rect(left, base, right, top))
			}
			labelAt := top + p.t.len(1.5)
			var ground color.Color = color.White
			lines, show := p.values[[2]int{i, y}]
			if pt.Partial {
				ghost := top
				if p.c.project && pt.Projected > pt.Value {
					ghost = p.y.pos(pt.Projected, p.plot)
				}
				outline := rect(left, base, right, ghost)
				dc.StrokeLines(draw.LineStyle{Color: edge, Width: stroke, Dashes: dashes}, append(outline, outline[0]))
				if show {
					labelAt, ground = partialLabel(label, lines, halo, p.t, left, right, base, top, ghost, lighter(col))
				}
			}
			if show {
				x, y0 := (left+right)/2, labelAt
				labels = append(labels, func() { haloText(dc, label, x, y0, lines, halo, ground) })
			}
		}
	}
	// Labels last, so no bar of a later series covers one.
	for _, f := range labels {
		f()
	}
}

// partialLabel places the label of a partial bar or stack from left to
// right, its known part from under to top inside a dashed outline up to
// ghost, where it crosses no line of the outline and does not read as the
// ghost's value: just above the known part, inside the outline; else
// inside the top of the known part, on its fill (partFill); else above the
// outline, where "so far" says whose it is. It returns the bottom of the
// label's box and the ground under it.
func partialLabel(sty text.Style, lines []string, halo vg.Length, t typo, left, right, under, top, ghost vg.Length, partFill color.Color) (vg.Length, color.Color) {
	h := lineHeight(sty) * vg.Length(len(lines))
	gap := t.len(1.5)
	fits := textWidth(sty, lines)+2*halo <= right-left
	switch {
	case fits && ghost-top >= h+2*halo+gap:
		return top + gap, color.White
	case fits && ghost > top && top-under >= h+2*halo:
		return top - h - halo, partFill
	}
	return ghost + gap, color.White
}

// haloText writes lines centred at x, the last line's box bottom at y, on
// a ground (white over the plot) that keeps gridlines and outlines from
// crossing them.
func haloText(dc draw.Canvas, sty text.Style, x, y vg.Length, lines []string, halo vg.Length, ground color.Color) {
	lead := lineHeight(sty)
	w := textWidth(sty, lines)
	top := y + lead*vg.Length(len(lines))
	dc.FillPolygon(ground, rect(x-w/2-halo, y, x+w/2+halo, top))
	for i, l := range lines {
		fillText(dc, sty, text.XCenter, x, baseline(sty, top-vg.Length(i)*lead), l)
	}
}

// textWidth is the width of the widest of lines.
func textWidth(sty text.Style, lines []string) vg.Length {
	w := vg.Length(0)
	for _, l := range lines {
		w = max(w, sty.Width(l))
	}
	return w
}
