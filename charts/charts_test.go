package charts_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pubtrend/pubtrend/charts"
	"gonum.org/v1/plot/cmpimg"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/ and docs/")

type golden struct {
	file      string // under testdata/, or ../docs/ for the README's examples
	series    []charts.Series
	breakdown *charts.Breakdown // drawn instead of series when set
	opts      charts.Options
}

// goldens are gallery variants kept as golden images, one or more for
// each item of issue 11 that is seen rather than computed; most at a
// smaller size than the gallery's, to keep testdata small.
func goldens(t testing.TB) []golden {
	byName := make(map[string]variant)
	for _, v := range gallery() {
		byName[v.name] = v
	}
	pick := func(file, name string, w, h int) golden {
		v, ok := byName[name]
		if !ok {
			t.Fatalf("no gallery variant %s", name)
		}
		o := v.opts
		if w != 0 {
			o.Width, o.Height = w, h
		}
		return golden{file: file, series: v.series, breakdown: v.breakdown, opts: o}
	}
	return []golden{
		pick("../docs/example-bar.png", "01-bar-short.png", 0, 0),                 // §1, §3, §5, §7
		pick("../docs/example-lines.png", "15-lines-log.png", 0, 0),               // §7, §8, §11 on a log scale
		pick("bar-from-missing.png", "04-bar-from-missing.png", 800, 450),         // §5, §8
		pick("grouped-missing-zero.png", "08-grouped-missing-zero.png", 800, 450), // §8, §9
		pick("lines-close-ends.png", "13-lines-close-ends.png", 800, 450),         // §11
		pick("lines-eight.png", "14-lines-eight.png", 800, 450),                   // §10
		pick("long-title.png", "16-long-title-queries.png", 800, 450),             // §6
		pick("small-bar.png", "17-small-bar.png", 0, 0),                           // §4
		pick("small-grouped.png", "18-small-grouped.png", 0, 0),                   // §4, §6
		pick("small-lines.png", "19-small-lines.png", 0, 0),                       // §4, §10
		pick("unicode.svg", "20-unicode.svg", 800, 450),                           // §12
		pick("unicode.pdf", "20-unicode.pdf", 800, 450),                           // §2
		// Issue 12: breakdowns.
		pick("../docs/example-breakdown.png", "30-stack-evidence.png", 0, 0),
		pick("stack-evidence.png", "30-stack-evidence.png", 800, 450),
		pick("stack-tiny.png", "38-stack-tiny.png", 800, 450),
		pick("stack-small.png", "39-stack-small.png", 0, 0),
		pick("stack-three-share.png", "34-stack-three-share.png", 800, 450),
		pick("stack-three.pdf", "44-stack-three.pdf", 800, 450),
	}
}

func render(t testing.TB, g golden) []byte {
	t.Helper()
	var buf bytes.Buffer
	if g.breakdown != nil {
		if err := charts.RenderBreakdown(&buf, *g.breakdown, g.opts); err != nil {
			t.Fatalf("RenderBreakdown(%s): %v", g.file, err)
		}
		return buf.Bytes()
	}
	if err := charts.Render(&buf, g.series, g.opts); err != nil {
		t.Fatalf("Render(%s): %v", g.file, err)
	}
	return buf.Bytes()
}

// TestGolden compares each chart with its golden image. Run with -update
// to rewrite them after a deliberate change, then look at them.
func TestGolden(t *testing.T) {
	for _, g := range goldens(t) {
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
	s := grow("x", "x", 2000, 2010, 10, 1.1, false)
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
	s := []charts.Series{grow("x", "x", 2000, 2010, 10, 1.1, true)}
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
	one := []charts.Series{grow("x", "x", 2000, 2010, 10, 1.1, false)}
	two := append(one, grow("y", "y", 2000, 2010, 10, 1.2, false))
	tests := []struct {
		name   string
		series []charts.Series
		opts   charts.Options
		want   error
	}{
		{"log with bars", one, charts.Options{Log: true, Style: charts.Bars}, charts.ErrLogBars},
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
			s = append(s, grow(fmt.Sprint("topic ", i), "", 1997, 2026, 100, 1.1, true))
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
