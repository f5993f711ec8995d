package report

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/dataset"
	"time"
)

// ChartOptions are what a user chooses about a chart; the rest (titles
// that were not given, footers, partial years) comes from the data.
type ChartOptions struct {
	Title, Subtitle string // default: from the topics
	Style           charts.Style
	Log             bool
	NoValues        bool
	PerHundredK     bool // per 100,000 PubMed records of the same year
	NoProjection    bool // draw the partial year without its expected full count
	Share           bool // with a breakdown: each year's parts as % of the year
	Width, Height   int
	Format          charts.Format
}

// NoTotalsError is a normalised chart whose years lack PubMed's totals.
type NoTotalsError struct {
	Years []int
}

func (e *NoTotalsError) Error() string {
	return fmt.Sprintf("no PubMed total stored for %s: cannot normalise", YearRanges(e.Years))
}

// ErrLogBars is charts.ErrLogBars: a log scale asked of bars.
var ErrLogBars = charts.ErrLogBars

// Chart draws a dataset into w: what `pubtrend chart` writes and what the
// server serves, from one function.
// A dataset with a breakdown is drawn as stacked bars, one panel per topic.
func Chart(w io.Writer, ds *dataset.Dataset, o ChartOptions) error {
	var err error
	switch {
	case len(ds.Series) > 0 && ds.Series[0].Split != nil:
		b, opts, ierr := BreakdownInput(ds, o)
		if ierr != nil {
			return ierr
		}
		err = charts.RenderBreakdown(w, b, opts)
	case o.Share:
		return ErrShareWithoutBy
	default:
		series, opts, ierr := ChartInput(ds, o)
		if ierr != nil {
			return ierr
		}
		err = charts.Render(w, series, opts)
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, charts.ErrLogBars), errors.Is(err, charts.ErrTooManySeries),
		errors.Is(err, charts.ErrTooManyParts), errors.Is(err, charts.ErrTooManyPanels):
		return err
	}
	return fmt.Errorf("chart: %w", err)
}

// CheckCount refuses, before anything is fetched, a chart of more topics
// than it can draw: n topics as lines, or as panels of a breakdown.
func CheckCount(n int, breakdown bool) error {
	switch {
	case breakdown && n > charts.MaxPanels:
		return charts.ErrTooManyPanels
	case !breakdown && n > charts.MaxLines:
		return charts.ErrTooManySeries
	}
	return nil
}

// ChartInput turns a dataset into the charts package's series and
// options: values per year (counts, or shares per 100,000), titles,
// footers and the partial year's note.
func ChartInput(ds *dataset.Dataset, o ChartOptions) ([]charts.Series, charts.Options, error) {
	if o.Log && o.Style == charts.Auto {
		o.Style = charts.Lines // a log scale asks for lines
	}
	if o.Log && (o.Style == charts.Bars || o.Style == charts.Grouped) {
		return nil, charts.Options{}, ErrLogBars
	}
	if o.PerHundredK {
		if ys := ds.WithoutTotals(); len(ys) > 0 {
			return nil, charts.Options{}, &NoTotalsError{Years: ys}
		}
	}
	fetched := ds.Fetched()
	var series []charts.Series
	method := ""
	for _, s := range ds.Series {
		cs := charts.Series{Name: s.Label, Query: s.Query}
		// The projection is compare's, scaled like the counts when they
		// are shares of PubMed.
		proj := Project(s, ds.Current())
		for _, y := range ds.Years(s) {
			if y.Count == nil {
				continue
			}
			p := charts.Point{Year: y.Year, Value: float64(*y.Count), Partial: y.Partial}
			if o.PerHundredK {
				if y.Per100k == nil {
					continue // a zero total: nothing to divide by
				}
				p.Value = *y.Per100k
			}
			// A share of PubMed is already a share of the year so far: it
			// is not projected, only counts are.
			if proj != nil && proj.Year == y.Year && *y.Count > 0 && !o.PerHundredK {
				p.Projected = p.Value * proj.Count / float64(*y.Count)
				method = proj.Method
			}
			cs.Points = append(cs.Points, p)
		}
		series = append(series, cs)
	}
	opts := charts.Options{
		Title:        o.Title,
		Subtitle:     o.Subtitle,
		Style:        o.Style,
		Log:          o.Log,
		NoValues:     o.NoValues,
		Width:        o.Width,
		Height:       o.Height,
		Format:       o.Format,
		YLabel:       "Publications per year",
		From:         ds.From,
		To:           ds.To,
		NoProjection: o.NoProjection,
	}
	if method != "" {
		opts.ProjectionMethod = "Expected full year: " + method + "; a projection, not a count."
	}
	if !fetched.Partial.IsZero() {
		opts.PartialNote = "to " + fetched.Partial.UTC().Format("2 Jan")
	}
	if o.PerHundredK {
		opts.YLabel = "Publications per 100,000 PubMed records"
		opts.Decimals = 1
	}
	if o.Log {
		opts.YLabel += " (log scale)"
	}
	if opts.Title == "" {
		opts.Title = capitalise(Title(ds, o.PerHundredK))
	}
	if opts.Subtitle == "" {
		opts.Subtitle = dateRule
	}
	opts.Footer = Footer(ds)
	return series, opts, nil
}

// ChartWarnings are what a front end should tell the user about a chart
// that will draw, but not wholly as asked: characters the chart's font
// cannot draw (they are shown as □ and named in the footer).
func ChartWarnings(ds *dataset.Dataset, title string) []string {
	var out []string
	for _, s := range ds.Series {
		if ds.Empty(s) {
			out = append(out, fmt.Sprintf("PubMed found nothing for %q in %d-%d: drawn as zeros (check the query's spelling and tags)", s.Query, s.From, s.To))
		}
	}
	texts := []string{title}
	for _, s := range ds.Series {
		texts = append(texts, s.Label, s.Query)
	}
	seen := make(map[rune]bool)
	var missing []string
	for _, t := range texts {
		for _, r := range charts.MissingGlyphs(t) {
			if !seen[r] {
				seen[r] = true
				missing = append(missing, fmt.Sprintf("%c (U+%04X)", r, r))
			}
		}
	}
	if len(missing) > 0 {
		out = append(out, "the chart's font has no "+strings.Join(missing, ", ")+": drawn as □ and named in the footer")
	}
	return out
}

var numberWords = []string{"", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"}

// Title is a chart's automatic title: the topic for one, the topics for
// two or three, and a short count beyond, which the legend then names.
func Title(ds *dataset.Dataset, perHundredK bool) string {
	labels := titleLabels(ds)
	per := ""
	if perHundredK {
		per = " per 100,000 PubMed records"
	}
	switch n := len(labels); {
	case n == 1 && perHundredK:
		return fmt.Sprintf("Publications%s on %s", per, labels[0])
	case n == 1:
		return fmt.Sprintf("Publications on %s in PubMed", labels[0])
	case n <= 3:
		list := topicsPhrase(ds)
		if perHundredK {
			return fmt.Sprintf("Publications%s: %s", per, list)
		}
		return "Publications in PubMed: " + list
	default:
		count := fmt.Sprint(n)
		if n < len(numberWords) {
			count = numberWords[n]
		}
		if perHundredK {
			return fmt.Sprintf("%s topics in PubMed,%s", count, per)
		}
		return count + " topics in PubMed"
	}
}

// maxTitleLabel is the longest label a title names: a longer one is a raw
// query, which the subtitle shows in full.
const maxTitleLabel = 40

// titleLabels are the topics' labels as titles name them: a label that is
// a long query is "this query" (the subtitle gives it).
func titleLabels(ds *dataset.Dataset) []string {
	var out []string
	for i, s := range ds.Series {
		l := s.Label
		if len([]rune(l)) > maxTitleLabel {
			l = "this query"
			if len(ds.Series) > 1 {
				l = fmt.Sprintf("query %d", i+1)
			}
		}
		out = append(out, l)
	}
	return out
}

// capitalise makes a title start with a capital: a query's text often
// does not ("exosome in PubMed: …").
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// dateRule is how years are counted, for subtitles and notes.
const dateRule = "counted by publication year ([dp])"

// Footer gives the source and retrieval date, and says when some counts
// are old. (Partial, projected and missing years are the chart's own
// notes: it marks them where they are drawn.)
func Footer(ds *dataset.Dataset) []string {
	f := ds.Fetched()
	lines := []string{fmt.Sprintf("Source: PubMed (NCBI E-utilities), retrieved %s · pubtrend", f.Newest.UTC().Format("2006-01-02"))}
	if !f.Oldest.IsZero() && ds.Now.Sub(f.Oldest) > 30*24*time.Hour {
		lines = append(lines, fmt.Sprintf("Some counts were fetched on %s.", f.Oldest.UTC().Format("2006-01-02")))
	}
	return lines
}

// DescribeMissing writes "exosome 2017-2018; crispr 2015" in topic order.
func DescribeMissing(ds *dataset.Dataset) string {
	var parts []string
	for _, s := range ds.Series {
		if ys := ds.Missing(s); len(ys) > 0 {
			parts = append(parts, s.Name+" "+YearRanges(ys))
		}
	}
	return strings.Join(parts, "; ")
}
