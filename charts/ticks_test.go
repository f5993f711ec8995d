package charts

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// series of explicit values from a year on; a negative value is a missing
// year.
func vals(name string, from int, vs ...float64) Series {
	s := Series{Name: name}
	for i, v := range vs {
		if v >= 0 {
			s.Points = append(s.Points, Point{Year: from + i, Value: v})
		}
	}
	return s
}

// parseLabel reads a tick label back into a number.
func parseLabel(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		t.Fatalf("tick label %q is not a number", s)
	}
	return v
}

// Issue 11 §1 and §3: every label states its gridline's value exactly,
// with the decimals of the step; counts step by whole numbers; 4 to 6
// gridlines on 1-2-5 steps from 0 to the first at or above the maximum.
func TestLinearTicks(t *testing.T) {
	tests := []struct {
		name   string
		max    float64
		counts bool
		want   string // the labels, for the cases the issue names
	}{
		{"snail mucin 0-3", 3, true, "0 1 2 3"},
		{"snail mucin 0-7", 7, true, "0 2 4 6 8"},
		{"0-9", 9, true, "0 2 4 6 8 10"},
		{"0-25", 25, true, "0 5 10 15 20 25"},
		{"exosomes 0-1,736", 1736, true, "0 500 1,000 1,500 2,000"},
		{"cancer 0-82,230", 82230, true, "0 20,000 40,000 60,000 80,000 100,000"},
		{"per-100k 0-0.37", 0.37, false, "0.0 0.1 0.2 0.3 0.4"},
		{"per-100k 0-2.6", 2.6, false, "0 1 2 3"},
		{"per-100k 0-0.025", 0.025, false, "0.000 0.005 0.010 0.015 0.020 0.025"},
		{"a single count", 1, true, "0 1 2 3"},
		{"all zero", 0, true, "0 1 2 3"},
		{"per-100k all zero", 0, false, ""},
		{"2.5 exactly", 2.5, false, ""},
		{"12.5", 12.5, false, ""},
		{"999", 999, true, ""},
		{"1,000", 1000, true, ""},
		{"1,001", 1001, true, ""},
		{"10,100", 10100, true, ""},
		{"37", 37, true, ""},
		{"0.0049", 0.0049, false, ""},
		{"31,415.9", 31415.9, false, ""},
		// A 2.5 step where 1-2-5 would end a third higher; never for
		// counts under 25.
		{"1,100", 1100, true, "0 250 500 750 1,000 1,250"},
		{"0.11", 0.11, false, "0.000 0.025 0.050 0.075 0.100 0.125"},
		{"105", 105, true, "0 25 50 75 100 125"},
		{"11 counts", 11, true, "0 5 10 15"},
		{"8,367", 8367, true, "0 2,000 4,000 6,000 8,000 10,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ticks := linearTicks(tt.max, tt.counts)
			var labels []string
			for _, tk := range ticks {
				labels = append(labels, tk.label)
			}
			if tt.want != "" && strings.Join(labels, " ") != tt.want {
				t.Errorf("linearTicks(%v) labels = %q, want %q", tt.max, strings.Join(labels, " "), tt.want)
			}
			if n := len(ticks); n < 4 || n > 6 {
				t.Errorf("linearTicks(%v) gives %d gridlines, want 4 to 6", tt.max, n)
			}
			step := ticks[1].value - ticks[0].value
			mant := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
			if m := math.Round(mant*1e6) / 1e6; m != 1 && m != 2 && m != 2.5 && m != 5 {
				t.Errorf("linearTicks(%v) step %v is not 1, 2, 2.5 or 5 times a power of ten", tt.max, step)
			}
			if tt.counts && step != math.Round(step) {
				t.Errorf("linearTicks(%v) steps by %v: counts need whole numbers", tt.max, step)
			}
			decimals := stepDecimals(step)
			for i, tk := range ticks {
				if got := parseLabel(t, tk.label); got != tk.value {
					t.Errorf("label %q states %v, its gridline is at %v", tk.label, got, tk.value)
				}
				if math.Abs(tk.value-float64(i)*step) > step*1e-9 {
					t.Errorf("gridline %d at %v, want %v", i, tk.value, float64(i)*step)
				}
				d := 0
				if j := strings.IndexByte(tk.label, '.'); j >= 0 {
					d = len(tk.label) - j - 1
				}
				if d != decimals {
					t.Errorf("label %q has %d decimals, the step %v needs %d", tk.label, d, step, decimals)
				}
			}
			top := ticks[len(ticks)-1].value
			if top < tt.max {
				t.Errorf("top gridline %v is below the tallest bar %v", top, tt.max)
			}
			if below := ticks[len(ticks)-2].value; below >= tt.max && tt.max > 0 && len(ticks) > 4 {
				t.Errorf("gridline %v is already above %v: the axis goes one step too far", below, tt.max)
			}
		})
	}
}

// The top gridline is the first at or above the tallest drawn mark,
// projections included: a ghost outline or a dashed line never rises
// above the axis, and the gridline under the top one is below the tallest
// mark (no step too many).
func TestAxisCoversProjections(t *testing.T) {
	proj := func(s Series, v float64) Series {
		s.Points[len(s.Points)-1].Partial = true
		s.Points[len(s.Points)-1].Projected = v
		return s
	}
	for _, tt := range []struct {
		name    string
		series  []Series
		style   Style
		tallest float64
	}{
		{"bar, 8,367 over 8,000", []Series{proj(vals("A", 2019, 5000, 6000, 7000, 8000, 7500), 8367)}, Bars, 8367},
		{"bar, 105 over 100", []Series{proj(vals("A", 2019, 60, 80, 90, 100, 96), 105)}, Bars, 105},
		{"grouped", []Series{proj(vals("A", 2019, 50, 70, 100, 90), 104), proj(vals("B", 2019, 30, 40, 60, 70), 80)}, Grouped, 104},
		{"lines", []Series{proj(vals("A", 2019, 5000, 6000, 7000, 8000, 7500), 8367), vals("B", 2019, 1, 2, 3, 4, 5)}, Lines, 8367},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, p := drawn(t, tt.series, Options{Title: tt.name, Style: tt.style})
			top := p.y.ticks[len(p.y.ticks)-1].value
			if below := p.y.ticks[len(p.y.ticks)-2].value; below >= tt.tallest || top < tt.tallest {
				t.Errorf("axis to %v (the gridline below %v), want the first gridline at or above %v", top, below, tt.tallest)
			}
			topY := p.y.pos(top, p.plot)
			for _, sh := range r.shapes {
				b := sh.bounds()
				inPlot := b.Min.X >= p.plot.Min.X-0.01 && b.Max.X <= p.plot.Max.X+0.01 && b.Min.Y >= p.plot.Min.Y-0.01 && b.Min.Y < topY
				if inPlot && (sh.dashes != nil || sh.fill) && b.Max.Y > topY+sh.width/2+0.01 && b.Max.Y-b.Min.Y > p.t.len(4) {
					t.Errorf("a mark rises to %.2f, above the top gridline at %.2f", float64(b.Max.Y), float64(topY))
				}
			}
		})
	}
}

// Issue 11 §7 (log): the log axis starts below its lowest gridline, so a
// value of 1 sits clear of the axis line instead of reading as zero.
func TestLogRoom(t *testing.T) {
	s := []Series{vals("Snail mucin", 2005, 1, 2, 1, 3, 5, 9, 12), vals("Exosomes", 2005, 300, 400, 520, 700, 900, 1200, 1500)}
	r, p := drawn(t, s, Options{Title: "Log", Log: true, Style: Lines})
	lines := gridlines(r, p.plot) // the axis line first
	if len(lines) < 2 || lines[1] < p.plot.Min.Y+p.t.len(4) {
		t.Fatalf("gridlines at %v, the axis at %v: want room under the lowest", lines, p.plot.Min.Y)
	}
	one := p.y.pos(1, p.plot)
	if one < p.plot.Min.Y+p.t.len(4) {
		t.Errorf("a value of 1 is drawn %.2fpt above the axis line, want it clear", float64(one-p.plot.Min.Y))
	}
	markers := 0
	for _, sh := range r.shapes {
		b := sh.bounds()
		if sh.fill && b.Max.Y-b.Min.Y < p.t.len(8) && approx((b.Min.Y+b.Max.Y)/2, one) {
			markers++
			if b.Min.Y <= p.plot.Min.Y {
				t.Errorf("a marker of 1 touches the axis line")
			}
		}
	}
	if markers != 2 {
		t.Errorf("%d markers at 1, want 2", markers)
	}
}

func TestLogTicks(t *testing.T) {
	for _, tt := range []struct{ lo, hi float64 }{{1, 52}, {0.3, 4}, {2, 45000}, {120, 480}} {
		ticks := logTicks(tt.lo, tt.hi)
		if ticks[0].value > tt.lo || ticks[len(ticks)-1].value < tt.hi {
			t.Errorf("logTicks(%v, %v) spans %v–%v, short of the data", tt.lo, tt.hi, ticks[0].value, ticks[len(ticks)-1].value)
		}
		for _, tk := range ticks {
			if got := parseLabel(t, tk.label); got != tk.value {
				t.Errorf("logTicks(%v, %v): label %q states %v, its gridline is at %v", tt.lo, tt.hi, tk.label, got, tk.value)
			}
		}
	}
}

// yTickLabels are the drawn labels just left of the plot, by height.
func yTickLabels(r *recorder, plot vg.Rectangle) []recText {
	var out []recText
	for _, tx := range r.texts {
		if tx.x+tx.w <= plot.Min.X && tx.x+tx.w > plot.Min.X-tx.size && tx.y < plot.Max.Y+tx.asc && tx.y > plot.Min.Y-tx.asc {
			out = append(out, tx)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].y < out[j].y })
	return out
}

// gridlines are the heights of the drawn gridlines and the axis line.
func gridlines(r *recorder, plot vg.Rectangle) []vg.Length {
	var ys []vg.Length
	for _, s := range r.shapes {
		b := s.bounds()
		if !s.fill && approx(b.Min.Y, b.Max.Y) && approx(b.Min.X, plot.Min.X) && approx(b.Max.X, plot.Max.X) {
			ys = append(ys, b.Min.Y)
		}
	}
	sort.Slice(ys, func(i, j int) bool { return ys[i] < ys[j] })
	return ys
}

// Issue 11 §1 and §3, as drawn: read each label's value off the chart,
// find the gridline it is centred on, and read every bar's height back
// through the labelled gridlines: it must be the bar's value. The widest
// label starts at the title's left edge.
func TestDrawnTicksStateTheirGridlines(t *testing.T) {
	for _, tt := range []struct {
		name string
		s    Series
		opts Options
	}{
		{"snail mucin 2010-2013", vals("Snail mucin", 2010, 1, 3, 7, 5), Options{}},
		{"exosomes to 1,736", vals("Exosomes", 2018, 812, 954, 1102, 1297, 1420, 1553, 1698, 1736), Options{}},
		{"per-100k", vals("Snail mucin", 2018, 0.02, 0.05, 0.04, 0.11, 0.19, 0.25, 0.31, 0.37), Options{Decimals: 2}},
		{"per-100k 2.6", vals("Slugs", 2019, 0.8, 0.9, 1.1, 1.2, 1.6, 2.0, 2.6), Options{Decimals: 1}},
		{"cancer", vals("Cancer", 2016, 48210, 51893, 55120, 58977, 64203, 73012, 78540, 80118, 81377, 82230), Options{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Title = "A title"
			r, p := drawn(t, []Series{tt.s}, tt.opts)
			labels := yTickLabels(r, p.plot)
			lines := gridlines(r, p.plot)
			if len(labels) != len(lines) || len(labels) < 4 || len(labels) > 6 {
				t.Fatalf("%d tick labels and %d gridlines, want the same number, 4 to 6", len(labels), len(lines))
			}
			// value(y) = a + b·y, from the lowest and highest labelled lines.
			v0, v1 := parseLabel(t, labels[0].s), parseLabel(t, labels[len(labels)-1].s)
			b := (v1 - v0) / float64(lines[len(lines)-1]-lines[0])
			value := func(y vg.Length) float64 { return v0 + b*float64(y-lines[0]) }
			for i, l := range labels {
				mid := l.y + (l.asc-l.desc)/2
				if d := mid - lines[i]; d > l.size/4 || d < -l.size/4 {
					t.Errorf("label %q is centred %.2fpt off its gridline", l.s, float64(d))
				}
				if got, want := value(lines[i]), parseLabel(t, l.s); math.Abs(got-want) > 1e-9*math.Max(1, want) {
					t.Errorf("gridline labelled %q is at the height of %v", l.s, got)
				}
			}
			if top := parseLabel(t, labels[len(labels)-1].s); top < maxValueOf(tt.s) {
				t.Errorf("top gridline %v is below the tallest bar %v", top, maxValueOf(tt.s))
			}
			for _, pt := range tt.s.Points {
				left, right := newBarGeom(1, p.x, p.plot).span(pt.Year, 0)
				for _, sh := range r.shapes {
					bb := sh.bounds()
					if sh.fill && approx(bb.Min.X, left) && approx(bb.Max.X, right) {
						if got := value(bb.Max.Y); math.Abs(got-pt.Value) > 1e-6*math.Max(1, pt.Value) {
							t.Errorf("bar %d reads %v off the gridlines, its value is %v", pt.Year, got, pt.Value)
						}
					}
				}
			}
			title := r.find("A title")[0]
			widest := labels[0]
			for _, l := range labels {
				if l.w > widest.w {
					widest = l
				}
			}
			if !approx(widest.x, title.x) {
				t.Errorf("widest tick label starts at %.2f, the title at %.2f", float64(widest.x), float64(title.x))
			}
		})
	}
}

func maxValueOf(s Series) float64 {
	m := 0.0
	for _, p := range s.Points {
		m = math.Max(m, p.Value)
	}
	return m
}
