package charts

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bars draws one bar per point, side by side when there are several
// series. Widths are in years, not points, so bars fill the axis at any
// chart size; gonum's BarChart takes an absolute width.
type bars struct {
	series   []Series
	values   bool
	decimals int
}

const groupWidth = 0.8 // of a year

func (b *bars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	n := float64(len(b.series))
	slot := groupWidth / n
	label := style(6.5, false, ink)
	label.XAlign = text.XCenter
	label.YAlign = text.YBottom

	// Values go on the bars only if every label fits its bar: half the
	// labels would suggest the others are missing.
	showValues := b.values
	barW := trX(slot) - trX(0)
	for _, s := range b.series {
		for _, p := range s.Points {
			if label.Width(formatNumber(p.Value, b.decimals)) > barW*1.15 {
				showValues = false
			}
		}
	}
	for i, s := range b.series {
		col := colorOf(i)
		for _, p := range s.Points {
			x0 := float64(p.Year) - groupWidth/2 + float64(i)*slot
			x1 := x0 + slot*0.9
			if n == 1 {
				x0, x1 = float64(p.Year)-groupWidth/2, float64(p.Year)+groupWidth/2
			}
			left, right := trX(x0), trX(x1)
			bottom, top := trY(0), trY(p.Value)
			rect := []vg.Point{{X: left, Y: bottom}, {X: right, Y: bottom}, {X: right, Y: top}, {X: left, Y: top}}
			fill := col
			if p.Partial {
				fill = lighter(col)
			}
			c.FillPolygon(fill, c.ClipPolygonXY(rect))
			if p.Partial {
				outline := draw.LineStyle{Color: col, Width: 0.8, Dashes: []vg.Length{2.5, 1.5}}
				c.StrokeLines(outline, c.ClipLinesXY(append(rect, rect[0]))...)
			}
			if showValues {
				c.FillText(label, vg.Point{X: (left + right) / 2, Y: top + 1.5}, formatNumber(p.Value, b.decimals))
			}
		}
	}
}

func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	from, to, _ := yearRange(b.series)
	return float64(from) - 0.5, float64(to) + 0.5, 0, maxValue(b.series)
}

// lines draws one line per series with a marker per point. A gap in the
// years breaks the line; the partial year hangs on a dashed segment with a
// hollow marker, so it never reads as the end of a solid trend.
type lines struct {
	series []Series
}

func (l *lines) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	logScale := false
	if _, ok := plt.Y.Scale.(plot.LogScale); ok {
		logScale = true
	}
	for i, s := range l.series {
		col := colorOf(i)
		solid := draw.LineStyle{Color: col, Width: 1.5}
		dashed := draw.LineStyle{Color: col, Width: 1.2, Dashes: []vg.Length{3, 2}}
		var run []vg.Point
		var prev *Point
		flush := func() {
			if len(run) > 1 {
				c.StrokeLines(solid, c.ClipLinesXY(run)...)
			}
			run = nil
		}
		for j := range s.Points {
			p := s.Points[j]
			if logScale && p.Value <= 0 {
				flush()
				prev = nil
				continue
			}
			pt := vg.Point{X: trX(float64(p.Year)), Y: trY(p.Value)}
			joined := prev != nil && p.Year == prev.Year+1
			switch {
			case p.Partial:
				flush()
				if joined && !prev.Partial {
					from := vg.Point{X: trX(float64(prev.Year)), Y: trY(prev.Value)}
					c.StrokeLines(dashed, c.ClipLinesXY([]vg.Point{from, pt})...)
				}
			case !joined:
				flush()
				run = append(run, pt)
			default:
				run = append(run, pt)
			}
			prev = &s.Points[j]
		}
		flush()
		for _, p := range s.Points {
			if logScale && p.Value <= 0 {
				continue
			}
			pt := vg.Point{X: trX(float64(p.Year)), Y: trY(p.Value)}
			if !c.Contains(pt) {
				continue
			}
			if p.Partial {
				c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: 2.6, Shape: draw.RingGlyph{}}, pt)
			} else {
				c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: 2.2, Shape: draw.CircleGlyph{}}, pt)
			}
		}
	}
}

func (l *lines) DataRange() (xmin, xmax, ymin, ymax float64) {
	from, to, _ := yearRange(l.series)
	return float64(from), float64(to), 0, maxValue(l.series)
}
