package charts_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pubtrend/pubtrend/charts"
	"gonum.org/v1/plot/cmpimg"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/ and docs/")

// series builds a deterministic series: a steady growth from base, with
// the last year partial when partial is set.
func series(name string, from, to int, base, growth float64, partial bool) charts.Series {
	s := charts.Series{Name: name}
	for y := from; y <= to; y++ {
		v := math.Round(base * math.Pow(growth, float64(y-from)))
		p := charts.Point{Year: y, Value: v}
		if partial && y == to {
			p.Value = math.Round(v * 0.85)
			p.Partial = true
		}
		s.Points = append(s.Points, p)
	}
	return s
}

func without(s charts.Series, years ...int) charts.Series {
	out := charts.Series{Name: s.Name}
	for _, p := range s.Points {
		drop := false
		for _, y := range years {
			drop = drop || p.Year == y
		}
		if !drop {
			out.Points = append(out.Points, p)
		}
	}
	return out
}

var footer = []string{"Source: PubMed (NCBI E-utilities), retrieved 2026-11-25 · pubtrend"}

type golden struct {
	file   string // under testdata/, or ../docs/ for the README's examples
	series []charts.Series
	opts   charts.Options
}

func goldens() []golden {
	exo := series("Exosomes", 2019, 2026, 5139, 1.09, true)
	ev := series("Extracellular vesicles", 2015, 2026, 1200, 1.25, true)
	crispr := series("CRISPR", 2015, 2026, 2500, 1.18, true)
	zero := charts.Series{Name: "Snail mucin", Points: []charts.Point{{Year: 2019, Value: 0}, {Year: 2020, Value: 3}, {Year: 2021, Value: 0},
		{Year: 2022, Value: 9}, {Year: 2023, Value: 14}, {Year: 2024, Value: 31}, {Year: 2025, Value: 40}, {Year: 2026, Value: 36, Partial: true}}}
	var five []charts.Series
	for i, n := range []string{"Exosomes", "Extracellular vesicles in cancer diagnosis and therapy: a very long label that must be elided", "CRISPR", "Peptides", "Long COVID"} {
		five = append(five, series(n, 1990, 2026, 100*float64(i+1), 1.05+0.03*float64(i), true))
	}
	return []golden{
		{"../docs/example-bar.png", []charts.Series{exo}, charts.Options{
			Title: "Publications on exosomes in PubMed", Subtitle: "PubMed query: exosome · counted by publication year ([dp])",
			YLabel: "Publications per year", Footer: append(footer, "2026 is incomplete: counts to 25 Nov 2026, still growing."), PartialNote: "to 25 Nov"}},
		{"../docs/example-lines.png", []charts.Series{exo, ev, crispr, zero}, charts.Options{
			Title: "Four topics in PubMed, log scale", Subtitle: "Counted by publication year; open markers: year in progress",
			YLabel: "Publications per year (log scale)", Style: charts.Lines, Log: true, Footer: footer, PartialNote: "to 25 Nov"}},
		{"bar-gaps.png", []charts.Series{without(exo, 2021)}, charts.Options{Title: "A missing year stays empty", Width: 800, Height: 450,
			YLabel: "Publications", Footer: []string{"No data: 2021"}}},
		{"grouped.png", []charts.Series{exo, without(ev, 2015, 2016, 2017, 2018), without(crispr, 2015, 2016, 2017, 2018)}, charts.Options{
			Title: "Grouped bars, per 100,000", Width: 800, Height: 450, Decimals: 1, YLabel: "Per 100,000 PubMed records"}},
		{"lines-many-years.png", five, charts.Options{Title: "Forty years, five topics", Subtitle: strings.Repeat("a long query OR ", 30),
			Width: 1200, Height: 700, PartialNote: "to 25 Nov"}},
		{"bar.svg", []charts.Series{exo}, charts.Options{Title: "SVG", Format: charts.SVG, Width: 800, Height: 450}},
	}
}

func render(t testing.TB, g golden) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := charts.Render(&buf, g.series, g.opts); err != nil {
		t.Fatalf("Render(%s): %v", g.file, err)
	}
	return buf.Bytes()
}

// TestGolden compares each chart with its golden image. Run with -update
// to rewrite them after a deliberate change, then look at them.
func TestGolden(t *testing.T) {
	for _, g := range goldens() {
		t.Run(filepath.Base(g.file), func(t *testing.T) {
			got := render(t, g)
			path := g.file
			if !strings.HasPrefix(path, "../") {
				path = filepath.Join("testdata", path)
			}
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./charts -update to create it)", err)
			}
			ok, err := cmpimg.Equal(strings.TrimPrefix(filepath.Ext(path), "."), got, want)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				bad := filepath.Join(t.TempDir(), filepath.Base(path))
				os.WriteFile(bad, got, 0o644)
				t.Errorf("%s differs from its golden image; the new one is %s (run with -update if the change is intended)", path, bad)
			}
		})
	}
}

func TestPNGSize(t *testing.T) {
	var buf bytes.Buffer
	s := series("x", 2000, 2010, 10, 1.1, false)
	if err := charts.Render(&buf, []charts.Series{s}, charts.Options{Width: 1200, Height: 700}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 700 {
		t.Errorf("PNG size = %d×%d, want 1200×700", b.Dx(), b.Dy())
	}
}

func TestFormats(t *testing.T) {
	s := []charts.Series{series("x", 2000, 2010, 10, 1.1, true)}
	for _, tt := range []struct {
		f      charts.Format
		prefix string
	}{{charts.PNG, "\x89PNG"}, {charts.SVG, "<?xml"}, {charts.PDF, "%PDF"}} {
		var buf bytes.Buffer
		if err := charts.Render(&buf, s, charts.Options{Format: tt.f}); err != nil {
			t.Fatalf("Render(%s): %v", tt.f, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte(tt.prefix)) {
			t.Errorf("Render(%s) starts with %q, want %q", tt.f, buf.Bytes()[:8], tt.prefix)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	one := []charts.Series{series("x", 2000, 2010, 10, 1.1, false)}
	two := append(one, series("y", 2000, 2010, 10, 1.2, false))
	tests := []struct {
		name   string
		series []charts.Series
		opts   charts.Options
		want   error
	}{
		{"log with bars", one, charts.Options{Log: true}, charts.ErrLogBars},
		{"log with grouped", two, charts.Options{Log: true, Style: charts.Grouped}, charts.ErrLogBars},
		{"no data", []charts.Series{{Name: "empty"}}, charts.Options{}, charts.ErrNoData},
		{"log of zeros", []charts.Series{{Name: "z", Points: []charts.Point{{Year: 2000}}}}, charts.Options{Log: true, Style: charts.Lines}, charts.ErrNoData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := charts.Render(&bytes.Buffer{}, tt.series, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("Render error = %v, want %v", err, tt.want)
			}
		})
	}
	for _, o := range []charts.Options{{Width: 10, Height: 10}, {Format: "gif"}} {
		if err := charts.Render(&bytes.Buffer{}, one, o); err == nil {
			t.Errorf("Render(%+v) succeeded, want an error", o)
		}
	}
}

func TestParseStyle(t *testing.T) {
	for in, want := range map[string]charts.Style{"": charts.Auto, "bar": charts.Bars, "grouped": charts.Grouped, "line": charts.Lines} {
		if got, err := charts.ParseStyle(in); err != nil || got != want {
			t.Errorf("ParseStyle(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := charts.ParseStyle("pie"); err == nil {
		t.Error("ParseStyle(pie) succeeded")
	}
}

func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1, 5} {
		var s []charts.Series
		for i := range n {
			s = append(s, series(fmt.Sprint("topic ", i), 1997, 2026, 100, 1.1, true))
		}
		for _, f := range []charts.Format{charts.PNG, charts.SVG} {
			b.Run(fmt.Sprintf("topics=%d/years=30/%s", n, f), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := charts.Render(&bytes.Buffer{}, s, charts.Options{Format: f}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
