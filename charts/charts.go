package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Point is one year's value of a series.
type Point struct {
	Year  int
	Value float64
	// Partial marks a year that is not over (or not fully indexed): its
	// value will still grow. It is drawn lighter (bars) or as an open
	// marker off the line (lines), and labelled "1,681 so far".
	Partial bool
	// Projected is a partial year's expected full-year value, or 0 for
	// none. Bars get a dashed ghost outline up to it; lines a dashed
	// segment from the last complete year to it instead of to the
	// partial value, so the year in progress never reads as a decline.
	// Ignored on complete years and with Options.NoProjection.
	Projected float64
}

// Series is one topic's points. Years in the chart's range without a point
// are missing: marked × on the axis or in their slot and named in the
// footer, never drawn as zero.
type Series struct {
	// Name labels the series in the legend, at the end of its line and
	// in every footer note, which therefore match.
	Name string
	// Query is the PubMed query behind the series, shown in the subtitle
	// ("PubMed query: exosome"); a query too long for it moves to a
	// numbered footnote. Empty: not shown.
	Query  string
	Points []Point
}

// Style is the chart type.
type Style int

const (
	// Auto picks Bars for one series, Grouped for two or three, Lines
	// for more or on a log scale.
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
	// Title is wrapped to two lines, set smaller if two are not enough,
	// and never cut.
	Title string
	// Subtitle follows the queries on the subtitle line, e.g. "counted by
	// publication year ([dp])"; wrapped, and elided after three lines.
	Subtitle string
	// Footer lines go under the chart after the notes charts writes
	// itself (missing years, projection, footnotes), e.g. the source.
	// They wrap and are never cut.
	Footer []string
	// YLabel is the axis title, written above the axis.
	YLabel   string
	Style    Style
	Log      bool // log scale; lines only
	NoValues bool // no value labels on bars
	// Width and Height are in pixels for PNG; SVG and PDF get the same
	// proportions and text size. Defaults 1600×900; type is set for that
	// size and scales with the canvas. 600×400 works for every style.
	Width, Height int
	Format        Format // default PNG
	// PartialNote is added under the tick of a partial year, e.g. "to 25 Nov".
	PartialNote string
	// Decimals is the number of digits after the point in value labels.
	// 0 also means the values are counts: the y axis then steps by whole
	// numbers. Tick labels take their decimals from the tick step.
	Decimals int
	// From and To are the years on the x axis. Years in it without a
	// point are drawn as missing; points outside it are left out. Zero:
	// the years of the data.
	From, To int
	// ProjectionMethod says, in one sentence for the footer, how
	// Point.Projected was computed, e.g. "Projected from the share of
	// 2025's count that PubMed had by 26 Nov 2025."
	ProjectionMethod string
	// NoProjection draws partial years without their projection.
	NoProjection bool
	// Share draws a breakdown's stacks as percentages of their year, each
	// reaching 100% (RenderBreakdown only).
	Share bool
	// OwnScales gives each panel of a breakdown in counts its own y axis
	// instead of one for all (RenderBreakdown only).
	OwnScales bool
}

// ErrLogBars is returned for a log scale with bars: a bar's length is its
// value, and on a log axis lengths no longer compare.
var ErrLogBars = errors.New("a log scale needs lines: bar lengths on a log axis do not compare (use --style line)")

// ErrSize is returned for a size outside what Render draws.
var ErrSize = errors.New("chart size out of range")

// ErrNoData is returned when no series has a point to draw.
var ErrNoData = errors.New("nothing to draw: no series has a value in range")

// dpi maps pixels to points for PNG; vector formats use the same points,
// so text has the same size relative to the chart in every format.
const dpi = 192

// Beyond maxGroups years, or maxGrouped series, grouped bars become
// hairlines: such a chart is drawn as lines, and the footer says so.
const (
	maxGroups  = 25
	maxGrouped = 6
)

// maxDirect is the most lines labelled at their ends; more get a legend.
const maxDirect = 6

// chart is a validated request: clean text, sorted points in range, the
// style decided.
type chart struct {
	opts     Options
	series   []Series
	from, to int
	style    Style
	counts   bool // values are counts: whole-number y steps
	project  bool // some partial year has a projection to draw
	direct   bool // lines labelled at their ends instead of a legend
	switched bool // grouped bars asked for, lines drawn
	compact  bool // shorter notes, for a crowded chart
	share    bool // stacks of shares: no projection, "so far" means shares to date

	// more gives the notes a kind of chart adds to those of notes.go,
	// e.g. what hatching means on stacks, short ones when compact.
	more func(compact bool) []string

	glyphs    glyphs
	footnotes []string // set by subtitleBlock
}

// Render draws series into w as a PNG, SVG or PDF chart. Besides size and
// format errors it returns ErrNoData, ErrLogBars, ErrTooManySeries and
// ErrTooSmall (wrapped, naming a height that would do).
func Render(w io.Writer, series []Series, opts Options) error {
	c, err := newChart(series, opts)
	if err != nil {
		return err
	}
	p, err := c.fit(c.size())
	if err != nil {
		return err
	}
	return c.write(w, p.draw)
}

// size is the chart's size in points.
func (c *chart) size() (w, h vg.Length) {
	return vg.Length(c.opts.Width) * vg.Inch / dpi, vg.Length(c.opts.Height) * vg.Inch / dpi
}

// write draws a chart with fill on a white canvas of its size and format,
// and writes it.
func (c *chart) write(w io.Writer, fill func(draw.Canvas)) error {
	wPt, hPt := c.size()
	var canvas vg.CanvasWriterTo
	switch c.opts.Format {
	case PNG:
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wPt, hPt), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
	case SVG:
		canvas = svgCanvas{vgsvg.New(wPt, hPt)}
	case PDF:
		canvas = newPDF(wPt, hPt)
	}
	dc := draw.New(canvas)
	if c.opts.Format != PNG {
		dc.FillPolygon(color.White, rect(0, 0, wPt, hPt))
	}
	fill(dc)
	_, err := canvas.WriteTo(w)
	return err
}

// fit lays the chart out at its type scale, and smaller if the plot
// would get less than half the chart.
func (c *chart) fit(w, h vg.Length) (*page, error) {
	if p := c.tryFit(w, h); p != nil {
		return p, nil
	}
	return nil, tooSmall(c.opts.Width, c.opts.Height, func(h int) bool {
		try := *c
		try.opts.Height = h
		return try.tryFit(w, vg.Length(h)*vg.Inch/dpi) != nil
	})
}

// tryFit is fit without the error: nil if nothing fits.
func (c *chart) tryFit(w, h vg.Length) *page {
	var p *page
	if c.shrink(func(t typo) bool { p = c.layout(w, h, t); return p.fits() }) {
		return p
	}
	return nil
}

// shrink tries a layout at the chart's type scale until fits says it
// fits: first the notes get shorter, then the type smaller, never below
// 9.5 pixels for the footer. It reports whether one fitted.
func (c *chart) shrink(fits func(t typo) bool) bool {
	s := typeScale(c.opts.Width, c.opts.Height)
	steps := []struct {
		f       float64
		compact bool
	}{{1, false}, {1, true}, {0.92, true}, {0.85, true}, {0.78, true}, {0.72, true}}
	// The last step is the floor itself.
	floor := 9.5 / (sizeFooter * s * dpi / 72)
	steps = append(steps, struct {
		f       float64
		compact bool
	}{floor, true})
	for _, st := range steps {
		if st.f < floor-1e-9 {
			continue
		}
		c.compact = st.compact
		if fits(typo{scale: s * st.f, tight: st.compact}) {
			return true
		}
	}
	return false
}

// tooSmall is ErrTooSmall for a chart width×height pixels that does not
// fit, saying how tall it would have to be at its width: the first height,
// in steps of 50 pixels up to four times its own, at which fits is true.
func tooSmall(width, height int, fits func(height int) bool) error {
	for h := height + 50; h <= 4*height && h <= 20000; h += 50 {
		if fits(h) {
			return fmt.Errorf("%w: at %d pixels wide, make it at least %d high", ErrTooSmall, width, h)
		}
	}
	return fmt.Errorf("%w: make it larger", ErrTooSmall)
}

func newChart(series []Series, opts Options) (*chart, error) {
	c, err := prepare(series, opts)
	if err != nil {
		return nil, err
	}
	if err := c.decideStyle(); err != nil {
		return nil, err
	}
	if c.style == Lines && len(c.series) > maxLines {
		return nil, ErrTooManySeries
	}
	c.direct = c.style == Lines && len(c.series) > 1 && len(c.series) <= maxDirect
	c.findProjections()
	return c, nil
}

// prepare checks the size and format, cleans every text of what the font
// cannot draw, and keeps the points in the year range: what every kind of
// chart needs before its own decisions.
func prepare(series []Series, opts Options) (*chart, error) {
	if opts.Width == 0 {
		opts.Width = refWidth
	}
	if opts.Height == 0 {
		opts.Height = refHeight
	}
	if opts.Width < 300 || opts.Height < 200 || opts.Width > 20000 || opts.Height > 20000 {
		return nil, fmt.Errorf("%w: %d×%d: want between 300×200 and 20000×20000 pixels", ErrSize, opts.Width, opts.Height)
	}
	switch opts.Format {
	case "":
		opts.Format = PNG
	case PNG, SVG, PDF:
	default:
		return nil, fmt.Errorf("format %q: want png, svg or pdf", opts.Format)
	}
	c := &chart{opts: opts}
	c.opts.Title = c.glyphs.clean(opts.Title)
	c.opts.Subtitle = c.glyphs.clean(opts.Subtitle)
	c.opts.YLabel = c.glyphs.clean(opts.YLabel)
	c.opts.PartialNote = c.glyphs.clean(opts.PartialNote)
	c.opts.ProjectionMethod = c.glyphs.clean(opts.ProjectionMethod)
	c.opts.Footer = nil
	for _, f := range opts.Footer {
		c.opts.Footer = append(c.opts.Footer, c.glyphs.clean(f))
	}

	c.series = normalise(series)
	from, to, ok := yearRange(c.series)
	if !ok {
		return nil, ErrNoData
	}
	if opts.From != 0 {
		from = opts.From
	}
	if opts.To != 0 {
		to = opts.To
	}
	if from > to || to-from > 500 {
		return nil, fmt.Errorf("years %d–%d: want a range of at most 500 years, first to last", from, to)
	}
	c.from, c.to = from, to
	found := false
	for i := range c.series {
		s := &c.series[i]
		s.Name = c.glyphs.clean(s.Name)
		s.Query = c.glyphs.clean(s.Query)
		var in []Point
		for _, p := range s.Points {
			if p.Year >= from && p.Year <= to {
				in = append(in, p)
			}
		}
		s.Points = in
		found = found || len(in) > 0
	}
	if !found || (opts.Log && !c.anyPositive()) {
		return nil, ErrNoData
	}

	c.counts = opts.Decimals == 0
	return c, nil
}

// decideStyle settles Auto and what cannot be drawn as asked: one series
// is never grouped, grouped bars too many or too thin become lines; bars
// on a log scale are refused.
func (c *chart) decideStyle() error {
	c.style = c.opts.Style
	n := len(c.series)
	opts := c.opts
	switch c.style {
	case Auto:
		switch {
		case opts.Log || n > 3:
			c.style = Lines
		case n == 1:
			c.style = Bars
		default:
			c.style = Grouped
		}
	case Bars:
		if n > 1 {
			c.style = Grouped
		}
	case Grouped:
		if n == 1 {
			c.style = Bars
		}
	}
	if opts.Log && c.style != Lines {
		return ErrLogBars
	}
	if c.style == Grouped && (c.to-c.from+1 > maxGroups || n > maxGrouped || c.hairlines()) {
		c.style, c.switched = Lines, true
	}
	return nil
}

// findProjections sets project if some partial year has a projection to
// draw.
func (c *chart) findProjections() {
	for _, s := range c.series {
		for _, p := range s.Points {
			if p.Partial && !c.opts.NoProjection && p.Projected > p.Value {
				c.project = true
			}
		}
	}
}

// hairlines reports whether grouped bars would be under two points wide
// (about five pixels) on a plot most of the chart's width.
func (c *chart) hairlines() bool {
	plotW := float64(c.opts.Width) * 72 / dpi * 0.85
	bar := plotW / float64(c.to-c.from+1) * groupWidth / float64(len(c.series)) * 0.9
	return bar < 2
}

// normalise sorts points, drops duplicates, non-finite and negative values.
func normalise(in []Series) []Series {
	out := make([]Series, len(in))
	for i, s := range in {
		pts := make([]Point, 0, len(s.Points))
		seen := make(map[int]bool)
		for _, p := range s.Points {
			if seen[p.Year] || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || p.Value < 0 {
				continue
			}
			if !p.Partial || math.IsNaN(p.Projected) || math.IsInf(p.Projected, 0) || p.Projected < 0 {
				p.Projected = 0
			}
			seen[p.Year] = true
			pts = append(pts, p)
		}
		sort.Slice(pts, func(a, b int) bool { return pts[a].Year < pts[b].Year })
		out[i] = Series{Name: s.Name, Query: s.Query, Points: pts}
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

// maxValue is the largest value of any point and, with projections, of
// any projection drawn.
func (c *chart) maxValue(projections bool) float64 {
	m := 0.0
	for _, s := range c.series {
		for _, p := range s.Points {
			m = math.Max(m, p.Value)
			if c.project && projections {
				m = math.Max(m, p.Projected)
			}
		}
	}
	return m
}

// point returns series s's point for year y.
func (s Series) point(y int) (Point, bool) {
	i := sort.Search(len(s.Points), func(i int) bool { return s.Points[i].Year >= y })
	if i < len(s.Points) && s.Points[i].Year == y {
		return s.Points[i], true
	}
	return Point{}, false
}

// anyPositive reports whether some point can be drawn on a log scale.
func (c *chart) anyPositive() bool {
	for _, s := range c.series {
		for _, p := range s.Points {
			if p.Value > 0 {
				return true
			}
		}
	}
	return false
}
