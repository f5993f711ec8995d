package charts

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// grown is a series growing by rate from base, its last year partial and
// projected.
func grown(name string, from, to int, base, rate float64) Series {
	s := Series{Name: name, Query: strings.ToLower(name)}
	for y := from; y <= to; y++ {
		v := math.Round(base * math.Pow(rate, float64(y-from)))
		p := Point{Year: y, Value: v}
		if y == to {
			p.Partial, p.Value, p.Projected = true, math.Round(v*0.86), v
		}
		s.Points = append(s.Points, p)
	}
	return s
}

func topics(n, from, to int) []Series {
	var out []Series
	for i := range n {
		out = append(out, grown(fmt.Sprintf("Topic number %d", i+1), from, to, 100+40*float64(i), 1.05+0.01*float64(i%4)))
	}
	return out
}

var fullOpts = Options{
	Title:            "Publications in PubMed",
	Subtitle:         "counted by publication year ([dp])",
	YLabel:           "Publications per year",
	Footer:           []string{"Source: PubMed (NCBI E-utilities), retrieved 2026-11-26 · pubtrend"},
	PartialNote:      "to 26 Nov",
	ProjectionMethod: "Expected: 2026 so far divided by the share of 2025's count PubMed had on 26 Nov 2025.",
}

// Issue 11 §4 and the editor's review §11: every style works at 600×400
// with the gallery's text, the gridded plot keeping at least half the
// height (and half the width); so do larger sizes. A chart whose text
// cannot leave that (eight lines, each query listed under the chart) is
// refused with a height that works.
func TestSmallSizes(t *testing.T) {
	styles := []struct {
		name    string
		series  []Series
		opts    func(Options) Options
		refused bool // may be ErrTooSmall at 600×400
	}{
		{"bars", topics(1, 2015, 2026), nil, false},
		{"bars, 37 years", topics(1, 1990, 2026), nil, false},
		{"grouped", topics(3, 2019, 2026), nil, false},
		{"grouped, as labelled", asLabelled(topics(3, 2019, 2026)), nil, false},
		{"lines", topics(5, 2000, 2026), func(o Options) Options { o.Style = Lines; return o }, false},
		{"lines, 8", asLabelled(topics(8, 2000, 2026)), func(o Options) Options { o.Style = Lines; return o }, false},
		{"lines, 8, queries listed", topics(8, 2000, 2026), func(o Options) Options { o.Style = Lines; return o }, true},
		{"log", topics(4, 2000, 2026), func(o Options) Options { o.Log = true; return o }, false},
		{"per-100k", topics(2, 2019, 2026), func(o Options) Options { o.Decimals = 2; return o }, false},
		{"no projection", topics(1, 2015, 2026), func(o Options) Options { o.NoProjection = true; return o }, false},
		{"long title", topics(3, 2019, 2026), func(o Options) Options {
			o.Title = strings.Repeat("A long user title that wraps ", 4)
			return o
		}, true},
	}
	for _, size := range [][2]int{{600, 400}, {800, 600}, {1600, 900}} {
		for _, st := range styles {
			t.Run(fmt.Sprintf("%s %d×%d", st.name, size[0], size[1]), func(t *testing.T) {
				o := fullOpts
				if st.opts != nil {
					o = st.opts(o)
				}
				o.Width, o.Height = size[0], size[1]
				if err := Render(io.Discard, st.series, o); errors.Is(err, ErrTooSmall) && st.refused && size[0] == 600 {
					var h int
					if _, e := fmt.Sscanf(err.Error()[strings.Index(err.Error(), "at 600"):], "at 600 pixels wide, make it at least %d high", &h); e != nil {
						t.Fatalf("the error does not say what height would do: %v", err)
					}
					o.Height = h
				}
				r, p := drawn(t, st.series, o)
				if plot := p.plot.Max.Y - p.plot.Min.Y; plot < p.h/2 {
					t.Errorf("the plot is %.0f%% of the height, want at least half", float64(100*plot/p.h))
				}
				if plot := p.plot.Max.X - p.plot.Min.X; plot < p.w/2 {
					t.Errorf("the plot is %.0f%% of the width, want at least half", float64(100*plot/p.w))
				}
				noOverlappingText(t, r)
			})
		}
	}
	// Type follows the canvas: the same share of a bigger chart, and a
	// smaller chart's type shrinks less than the chart, so it stays legible.
	if s := typeScale(3200, 1800); s != 2 {
		t.Errorf("typeScale(3200×1800) = %v, want 2", s)
	}
	small := typeScale(600, 400)
	if small >= 1 || small <= 600.0/1600 {
		t.Errorf("typeScale(600×400) = %v, want between %v and 1", small, 600.0/1600)
	}
	if px := sizeFooter * small * dpi / 72; px < 10 {
		t.Errorf("at 600×400 the footer is %.1f pixels high, want at least 10", px)
	}
	// At 800×600 text took most of the image: now a title takes a
	// smaller share of the height than at the reference size.
	for _, size := range [][2]int{{800, 600}} {
		o := fullOpts
		o.Width, o.Height = size[0], size[1]
		r, _ := drawn(t, topics(3, 2019, 2026), o)
		ref := fullOpts
		rr, _ := drawn(t, topics(3, 2019, 2026), ref)
		share := r.find(o.Title)[0].size / r.h
		if refShare := rr.find(o.Title)[0].size / rr.h; share > refShare*1.1 {
			t.Errorf("at %d×%d the title is %.1f%% of the height, %.1f%% at the reference size", size[0], size[1], float64(100*share), float64(100*refShare))
		}
	}
}

// yearTexts are the drawn year labels, by year, and their second lines.
func yearTexts(r *recorder, p *page) (first map[int]recText, second []recText) {
	first = make(map[int]recText)
	for _, tx := range r.texts {
		if tx.y > p.plot.Min.Y || tx.y < p.plot.Min.Y-p.xAxisH || tx.x+tx.w <= p.plot.Min.X {
			continue // not under the axis, or a y tick label
		}
		var y int
		if _, err := fmt.Sscan(tx.s, &y); err == nil && y >= 1000 && y <= 3000 && fmt.Sprint(y) == tx.s {
			first[y] = tx
		} else {
			second = append(second, tx)
		}
	}
	return first, second
}

// Issue 11 §5 with the editor's review §9: the years are labelled at a
// regular step, the last always (it carries the partial note), the first
// where that keeps the rhythm; labels never overlap and stay on one
// baseline; the partial year's note stays inside the axis; years from
// From without data stay on the axis, marked missing.
func TestYearAxis(t *testing.T) {
	tests := []struct {
		name   string
		series []Series
		opts   Options
	}{
		{"short", topics(1, 2019, 2026), Options{}},
		{"long", topics(1, 1990, 2026), Options{}},
		{"odd start", topics(1, 2005, 2026), Options{}},
		{"lines, long", topics(3, 1995, 2026), Options{Style: Lines}},
		{"small", topics(1, 1997, 2026), Options{Width: 600, Height: 400}},
		{"from without data", topics(1, 2010, 2026), Options{From: 2005}},
		{"one year", topics(1, 2026, 2026), Options{}},
		// The ranges of the editor's review.
		{"2005-2026", topics(1, 2005, 2026), Options{}},
		{"2005-2026, 800", topics(1, 2005, 2026), Options{Width: 800, Height: 450}},
		{"2015-2026, 600", topics(1, 2015, 2026), Options{Width: 600, Height: 400}},
		{"six lines 2012-2026, 600", topics(6, 2012, 2026), Options{Width: 600, Height: 400, Style: Lines}},
		{"2018-2026, 600", topics(1, 2018, 2026), Options{Width: 600, Height: 400}},
		{"2016-2026, 600", topics(1, 2016, 2026), Options{Width: 600, Height: 400}},
		{"1990-2026, 600", topics(1, 1990, 2026), Options{Width: 600, Height: 400}},
		{"2000-2026, lines, 800", topics(3, 2000, 2026), Options{Width: 800, Height: 450, Style: Lines}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.PartialNote = "to 26 Nov"
			o.Title = "A chart"
			r, p := drawn(t, tt.series, o)
			first, second := yearTexts(r, p)
			from, to := p.c.from, p.c.to
			if _, ok := first[to]; !ok {
				t.Errorf("year %d, the last of the axis, has no label", to)
			}
			checkRhythm(t, first, from, to)
			var base vg.Length
			var labels []recText
			for _, l := range first {
				if base == 0 {
					base = l.y
				}
				if !approx(l.y, base) {
					t.Errorf("label %s sits at %.2f, the others at %.2f", l.s, float64(l.y), float64(base))
				}
				labels = append(labels, l)
			}
			for i, a := range labels {
				for _, b := range labels[i+1:] {
					if overlap(a.box(), b.box()) {
						t.Errorf("year labels %s and %s overlap", a.s, b.s)
					}
				}
			}
			switch {
			case p.c.compact:
				// A crowded chart says it in the footer instead.
				if len(second) != 0 || !strings.Contains(texts(r), fmt.Sprintf("%d (to 26 Nov) so far", to)) {
					t.Errorf("compact: second lines under the axis %v, want none and the note in the footer", second)
				}
			case len(second) != 1 || second[0].s != "to 26 Nov":
				t.Fatalf("second lines under the axis: %v, want the partial note once", second)
			case second[0].x+second[0].w > p.plot.Max.X+0.01:
				t.Errorf("the partial note ends %.2f points past the axis", float64(second[0].x+second[0].w-p.plot.Max.X))
			}
			if tt.opts.From != 0 {
				if from != tt.opts.From {
					t.Errorf("the axis starts at %d, want --from %d", from, tt.opts.From)
				}
				crosses := 0
				for _, s := range r.shapes {
					if !s.fill && sameColor(s.color, muted) {
						crosses++
					}
				}
				if want := 2 * (2010 - from); crosses != want {
					t.Errorf("%d strokes of × on the axis, want %d (two for each year without data)", crosses, want)
				}
				if !hasText(r, "×: no data for 2005–2009.") {
					t.Errorf("the footer does not name the years without data")
				}
			}
		})
	}
}

// checkRhythm checks the labelled years for a regular step: every
// interval the same, except that one at either end may be up to a quarter
// longer; the first label less than a step from the first year.
func checkRhythm(t *testing.T, labelled map[int]recText, from, to int) {
	t.Helper()
	var ys []int
	for y := range labelled {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	if len(ys) < 2 {
		return
	}
	step := ys[len(ys)-1] - ys[0]
	for i := 1; i < len(ys); i++ {
		step = min(step, ys[i]-ys[i-1])
	}
	for i := 1; i < len(ys); i++ {
		d := ys[i] - ys[i-1]
		end := i == 1 || i == len(ys)-1
		if d != step && !(end && 4*d <= 5*step) {
			t.Errorf("years labelled %v: an interval of %d in a rhythm of %d", ys, d, step)
		}
	}
	if ys[0]-from >= step {
		t.Errorf("years labelled %v: the axis starts at %d, a whole step before the first label", ys, from)
	}
}

func hasText(r *recorder, s string) bool {
	var all []string
	for _, tx := range r.texts {
		all = append(all, tx.s)
	}
	return strings.Contains(strings.Join(all, " "), s)
}

// Issue 11 §6: a user's title is never cut, at any size; long queries move
// to numbered footnotes, whole; legend entries wrap instead of being cut;
// the footer names series by their legend labels.
func TestTextNeverCut(t *testing.T) {
	title := "Exosomes, CRISPR and base editing: three fields that grew together, and a user's own title long enough to wrap to more than two lines on a small chart"
	long := `exosome OR exosomes OR "extracellular vesicle" OR "extracellular vesicles" OR microvesicle* OR "secreted vesicles" NOT review[pt]`
	names := []string{"Exosomes and extracellular vesicles in cancer diagnosis and therapy", "CRISPR", "Base editing"}
	var series []Series
	for i, n := range names {
		s := grown(n, 2019, 2026, 100*float64(i+1), 1.1)
		s.Query = strings.ToLower(n)
		series = append(series, s)
	}
	series[0].Query = long
	series[1].Points = series[1].Points[2:] // missing 2019-2020
	for _, size := range [][2]int{{800, 600}, {1600, 900}} {
		t.Run(fmt.Sprintf("%d×%d", size[0], size[1]), func(t *testing.T) {
			o := fullOpts
			o.Title, o.Width, o.Height = title, size[0], size[1]
			r, p := drawn(t, series, o)
			var titleLines []string
			for _, tx := range r.texts {
				if tx.bold {
					titleLines = append(titleLines, tx.s)
				}
			}
			if got := strings.Join(titleLines, " "); got != title {
				t.Errorf("title drawn as %q, want it whole: %q", got, title)
			}
			if strings.Contains(strings.Join(titleLines, ""), "…") {
				t.Errorf("title was cut")
			}
			all := texts(r)
			if !strings.Contains(all, names[0]) {
				t.Errorf("legend entry %q was not drawn whole (wrapped lines joined): %q", names[0], all)
			}
			sub := strings.Join(p.header[1].lines, " ")
			switch {
			case strings.Contains(sub, long):
				if len(p.c.footnotes) > 0 {
					t.Errorf("the query is in the subtitle and in a note: %q", p.c.footnotes)
				}
			case strings.Contains(sub, names[0]+"¹"):
				if !strings.Contains(all, "¹ "+names[0]+": "+long) {
					t.Errorf("the subtitle marks footnote ¹, the footer lacks it whole: %q", all)
				}
			case strings.Contains(sub, "PubMed queries under the chart"):
				if !strings.Contains(all, "PubMed queries: "+names[0]+": "+long+"; ") {
					t.Errorf("the queries are not listed whole under the chart: %q", all)
				}
			default:
				t.Errorf("the long query is nowhere: subtitle %q", sub)
			}
			if !strings.Contains(all, "×: no data for CRISPR 2019–2020") {
				t.Errorf("the missing years are not named by the legend label: %q", all)
			}
		})
	}
}

// A chart whose text cannot leave the plot half the height is refused
// with the size that would do, rather than cut: that height draws, and 50
// pixels less does not.
func TestTooSmall(t *testing.T) {
	o := fullOpts
	o.Width, o.Height = 600, 300
	series := topics(8, 2000, 2026)
	err := Render(io.Discard, series, o)
	var h int
	if !errors.Is(err, ErrTooSmall) {
		t.Fatalf("Render(8 lines, 600×300) = %v, want ErrTooSmall", err)
	}
	if _, e := fmt.Sscanf(err.Error()[strings.Index(err.Error(), "at 600"):], "at 600 pixels wide, make it at least %d high", &h); e != nil {
		t.Fatalf("the error does not say what height would do: %v", err)
	}
	o.Height = h
	if err := Render(io.Discard, series, o); err != nil {
		t.Errorf("Render(8 lines, 600×%d), the size the error gave: %v", h, err)
	}
	o.Height = h - 50
	if err := Render(io.Discard, series, o); !errors.Is(err, ErrTooSmall) {
		t.Errorf("Render(8 lines, 600×%d), 50 less than the error gave: %v, want ErrTooSmall", h-50, err)
	}
}

// texts joins the drawn strings, a wrapped line joined to the next by a
// space, so that wrapped text can be searched whole.
func texts(r *recorder) string {
	var all []string
	for _, tx := range r.texts {
		all = append(all, tx.s)
	}
	return strings.Join(all, " ")
}

func TestWrap(t *testing.T) {
	sty := typo{scale: 1}.style(sizeFooter, false, ink)
	s := "a (b OR c) AND averyveryveryveryveryveryveryveryverylongwordwithoutspaces[tiab] end"
	lines := wrap(s, sty, sty.Width("averyveryvery"), 0)
	if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != strings.ReplaceAll(s, " ", "") {
		t.Errorf("wrap lost text: %q", lines)
	}
	for _, l := range lines {
		if sty.Width(l) > sty.Width("averyveryvery") {
			t.Errorf("line %q is wider than the width", l)
		}
	}
	if l := wrap(s, sty, sty.Width("averyveryvery"), 2); len(l) != 2 || !strings.HasSuffix(l[1], "…") {
		t.Errorf("wrap to 2 lines = %q, want two, the last elided", l)
	}
}
