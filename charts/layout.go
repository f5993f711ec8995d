package charts

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// layout places the header, legend, plot area and footer on the canvas.
type layout struct {
	opts     Options
	series   []Series
	from, to int
}

const margin = vg.Length(14)

func (l *layout) draw(dc draw.Canvas) error {
	w := dc.Max.X - dc.Min.X
	top := dc.Max.Y - margin
	left := dc.Min.X + margin
	textWidth := w - 2*margin

	// gonum's PDF backend registers each face without a style and then
	// asks for style "B" for bold ones, which fails: PDF titles are regular.
	title := style(14, l.opts.Format != PDF, ink)
	title.YAlign = text.YTop
	if l.opts.Title != "" {
		t := elide(l.opts.Title, title, textWidth)
		dc.FillText(title, vg.Point{X: left, Y: top}, t)
		top -= title.Height(t) + 4
	}
	sub := style(8.5, false, muted)
	sub.YAlign = text.YTop
	for _, line := range wrap(l.opts.Subtitle, sub, textWidth, 2) {
		dc.FillText(sub, vg.Point{X: left, Y: top}, line)
		top -= sub.Height(line) + 1
	}
	if len(l.series) > 1 {
		top -= 6
		top = l.legend(dc, left, top, textWidth)
	}

	// The axis title goes above the axis, read horizontally: rotated, a
	// long one would also make gonum shrink the plot to fit it.
	if l.opts.YLabel != "" {
		top -= 8
		yl := style(8, false, muted)
		yl.YAlign = text.YTop
		dc.FillText(yl, vg.Point{X: left, Y: top}, elide(l.opts.YLabel, yl, textWidth))
		top -= yl.Height(l.opts.YLabel)
	}

	footer := append([]string(nil), l.opts.Footer...)
	if note := l.logZeroNote(); note != "" {
		footer = append(footer, note)
	}
	foot := style(7, false, muted)
	foot.YAlign = text.YBottom
	bottom := dc.Min.Y + margin
	var footLines []string
	for _, f := range footer {
		footLines = append(footLines, wrap(f, foot, textWidth, 2)...)
	}
	for i := len(footLines) - 1; i >= 0; i-- {
		dc.FillText(foot, vg.Point{X: left, Y: bottom}, footLines[i])
		bottom += foot.Height(footLines[i]) + 1
	}

	p, err := l.plot(textWidth)
	if err != nil {
		return err
	}
	area := draw.Crop(dc, margin-4, -margin, bottom-dc.Min.Y+6, -(dc.Max.Y - top + 8))
	if area.Max.Y-area.Min.Y < 60 {
		return fmt.Errorf("the chart is too small for its title, legend and footer: make it taller")
	}
	p.Draw(area)
	return nil
}

// legend draws one swatch and name per series, in rows, above the plot,
// where it cannot cover data. It returns the new top.
func (l *layout) legend(dc draw.Canvas, left, top, width vg.Length) vg.Length {
	sty := style(8.5, false, ink)
	sty.YAlign = text.YCenter
	const swatch, gap, spacing = vg.Length(10), vg.Length(4), vg.Length(14)
	maxName := width / 2
	rowH := sty.Height("Mg") + 3
	x, y := left, top-rowH/2
	for i, s := range l.series {
		name := elide(s.Name, sty, maxName)
		itemW := swatch + gap + sty.Width(name)
		if x > left && x+itemW > left+width {
			x, y = left, y-rowH
		}
		c := colorOf(i)
		if l.opts.Style == Lines {
			dc.StrokeLine2(draw.LineStyle{Color: c, Width: 1.5}, x, y, x+swatch, y)
			dc.DrawGlyph(draw.GlyphStyle{Color: c, Radius: 2.2, Shape: draw.CircleGlyph{}}, vg.Point{X: x + swatch/2, Y: y})
		} else {
			h := swatch * 0.7
			dc.FillPolygon(c, []vg.Point{{X: x, Y: y - h/2}, {X: x + swatch, Y: y - h/2}, {X: x + swatch, Y: y + h/2}, {X: x, Y: y + h/2}})
		}
		dc.FillText(sty, vg.Point{X: x + swatch + gap, Y: y}, name)
		x += itemW + spacing
	}
	return y - rowH/2
}

// logZeroNote says which zero values a log scale leaves out.
func (l *layout) logZeroNote() string {
	if !l.opts.Log {
		return ""
	}
	var parts []string
	for _, s := range l.series {
		var ys []string
		for _, p := range s.Points {
			if p.Value <= 0 {
				ys = append(ys, fmt.Sprint(p.Year))
			}
		}
		if len(ys) > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", s.Name, strings.Join(ys, ", ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Zero counts cannot be drawn on a log scale and are left out: " + strings.Join(parts, "; ") + "."
}

// maxValue is the largest value of any point.
func maxValue(series []Series) float64 {
	m := 0.0
	for _, s := range series {
		for _, p := range s.Points {
			m = math.Max(m, p.Value)
		}
	}
	return m
}

func (l *layout) minPositive() float64 {
	m := math.Inf(1)
	for _, s := range l.series {
		for _, p := range s.Points {
			if p.Value > 0 {
				m = math.Min(m, p.Value)
			}
		}
	}
	return m
}

// plot builds the gonum plot: axes, grid and the data.
func (l *layout) plot(width vg.Length) (*plot.Plot, error) {
	p := plot.New()
	p.BackgroundColor = nil
	// Plotters go in first: Add widens the axes to their data ranges,
	// and the ranges set below must have the last word.
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal = draw.LineStyle{Color: rule, Width: 0.5}
	p.Add(grid)
	if l.opts.Style == Lines {
		p.Add(&lines{series: l.series})
	} else {
		p.Add(&bars{series: l.series, values: !l.opts.NoValues, decimals: l.opts.Decimals})
	}
	xTick := style(8, false, muted)
	xTick.XAlign, xTick.YAlign = text.XCenter, text.YTop
	yTick := style(8, false, muted)
	yTick.XAlign, yTick.YAlign = text.XRight, text.YCenter

	p.X.Min, p.X.Max = float64(l.from)-0.6, float64(l.to)+0.6
	p.X.Padding = 0
	p.X.LineStyle = draw.LineStyle{Color: ink, Width: 0.75}
	p.X.Tick.Label = xTick
	p.X.Tick.LineStyle = draw.LineStyle{Color: ink, Width: 0.5}
	p.X.Tick.Length = 3
	p.X.Tick.Marker = l.yearTicks(width, xTick)

	p.Y.Padding = 0
	p.Y.LineStyle.Width = 0
	p.Y.Tick.Label = yTick
	p.Y.Tick.Length = 0
	p.Y.Tick.LineStyle.Width = 0

	maxV := maxValue(l.series)
	if l.opts.Log {
		lo := l.minPositive()
		if math.IsInf(lo, 1) {
			return nil, ErrNoData
		}
		p.Y.Scale = plot.LogScale{}
		p.Y.Min, p.Y.Max = lo/1.4, maxV*1.4
		p.Y.Tick.Marker = numberTicks{base: logTicks{}, decimals: l.opts.Decimals}
	} else {
		p.Y.Min = 0
		if maxV == 0 {
			maxV = 1
		}
		p.Y.Max = maxV * 1.1
		p.Y.Tick.Marker = numberTicks{base: plot.DefaultTicks{}, decimals: -1}
	}

	return p, nil
}

// yearTicks labels years at a step that leaves room between labels; with
// a step above one, every year still gets a minor tick.
func (l *layout) yearTicks(width vg.Length, sty text.Style) plot.Ticker {
	years := l.to - l.from + 1
	perYear := (width - 50) / vg.Length(years)
	labelW := sty.Width("2026") * 1.8
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100} {
		step = s
		if perYear*vg.Length(s) >= labelW {
			break
		}
	}
	partial := make(map[int]bool)
	for _, s := range l.series {
		for _, p := range s.Points {
			if p.Partial {
				partial[p.Year] = true
			}
		}
	}
	return yearTicker{from: l.from, to: l.to, step: step, partial: partial, note: l.opts.PartialNote}
}

type yearTicker struct {
	from, to, step int
	partial        map[int]bool
	note           string
}

func (t yearTicker) Ticks(_, _ float64) []plot.Tick {
	var ticks []plot.Tick
	for y := t.from; y <= t.to; y++ {
		label := ""
		if y%t.step == 0 || t.step == 1 || (t.partial[y] && y == t.to) {
			label = fmt.Sprint(y)
			if t.partial[y] && t.note != "" {
				label += "\n" + t.note
			}
		}
		ticks = append(ticks, plot.Tick{Value: float64(y), Label: label})
	}
	return ticks
}

// numberTicks relabels another ticker's marks with thousands separators.
type numberTicks struct {
	base     plot.Ticker
	decimals int // -1: as many as the tick step needs
}

func (t numberTicks) Ticks(min, max float64) []plot.Tick {
	ticks := t.base.Ticks(min, max)
	decimals := t.decimals
	if decimals < 0 {
		var majors []float64
		for _, tk := range ticks {
			if !tk.IsMinor() {
				majors = append(majors, tk.Value)
			}
		}
		sort.Float64s(majors)
		decimals = 0
		if len(majors) > 1 {
			if step := majors[1] - majors[0]; step > 0 && step < 1 {
				decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
			}
		}
	}
	for i := range ticks {
		if !ticks[i].IsMinor() {
			ticks[i].Label = formatNumber(ticks[i].Value, decimals)
		}
	}
	return ticks
}

// logTicks marks 1, 2 and 5 times each power of ten: gonum's LogTicks
// labels powers of ten only, which leaves a chart spanning less than a
// decade with one label or none.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	// Over more than two decades, 1-2-5 labels crowd: label powers of ten.
	labelled := func(m int) bool { return m == 1 || m == 2 || m == 5 }
	if math.Log10(max/min) > 2.5 {
		labelled = func(m int) bool { return m == 1 }
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); math.Pow(10, e) <= max; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, e)
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled(m) {
				t.Label = "x" // numberTicks writes the number
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
