package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

func exosomes() Series {
	s := vals("Exosomes", 2018, 812, 954, 1102, 1297, 1420, 1553, 1698, 1736, 1681)
	s.Points[len(s.Points)-1].Partial = true
	s.Points[len(s.Points)-1].Projected = 1890
	return s
}

// near reports whether two points are within 0.01 points.
func near(a, b vg.Point) bool { return approx(a.X, b.X) && approx(a.Y, b.Y) }

// Issue 11 §7, bars: the partial year is drawn as what is known, lighter,
// inside a dashed ghost of the expected full year, labelled "so far"; the
// axis makes room for the ghost.
func TestPartialBar(t *testing.T) {
	for _, noProj := range []bool{false, true} {
		t.Run(fmt.Sprint("NoProjection=", noProj), func(t *testing.T) {
			r, p := drawn(t, []Series{exosomes()}, Options{Title: "Exosomes", NoProjection: noProj})
			left, right := newBarGeom(1, p.x, p.plot).span(2026, 0)
			base, known, expected := p.y.pos(0, p.plot), p.y.pos(1681, p.plot), p.y.pos(1890, p.plot)
			var bar, ghost bool
			for _, s := range r.shapes {
				b := s.bounds()
				if !approx(b.Min.X, left) || !approx(b.Max.X, right) || !approx(b.Min.Y, base) {
					continue
				}
				switch {
				case s.fill && approx(b.Max.Y, known):
					bar = bar || sameColor(s.color, lighter(fillColor(0)))
				case !s.fill && s.dashes != nil && approx(b.Max.Y, expected):
					ghost = true
				case !s.fill && s.dashes != nil && !approx(b.Max.Y, known):
					t.Errorf("a dashed outline up to %.1f, neither the count nor its projection", float64(b.Max.Y))
				}
			}
			if !bar {
				t.Errorf("no lighter bar up to 1,681")
			}
			if ghost == noProj {
				t.Errorf("ghost outline up to 1,890 drawn: %v, want %v", ghost, !noProj)
			}
			if !strings.Contains(texts(r), "1,681 so far") { // on one line or two
				t.Errorf("the partial bar is not labelled 1,681 so far: %q", texts(r))
			}
			if top := p.y.ticks[len(p.y.ticks)-1].value; !noProj && top < 1890 {
				t.Errorf("top gridline %v cuts the ghost at 1,890", top)
			}
			if note := "dashed outline: the expected full-year count (≈1,890)"; strings.Contains(texts(r), note) == noProj {
				t.Errorf("footer says %q: %v, want %v", note, !noProj, !noProj)
			}
		})
	}
}

// Issue 11 §7, lines: the partial year is an open marker off the line,
// and the line goes on, dashed, to the projection, never down to the
// partial value.
func TestPartialLine(t *testing.T) {
	ev := vals("Extracellular vesicles", 2018, 500, 640, 700, 820, 900, 1010, 1100, 1200, 1050)
	ev.Points[len(ev.Points)-1].Partial = true
	ev.Points[len(ev.Points)-1].Projected = 1300
	for _, noProj := range []bool{false, true} {
		t.Run(fmt.Sprint("NoProjection=", noProj), func(t *testing.T) {
			r, p := drawn(t, []Series{exosomes(), ev}, Options{Title: "Two", Style: Lines, NoProjection: noProj})
			at := func(y int, v float64) vg.Point {
				return vg.Point{X: p.x.pos(float64(y), p.plot), Y: p.y.pos(v, p.plot)}
			}
			for _, c := range []struct {
				s              Series
				last, now, exp float64
			}{{exosomes(), 1736, 1681, 1890}, {ev, 1200, 1050, 1300}} {
				from, known, expected := at(2025, c.last), at(2026, c.now), at(2026, c.exp)
				var dashed, toKnown, openMarker bool
				for _, s := range r.shapes {
					if s.fill || len(s.pts) < 2 {
						continue
					}
					a, b := s.pts[0], s.pts[len(s.pts)-1]
					if near(a, from) && near(b, expected) && s.dashes != nil {
						dashed = true
					}
					if near(b, known) || near(a, known) {
						toKnown = true
					}
					bb := s.bounds()
					if near(vg.Point{X: (bb.Min.X + bb.Max.X) / 2, Y: (bb.Min.Y + bb.Max.Y) / 2}, known) {
						openMarker = true
					}
				}
				if dashed == noProj {
					t.Errorf("%s: dashed segment to the projection drawn: %v, want %v", c.s.Name, dashed, !noProj)
				}
				if toKnown {
					t.Errorf("%s: a line runs to the partial value", c.s.Name)
				}
				if !openMarker {
					t.Errorf("%s: no open marker at the partial value", c.s.Name)
				}
			}
		})
	}
}

// slotCross reports whether a × was drawn centred in [left, right].
func slotCross(r *recorder, left, right vg.Length) bool {
	n := 0
	for _, s := range r.shapes {
		b := s.bounds()
		if !s.fill && b.Min.X > left && b.Max.X < right && approx((b.Min.X+b.Max.X)/2, (left+right)/2) && b.Max.Y-b.Min.Y > 0 {
			n++
		}
	}
	return n >= 2
}

// Issue 11 §8: without value labels, a missing year and a zero still
// differ: the slot of a missing year has a ×, a zero has a stub.
func TestMissingVersusZero(t *testing.T) {
	a := vals("A", 2019, 300, 320, 340, 360)
	b := vals("B", 2019, -1, 0, 12, -1)
	for _, style := range []Style{Bars, Grouped} {
		series := []Series{a, b}
		if style == Bars {
			series = []Series{b}
		}
		t.Run(fmt.Sprint(style), func(t *testing.T) {
			r, p := drawn(t, series, Options{Title: "Missing and zero", NoValues: true, Style: style, From: 2019, To: 2022})
			g := newBarGeom(len(series), p.x, p.plot)
			i := len(series) - 1
			for _, tt := range []struct {
				year   int
				cross  bool
				filled bool
			}{{2019, true, false}, {2020, false, true}, {2021, false, true}, {2022, true, false}} {
				left, right := g.span(tt.year, i)
				filled := false
				for _, s := range r.shapes {
					bb := s.bounds()
					if s.fill && approx(bb.Min.X, left) && approx(bb.Max.X, right) && bb.Max.Y > bb.Min.Y {
						filled = true
					}
				}
				if got := slotCross(r, left, right); got != tt.cross {
					t.Errorf("B %d: × in its slot = %v, want %v", tt.year, got, tt.cross)
				}
				if filled != tt.filled {
					t.Errorf("B %d: bar or stub drawn = %v, want %v", tt.year, filled, tt.filled)
				}
			}
			if !strings.Contains(texts(r), "×: no data for") {
				t.Errorf("the footer does not say what × means")
			}
		})
	}
}

// valueLabels are the drawn numbers inside the plot: value labels.
func drawnValueLabels(r *recorder, p *page) []recText {
	var out []recText
	for _, tx := range r.texts {
		b := tx.box()
		if b.Min.X >= p.plot.Min.X && b.Max.X <= p.plot.Max.X && b.Min.Y > p.plot.Min.Y && b.Max.Y <= p.plot.Max.Y+p.headroom() {
			out = append(out, tx)
		}
	}
	return out
}

// Issue 11 §9: value labels on grouped bars touch no other label and no
// bar; where they cannot, there are none; past 25 years grouped bars are
// lines, and the footer says so.
func TestGroupedValueLabels(t *testing.T) {
	for _, tt := range []struct {
		name   string
		series []Series
		width  int
		labels bool
	}{
		{"three topics", []Series{grown("Exosomes", 2019, 2026, 1100, 1.08), grown("EV", 2019, 2026, 3000, 1.2), grown("CRISPR", 2019, 2026, 3900, 1.12)}, 1600, true},
		{"close values", []Series{grown("A", 2019, 2026, 1000, 1.1), grown("B", 2019, 2026, 1010, 1.1), grown("C", 2019, 2026, 990, 1.1)}, 1600, true},
		{"wide numbers", []Series{grown("A", 2015, 2026, 48210, 1.05), grown("B", 2015, 2026, 51000, 1.05), grown("C", 2015, 2026, 45000, 1.06)}, 800, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, p := drawn(t, tt.series, Options{Title: tt.name, Width: tt.width, Height: tt.width * 9 / 16})
			labels := drawnValueLabels(r, p)
			if (len(labels) > 0) != tt.labels {
				t.Fatalf("%d value labels drawn, want labels: %v", len(labels), tt.labels)
			}
			var bars []vg.Rectangle
			for _, s := range r.shapes {
				if s.fill {
					for i := range tt.series {
						if sameColor(s.color, fillColor(i)) || sameColor(s.color, lighter(fillColor(i))) {
							bars = append(bars, s.bounds())
						}
					}
				}
			}
			for i, a := range labels {
				for _, b := range labels[i+1:] {
					if overlap(a.box(), b.box()) {
						t.Errorf("value labels %q and %q overlap", a.s, b.s)
					}
				}
				for _, b := range bars {
					inside := a.box().Min.X >= b.Min.X && a.box().Max.X <= b.Max.X
					if overlap(a.box(), b) && !inside {
						t.Errorf("value label %q overlaps a bar it does not belong to", a.s)
					}
				}
			}
		})
	}
	many := []Series{grown("A", 1995, 2026, 30, 1.2), grown("B", 1995, 2026, 10, 1.25), grown("C", 1995, 2026, 50, 1.1)}
	r, p := drawn(t, many, Options{Title: "Many years", Style: Grouped})
	if p.c.style != Lines || !strings.Contains(texts(r), "32 years of grouped bars would be too thin to read: drawn as lines.") {
		t.Errorf("32 years of grouped bars: style %v, want lines with a note", p.c.style)
	}
}

// Editor's review §2 and §10: at most 8 lines, each its own colour and
// marker shape; every series line is solid, so that the dashed strokes are
// exactly the projections; no line colour is under 3:1 on white; a 9th
// line is refused. The note explains the filled and open markers.
func TestManySeries(t *testing.T) {
	shapes := make(map[shape]int)
	for i := range maxLines {
		m := markOf(i)
		if c := contrast(m.color, white); c < 3 {
			t.Errorf("line colour %d has contrast %.2f on white, want at least 3", i, c)
		}
		if j, dup := shapes[m.shape]; dup {
			t.Errorf("lines %d and %d have the same marker", j, i)
		}
		shapes[m.shape] = i
	}
	series := topics(8, 2010, 2026)
	r, p := drawn(t, series, Options{Title: "Eight", Style: Lines})
	colors := make(map[color.NRGBA]bool)
	dashed := 0
	for _, s := range r.shapes {
		if s.fill || s.width < p.t.len(1.2) || len(s.pts) < 2 {
			continue
		}
		colors[toNRGBA(s.color)] = true
		if s.dashes == nil {
			continue
		}
		// A dashed stroke is a projection: from a series' last complete
		// year to its projected value, and nothing else.
		dashed++
		a, b := s.pts[0], s.pts[len(s.pts)-1]
		found := false
		for _, se := range series {
			last, now := se.Points[len(se.Points)-2], se.Points[len(se.Points)-1]
			from := vg.Point{X: p.x.pos(float64(last.Year), p.plot), Y: p.y.pos(last.Value, p.plot)}
			to := vg.Point{X: p.x.pos(float64(now.Year), p.plot), Y: p.y.pos(now.Projected, p.plot)}
			found = found || (near(a, from) && near(b, to))
		}
		if !found {
			t.Errorf("a dashed stroke from %v to %v is no projection", a, b)
		}
	}
	if len(colors) != 8 || dashed != 8 {
		t.Errorf("8 lines drawn in %d colours with %d dashed strokes, want 8 colours and 8 projections", len(colors), dashed)
	}
	if all := texts(r); !strings.Contains(all, "filled markers: complete years") || !strings.Contains(all, "open markers: 2026 so far") {
		t.Errorf("the footer does not explain the filled and open markers: %q", all)
	}
	err := Render(&bytes.Buffer{}, topics(9, 2010, 2026), Options{Style: Lines})
	if !errors.Is(err, ErrTooManySeries) || !strings.Contains(err.Error(), "at most 8 lines stay distinguishable") {
		t.Errorf("Render(9 lines) = %v, want ErrTooManySeries saying 8 lines stay distinguishable", err)
	}
}

// Issue 11 §11: up to six lines are labelled at their ends, in their
// colour (at least 4.5:1 on white), nudged so that no two labels overlap;
// more get a legend.
func TestDirectLabels(t *testing.T) {
	var close []Series
	for i, n := range []string{"Exosomes", "Extracellular vesicles in cancer diagnosis and therapy", "CRISPR", "Peptides", "Long COVID and post-acute sequelae of SARS-CoV-2 infection", "Snail mucin"} {
		close = append(close, grown(n, 2012, 2026, 900+40*float64(i), 1.1-0.004*float64(i)))
	}
	for _, tt := range []struct {
		name   string
		series []Series
		opts   Options
	}{
		{"five", topics(5, 2000, 2026), Options{}},
		{"six ending together", close, Options{}},
		{"five, small", asLabelled(topics(5, 2000, 2026)), Options{Width: 600, Height: 400}},
		{"log", topics(4, 2000, 2026), Options{Log: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Title, tt.opts.Style = tt.name, Lines
			r, p := drawn(t, tt.series, tt.opts)
			if p.legend != nil {
				t.Fatalf("%d lines got a legend, want labels at their ends", len(tt.series))
			}
			var labels []recText
			for _, tx := range r.texts {
				if tx.x > p.plot.Max.X {
					labels = append(labels, tx)
					if c := contrast(toNRGBA(tx.color), white); c < minTextContrast {
						t.Errorf("label %q has contrast %.2f on white", tx.s, c)
					}
				}
			}
			joined := strings.Join(func() []string {
				var s []string
				for _, l := range labels {
					s = append(s, l.s)
				}
				return s
			}(), " ")
			for _, s := range tt.series {
				if !strings.Contains(joined, s.Name) {
					t.Errorf("no label %q at the line ends: %q", s.Name, joined)
				}
			}
			for i, a := range labels {
				for _, b := range labels[i+1:] {
					if overlap(a.box(), b.box()) {
						t.Errorf("labels %q and %q overlap", a.s, b.s)
					}
				}
				if a.x+a.w > p.w {
					t.Errorf("label %q runs off the chart", a.s)
				}
			}
		})
	}
	_, p := drawn(t, topics(7, 2000, 2026), Options{Title: "seven", Style: Lines})
	if p.legend == nil || len(p.labels) > 0 {
		t.Errorf("7 lines: legend %v, %d end labels; want a legend", p.legend != nil, len(p.labels))
	}
}

// asLabelled gives each series its name as query, as ad-hoc queries have.
func asLabelled(in []Series) []Series {
	out := append([]Series(nil), in...)
	for i := range out {
		out[i].Query = out[i].Name
	}
	return out
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// Issue 11 §12: SVG names fonts of nearly the same widths after Liberation
// Sans; characters no font here can draw become □ in every format and are
// named in the footer, never dropped.
func TestFonts(t *testing.T) {
	s := []Series{{Name: "外泌体", Query: "外泌体 OR exosome", Points: []Point{{Year: 2025, Value: 3}, {Year: 2026, Value: 4}}}}
	o := Options{Title: "Exosomes (外泌体) and α-synuclein", Format: SVG}
	var buf bytes.Buffer
	if err := Render(&buf, s, o); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if !strings.Contains(svg, "font-family:'Liberation Sans', Arial, Helvetica, sans-serif;") || strings.Contains(svg, "font-family:Liberation Sans;") {
		t.Errorf("SVG does not name the fallback fonts")
	}
	if got := string(MissingGlyphs(o.Title + "\n\t")); got != "外泌体" {
		t.Errorf("MissingGlyphs(%q) = %q, want 外泌体", o.Title, got)
	}
	r, _ := drawn(t, s, o)
	all := texts(r)
	for _, want := range []string{"Exosomes (□□□) and α-synuclein", "PubMed query: □□□ OR exosome", "U+5916 U+6CCC U+4F53"} {
		if !strings.Contains(all, want) {
			t.Errorf("drawn text lacks %q: %q", want, all)
		}
	}
	if !strings.Contains(svg, "Exosomes (□□□) and α-synuclein") {
		t.Errorf("SVG text differs from PNG's and PDF's")
	}
}

// Editor's review §3: each series' open marker, projection and end label
// are its own. Where one series' count so far falls on another's
// projection end (grouped bars drawn as lines), or two counts so far
// coincide (a log scale), the open marker moves aside, clear of the other
// series' markers and projection ends; open markers are drawn over every
// line, so no other series' stroke crosses one; each label sits at its own
// line's end, or a leader starts there.
func TestMarksOwnSeries(t *testing.T) {
	part := func(s Series, now, projected float64) Series {
		s.Points = append(s.Points, Point{Year: 2026, Value: now, Partial: true, Projected: projected})
		return s
	}
	for _, tt := range []struct {
		name   string
		series []Series
		opts   Options
	}{
		{"so far on another's projection", []Series{
			part(vals("Exosomes", 2020, 2600, 3400, 4200, 5000, 6000, 7100), 7360, 8600),
			part(vals("Extracellular vesicles", 2020, 2700, 3300, 4100, 5200, 6500, 8073), 8600, 10000),
			part(vals("Microvesicles", 2020, 500, 600, 700, 800, 850, 900), 780, 950),
		}, Options{Style: Lines}},
		{"so far on another's so far, log", []Series{
			part(vals("Exosomes", 2015, 300, 500, 800, 1200, 1800, 2500, 3100, 3600, 3900, 4200, 4500), 4000, 4800),
			part(vals("CRISPR", 2015, 20, 40, 80, 160, 300, 600, 1000, 1600, 2500, 3300, 4100), 4000, 4700),
			part(vals("Peptides", 2015, 30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000, 40000), 36000, 41000),
		}, Options{Style: Lines, Log: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Title = tt.name
			r, p := drawn(t, tt.series, tt.opts)
			if p.c.style != Lines {
				t.Fatalf("drawn as %v, want lines", p.c.style)
			}
			width, radius := p.t.len(1.5), p.t.len(2.2)
			centre := func(s recShape) vg.Point {
				b := s.bounds()
				return vg.Point{X: (b.Min.X + b.Max.X) / 2, Y: (b.Min.Y + b.Max.Y) / 2}
			}
			type marks struct {
				open, end vg.Point
				openAt    int
				filled    []vg.Point
			}
			ms := make([]marks, len(tt.series))
			lastLine := 0
			for k, sh := range r.shapes {
				b := sh.bounds()
				small := b.Max.X-b.Min.X < 4*radius && b.Max.Y-b.Min.Y < 4*radius
				for i := range tt.series {
					if !sameColor(sh.color, markOf(i).color) {
						continue
					}
					switch {
					case !sh.fill && small && approx(sh.width, width*0.6):
						ms[i].open, ms[i].openAt = centre(sh), k
					case sh.fill && small:
						ms[i].filled = append(ms[i].filled, centre(sh))
					case !sh.fill && sh.dashes != nil:
						ms[i].end = sh.pts[len(sh.pts)-1]
						lastLine = k
					case !sh.fill && sh.width >= width*0.8:
						lastLine = k
					}
				}
			}
			dist := func(a, b vg.Point) vg.Length {
				return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
			}
			for i, a := range ms {
				if a.openAt == 0 || a.end == (vg.Point{}) {
					t.Fatalf("%s: no open marker or no projection found", tt.series[i].Name)
				}
				if a.openAt < lastLine {
					t.Errorf("%s: a line is drawn over its open marker", tt.series[i].Name)
				}
				for j, b := range ms {
					if i == j {
						continue
					}
					others := append([]vg.Point{b.open, b.end}, b.filled...)
					for _, q := range others {
						if d := dist(a.open, q); d < 2.4*radius {
							t.Errorf("%s's open marker is %.2fpt from a mark of %s", tt.series[i].Name, float64(d), tt.series[j].Name)
						}
					}
				}
				// Its label: level with its own projection end, or with a
				// leader from there.
				lab := r.find(tt.series[i].Name)
				if len(lab) != 1 {
					t.Fatalf("label %q drawn %d times", tt.series[i].Name, len(lab))
				}
				mid := lab[0].y + (lab[0].asc-lab[0].desc)/2
				own := math.Abs(float64(mid-a.end.Y)) < float64(lab[0].size)/2
				for _, sh := range r.shapes {
					if !sh.fill && len(sh.pts) == 2 && sameColor(sh.color, markOf(i).color) && approx(sh.pts[0].Y, a.end.Y) && sh.pts[0].X > a.end.X {
						own = true
					}
				}
				if !own {
					t.Errorf("label %q is at %.2f, its projection ends at %.2f, and no leader joins them", tt.series[i].Name, float64(mid), float64(a.end.Y))
				}
			}
		})
	}
}

// Editor's review §5: a value label never crosses or hides a drawn line:
// no label (with its halo) touches a dashed outline of a partial year,
// and each partial year keeps its label, "so far", somewhere clear.
func TestLabelsClearOutlines(t *testing.T) {
	part := func(s Series, projected float64) Series {
		s.Points[len(s.Points)-1].Partial = true
		s.Points[len(s.Points)-1].Projected = projected
		return s
	}
	three := []Series{
		part(vals("Exosomes", 2019, 1100, 1188, 1283, 1386, 1497, 1616, 1746, 1621), 1885),
		part(vals("Extracellular vesicles", 2019, 2572, 3112, 3766, 4557, 5514, 6672, 8073, 8400), 9768),
		part(vals("CRISPR", 2019, 3934, 4406, 4935, 5527, 6190, 6933, 7765, 7479), 8696),
	}
	longQ := []Series{
		part(vals("Exosomes", 2019, 1100, 1302, 1460, 1622, 1780, 1850, 1990, 1700), 2050),
		part(vals("CRISPR", 2019, 900, 1100, 1280, 1460, 1555, 1670, 1720, 1489), 1760),
		part(vals("Base editing", 2019, 80, 140, 230, 310, 390, 455, 520, 480), 560),
	}
	per := []Series{part(vals("Snail mucin", 2015, 120.4, 180.2, 260.7, 310.3, 402.9, 505.1, 610.8, 700.2, 810.6, 880.4, 920.9, 743.6), 960.2)}
	perLong := []Series{part(vals("Snail mucin", 2007, 20.1, 40.3, 60.8, 80.2, 120.4, 180.2, 260.7, 310.3, 402.9, 505.1, 610.8, 700.2, 810.6, 840.4, 860.4, 870.4, 880.4, 920.9, 743.6), 960.2)}
	for _, tt := range []struct {
		name   string
		series []Series
		opts   Options
	}{
		{"three grouped", three, Options{}},
		{"long queries, full size", longQ, Options{}},
		{"per-100k bars", per, Options{Decimals: 1}},
		{"per-100k bars, 800", per, Options{Decimals: 1, Width: 800, Height: 450}},
		{"per-100k bars, 600", per, Options{Decimals: 1, Width: 600, Height: 400}},
		{"per-100k bars, 19 years", perLong, Options{Decimals: 1, Width: 1200, Height: 675}},
		{"per-100k bars, 19 years, 800", perLong, Options{Decimals: 1, Width: 800, Height: 450}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Title = tt.name
			r, p := drawn(t, tt.series, tt.opts)
			labels := drawnValueLabels(r, p)
			if len(labels) == 0 {
				t.Fatal("no value labels drawn")
			}
			halo := p.t.len(haloPad)
			var edges [][2]vg.Point // the dashed outlines' sides and tops
			for _, sh := range r.shapes {
				if sh.fill || sh.dashes == nil {
					continue
				}
				for k := 1; k < len(sh.pts); k++ {
					edges = append(edges, [2]vg.Point{sh.pts[k-1], sh.pts[k]})
				}
			}
			for _, l := range labels {
				b := l.box()
				b.Min.X, b.Max.X = b.Min.X-halo, b.Max.X+halo
				for _, e := range edges {
					lo := vg.Point{X: min(e[0].X, e[1].X), Y: min(e[0].Y, e[1].Y)}
					hi := vg.Point{X: max(e[0].X, e[1].X), Y: max(e[0].Y, e[1].Y)}
					if lo.X <= b.Max.X && hi.X >= b.Min.X && lo.Y <= b.Max.Y && hi.Y >= b.Min.Y {
						t.Errorf("value label %q touches a dashed outline from %v to %v", l.s, e[0], e[1])
						break
					}
				}
			}
			if got, want := strings.Count(texts(r), "so far"), len(tt.series); got < want {
				t.Errorf("%d partial bars labelled so far, want %d", got, want)
			}
		})
	}
}
