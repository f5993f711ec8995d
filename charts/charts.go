package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strings"

	xfont "golang.org/x/image/font"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Point is one year's value of a series.
type Point struct {
	Year  int
	Value float64
	// Partial marks a year that is not over (or not fully indexed): its
	// value will still grow.
	Partial bool
}

// Series is one topic's points. Years without a point are missing: they
// are left empty, not drawn as zero.
type Series struct {
	Name   string
	Points []Point
}

// Style is the chart type.
type Style int

const (
	// Auto picks Bars for one series, Grouped for two or three, Lines for more.
	Auto Style = iota
	Bars
	Grouped
	Lines
)

// ParseStyle reads "auto", "bar", "grouped" or "line".
func ParseStyle(s string) (Style, error) {
	switch s {
	case "", "auto":
		return Auto, nil
	case "bar", "bars":
		return Bars, nil
	case "grouped":
		return Grouped, nil
	case "line", "lines":
		return Lines, nil
	}
	return Auto, fmt.Errorf("style %q: want bar, grouped or line", s)
}

// Format is the output file format.
type Format string

const (
	PNG Format = "png"
	SVG Format = "svg"
	PDF Format = "pdf"
)

// Options control a chart. Zero values take the defaults noted.
type Options struct {
	Title    string
	Subtitle string   // wrapped to two lines, then elided
	Footer   []string // lines under the chart, e.g. the source
	YLabel   string
	Style    Style
	Log      bool // log scale; lines only
	NoValues bool // no value labels on bars
	// Width and Height are in pixels for PNG; SVG and PDF get the same
	// proportions and text size. Defaults 1600×900.
	Width, Height int
	Format        Format // default PNG
	// PartialNote is added under the tick of a partial year, e.g. "to 25 Nov".
	PartialNote string
	// Decimals is the number of digits after the point in labels.
	Decimals int
}

// ErrLogBars is returned for a log scale with bars: a bar's length is its
// value, and on a log axis lengths no longer compare.
var ErrLogBars = errors.New("a log scale needs lines: bar lengths on a log axis do not compare (use --style line)")

// ErrNoData is returned when no series has a point to draw.
var ErrNoData = errors.New("nothing to draw: no series has a value in range")

// dpi maps pixels to points for PNG; vector formats use the same points,
// so text has the same size relative to the chart in every format.
const dpi = 192

// Okabe–Ito, the colour-blind-safe palette, in a fixed order so a topic
// keeps its colour between charts with the same topic order.
var palette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
	{0x00, 0x00, 0x00, 0xFF}, // black
}

func colorOf(i int) color.NRGBA { return palette[i%len(palette)] }

// lighter blends c with white, for partial years.
func lighter(c color.NRGBA) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*0.6) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xFF}
}

var (
	ink   = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	muted = color.NRGBA{0x5F, 0x5F, 0x5F, 0xFF}
	rule  = color.NRGBA{0xDD, 0xDD, 0xDD, 0xFF}
)

func style(size vg.Length, bold bool, c color.Color) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: c, Font: f, Handler: plot.DefaultTextHandler}
}

// Render draws series into w.
func Render(w io.Writer, series []Series, opts Options) error {
	if opts.Width == 0 {
		opts.Width = 1600
	}
	if opts.Height == 0 {
		opts.Height = 900
	}
	if opts.Width < 300 || opts.Height < 200 || opts.Width > 20000 || opts.Height > 20000 {
		return fmt.Errorf("size %d×%d: want between 300×200 and 20000×20000 pixels", opts.Width, opts.Height)
	}
	if opts.Format == "" {
		opts.Format = PNG
	}
	switch opts.Style {
	case Auto:
		switch {
		case len(series) == 1:
			opts.Style = Bars
		case len(series) <= 3 && !opts.Log:
			opts.Style = Grouped
		default:
			opts.Style = Lines
		}
	case Bars:
		if len(series) > 1 {
			opts.Style = Grouped
		}
	}
	if opts.Log && opts.Style != Lines {
		return ErrLogBars
	}
	series = normalise(series)
	from, to, ok := yearRange(series)
	if !ok {
		return ErrNoData
	}

	wPt := vg.Length(opts.Width) * vg.Inch / dpi
	hPt := vg.Length(opts.Height) * vg.Inch / dpi
	var canvas vg.CanvasWriterTo
	switch opts.Format {
	case PNG:
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wPt, hPt), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
	case SVG:
		canvas = vgsvg.New(wPt, hPt)
	case PDF:
		c := vgpdf.New(wPt, hPt)
		c.EmbedFonts(true)
		canvas = c
	default:
		return fmt.Errorf("format %q: want png, svg or pdf", opts.Format)
	}
	dc := draw.New(canvas)
	if opts.Format != PNG {
		dc.FillPolygon(color.White, []vg.Point{{X: 0, Y: 0}, {X: wPt, Y: 0}, {X: wPt, Y: hPt}, {X: 0, Y: hPt}})
	}
	l := layout{opts: opts, series: series, from: from, to: to}
	if err := l.draw(dc); err != nil {
		return err
	}
	_, err := canvas.WriteTo(w)
	return err
}

// normalise sorts points, drops duplicates and non-finite values.
func normalise(in []Series) []Series {
	out := make([]Series, len(in))
	for i, s := range in {
		pts := make([]Point, 0, len(s.Points))
		seen := make(map[int]bool)
		for _, p := range s.Points {
			if seen[p.Year] || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || p.Value < 0 {
				continue
			}
			seen[p.Year] = true
			pts = append(pts, p)
		}
		sort.Slice(pts, func(a, b int) bool { return pts[a].Year < pts[b].Year })
		out[i] = Series{Name: s.Name, Points: pts}
	}
	return out
}

func yearRange(series []Series) (from, to int, ok bool) {
	for _, s := range series {
		for _, p := range s.Points {
			if !ok || p.Year < from {
				from = p.Year
			}
			if !ok || p.Year > to {
				to = p.Year
			}
			ok = true
		}
	}
	return from, to, ok
}

// formatNumber writes v with thousands separators and the given decimals.
func formatNumber(v float64, decimals int) string {
	p := message.NewPrinter(language.English)
	return p.Sprintf("%.*f", decimals, v)
}

// elide shortens s to fit width in sty, ending it with "…".
func elide(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// wrap breaks s into at most maxLines lines of width, eliding the last.
func wrap(s string, sty text.Style, width vg.Length, maxLines int) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for i, w := range words {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if sty.Width(next) <= width || cur == "" {
			cur = next
			continue
		}
		lines = append(lines, cur)
		cur = w
		if len(lines) == maxLines-1 {
			cur = strings.Join(words[i:], " ")
			break
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if n := len(lines); n > 0 {
		lines[n-1] = elide(lines[n-1], sty, width)
	}
	return lines
}
