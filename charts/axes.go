package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// yAxis maps values to heights: linear from 0 to its top tick, or log
// from a little below its first tick to its last.
type yAxis struct {
	ticks  []tick
	log    bool
	lo, hi float64
}

// logRoom is the share of a log axis kept under its lowest gridline, so
// that no value sits on the axis line: on a log scale there is no zero,
// and a value of 1 drawn on the baseline reads as one.
const logRoom = 0.06

func (c *chart) yAxis() yAxis {
	if !c.opts.Log {
		// The top gridline is the first at or above the tallest mark,
		// projections included: nothing rises above the axis.
		t := linearTicks(c.maxValue(true), c.counts)
		return yAxis{ticks: t, lo: 0, hi: t[len(t)-1].value}
	}
	lo, hi := math.Inf(1), 0.0
	for _, s := range c.series {
		for _, p := range s.Points {
			for _, v := range []float64{p.Value, p.Projected} {
				if v > 0 && (v == p.Value || c.project) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	if hi == 0 {
		lo, hi = 1, 10
	}
	t := logTicks(lo, hi)
	first, last := t[0].value, t[len(t)-1].value
	// The axis starts logRoom of its height below the first gridline.
	bottom := first * math.Pow(last/first, -logRoom/(1-logRoom))
	return yAxis{ticks: t, log: true, lo: bottom, hi: last}
}

// pos is the height of v in the plot r.
func (a yAxis) pos(v float64, r vg.Rectangle) vg.Length {
	f := (v - a.lo) / (a.hi - a.lo)
	if a.log {
		f = math.Log(v/a.lo) / math.Log(a.hi/a.lo)
	}
	return r.Min.Y + (r.Max.Y-r.Min.Y)*vg.Length(f)
}

// drawYAxis draws a gridline per tick across the plot and its label at the
// left, right-aligned, so that the widest label starts at the title's
// left edge. The zero line of a linear axis is the x axis, drawn darker.
func (p *page) drawYAxis(dc draw.Canvas) { p.y.draw(dc, p.t, p.plot, true) }

// draw draws the gridlines across r and, with labels, the tick labels
// left of it.
func (a yAxis) draw(dc draw.Canvas, t typo, r vg.Rectangle, labels bool) {
	sty := t.style(sizeTick, false, muted)
	grid := draw.LineStyle{Color: rule, Width: t.len(0.5)}
	for _, tk := range a.ticks {
		y := a.pos(tk.value, r)
		if a.log || tk.value != 0 {
			dc.StrokeLine2(grid, r.Min.X, y, r.Max.X, y)
		}
		if labels {
			e := sty.FontExtents()
			fillText(dc, sty, text.XRight, r.Min.X-tickGap(t), y-(e.Ascent-e.Descent)/2, tk.label)
		}
	}
}

// labelWidth is the width of the widest tick label.
func (a yAxis) labelWidth(t typo) vg.Length {
	sty := t.style(sizeTick, false, muted)
	w := vg.Length(0)
	for _, tk := range a.ticks {
		w = max(w, sty.Width(tk.label))
	}
	return w
}

// tickGap is the space between the tick labels and the plot.
func tickGap(t typo) vg.Length { return t.len(5) }

// xAxis maps years to positions. Bars sit on the year, half a year of
// room on each side; lines run closer to the edges.
type xAxis struct {
	from, to int
	pad      float64 // years of room left of the first year
	padR     float64 // and right of the last
	partial  map[int]bool
	note     string
}

func (c *chart) xAxis(t typo) xAxis {
	a := xAxis{from: c.from, to: c.to, pad: 0.5, partial: make(map[int]bool), note: c.opts.PartialNote}
	if c.compact {
		a.note = "" // the footer's note says it instead: see partialNote
	}
	if c.style == Lines {
		a.pad = 0.3
	}
	a.padR = a.pad
	for _, s := range c.series {
		for _, pt := range s.Points {
			if pt.Partial {
				a.partial[pt.Year] = true
			}
		}
	}
	return a
}

// roomRight widens the room right of the last year to at least l in r:
// lines keep it for the open markers of a partial year moved aside.
func (a *xAxis) roomRight(l vg.Length, r vg.Rectangle) {
	w := r.Max.X - r.Min.X
	if l >= w/2 {
		return
	}
	span := float64(a.to-a.from) + a.pad
	// padR years are l wide when padR·w/(span+padR) = l.
	a.padR = math.Max(a.padR, float64(l)*span/float64(w-l))
}

func (a xAxis) pos(year float64, r vg.Rectangle) vg.Length {
	span := float64(a.to-a.from) + a.pad + a.padR
	return r.Min.X + (r.Max.X-r.Min.X)*vg.Length((year-float64(a.from)+a.pad)/span)
}

// perYear is the width of one year in r.
func (a xAxis) perYear(r vg.Rectangle) vg.Length {
	return (r.Max.X - r.Min.X) / vg.Length(float64(a.to-a.from)+a.pad+a.padR)
}

// labelHeight is the space the year labels take below the axis: two
// lines when a partial year carries its note.
func (a xAxis) labelHeight(t typo) vg.Length {
	sty := t.style(sizeTick, false, muted)
	n := 1
	if a.note != "" && len(a.partial) > 0 {
		n = 2
	}
	return lineHeight(sty) * vg.Length(n)
}

func (a xAxis) lines(y int) []string {
	l := []string{fmt.Sprint(y)}
	if a.partial[y] && a.note != "" {
		l = append(l, a.note)
	}
	return l
}

// yearLabel is a year's label placed on the axis: its lines and the
// horizontal extent of each.
type yearLabel struct {
	year  int
	lines []string
	x     []vg.Length // left edge of each line
	w     []vg.Length
}

// yearLabels chooses the labelled years: a regular step, the smallest of
// 1, 2, 5, 10, 20, 25, 50 and 100 at which the labels have room, so that
// the eye can count along the axis. The rhythm is kept over the ends:
//
//   - on round years (2000, 2005, 2010 …), where an end off the rhythm is
//     labelled in place of its neighbour if that stretches one interval
//     by no more than a quarter (2005 … 2020, 2026 at a step of 5);
//   - else, if a step up to twice as long lands on both ends, at that
//     step from the first year (2005, 2008, … 2026 at 3);
//   - else on round years only, or, if that leaves the last year
//     unlabelled, back from the last year (2016, 2018 … 2026): the year in
//     progress carries its note.
//
// Each line is centred on its tick and kept inside the axis; if labels
// still touch (a partial note pushed inside), the next step is tried.
func (a xAxis) yearLabels(r vg.Rectangle, sty text.Style) []yearLabel {
	room := sty.Width("0000") * 1.7
	steps := []int{1, 2, 5, 10, 20, 25, 50, 100}
	first := len(steps) - 1
	for i, s := range steps {
		if a.perYear(r)*vg.Length(s) >= room {
			first = i
			break
		}
	}
	for _, s := range steps[first:] {
		if out := a.placeYears(r, sty, a.rhythm(s)); out != nil {
			return out
		}
	}
	return a.placeYears(r, sty, []int{a.to})
}

// rhythm is the labelled years at a step of s, as yearLabels says.
func (a xAxis) rhythm(s int) []int {
	from, to := a.from, a.to
	if from == to {
		return []int{to}
	}
	var round []int
	for y := from; y <= to; y++ {
		if y%s == 0 {
			round = append(round, y)
		}
	}
	// An end off the rhythm replaces its neighbour if the interval it
	// then starts or ends is at most a quarter longer than s.
	if n := len(round); n >= 2 {
		ys := append([]int(nil), round...)
		both := true
		if ys[0] != from {
			if 4*(ys[1]-from) <= 5*s {
				ys[0] = from
			} else {
				both = false
			}
		}
		if ys[n-1] != to {
			if 4*(to-ys[n-2]) <= 5*s {
				ys[n-1] = to
			} else {
				both = false
			}
		}
		if both {
			return ys
		}
	}
	for k := s; k <= 2*s && k <= to-from; k++ {
		if (to-from)%k == 0 {
			var ys []int
			for y := from; y <= to; y += k {
				ys = append(ys, y)
			}
			return ys
		}
	}
	if len(round) > 0 && round[len(round)-1] == to {
		return round
	}
	var back []int
	for y := to; y >= from; y -= s {
		back = append([]int{y}, back...)
	}
	return back
}

// placeYears places the labels of years, each line centred on its tick
// and kept inside the axis; nil if two would touch.
func (a xAxis) placeYears(r vg.Rectangle, sty text.Style, years []int) []yearLabel {
	gap := sty.Width("0") * 0.8
	var out []yearLabel
	for _, y := range years {
		l := yearLabel{year: y, lines: a.lines(y)}
		x := a.pos(float64(y), r)
		for _, s := range l.lines {
			w := sty.Width(s)
			left := clamp(x-w/2, r.Min.X-w/2, r.Max.X-w)
			l.x, l.w = append(l.x, left), append(l.w, w)
		}
		if n := len(out); n > 0 {
			p := out[n-1]
			for i := 0; i < len(l.lines) && i < len(p.lines); i++ {
				if l.x[i] < p.x[i]+p.w[i]+gap {
					return nil
				}
			}
		}
		out = append(out, l)
	}
	return out
}

// drawXAxis draws the axis line, a tick per year (longer where labelled),
// the year labels on one baseline, and × where a year has no data.
func (p *page) drawXAxis(dc draw.Canvas) { p.x.draw(dc, p.t, p.plot) }

// draw draws the x axis under r, as drawXAxis says.
func (a xAxis) draw(dc draw.Canvas, t typo, r vg.Rectangle) {
	axis := draw.LineStyle{Color: ink, Width: t.len(0.75)}
	dc.StrokeLine2(axis, r.Min.X, r.Min.Y, r.Max.X, r.Min.Y)
	sty := t.style(sizeTick, false, muted)
	labels := a.yearLabels(r, sty)
	labelled := make(map[int]bool)
	for _, l := range labels {
		labelled[l.year] = true
	}
	tickSty := draw.LineStyle{Color: ink, Width: t.len(0.5)}
	tickLen := t.len(3)
	if a.perYear(r) < t.len(2) {
		tickSty.Width = 0 // ticks would merge into a band
	}
	for y := a.from; y <= a.to; y++ {
		x := a.pos(float64(y), r)
		n := tickLen * 0.6
		if labelled[y] {
			n = tickLen
		}
		if tickSty.Width > 0 || labelled[y] {
			dc.StrokeLine2(draw.LineStyle{Color: ink, Width: t.len(0.5)}, x, r.Min.Y, x, r.Min.Y-n)
		}
	}
	top := r.Min.Y - tickLen - t.len(2)
	lead := lineHeight(sty)
	for _, l := range labels {
		for i, s := range l.lines {
			fillText(dc, sty, text.XLeft, l.x[i], baseline(sty, top-vg.Length(i)*lead), s)
		}
	}
}

// drawCross marks a year without data: a small × centred at pt.
func drawCross(dc draw.Canvas, pt vg.Point, r, width vg.Length, col color.Color) {
	sty := draw.LineStyle{Color: col, Width: width}
	dc.StrokeLine2(sty, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
	dc.StrokeLine2(sty, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
}
