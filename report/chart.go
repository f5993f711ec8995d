package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

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
func Chart(w io.Writer, ds *dataset.Dataset, o ChartOptions) error {
	series, opts, err := ChartInput(ds, o)
	if err != nil {
		return err
	}
	if err := charts.Render(w, series, opts); err != nil {
		if errors.Is(err, charts.ErrLogBars) {
			return err
		}
		return fmt.Errorf("chart: %w", err)
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
	for _, s := range ds.Series {
		cs := charts.Series{Name: s.Label}
		for _, y := range ds.Years(s) {
			if y.Count == nil {
				continue
			}
			v := float64(*y.Count)
			if o.PerHundredK {
				if y.Per100k == nil {
					continue // a zero total: nothing to divide by
				}
				v = *y.Per100k
			}
			cs.Points = append(cs.Points, charts.Point{Year: y.Year, Value: v, Partial: y.Partial})
		}
		series = append(series, cs)
	}
	opts := charts.Options{
		Title:    o.Title,
		Subtitle: o.Subtitle,
		Style:    o.Style,
		Log:      o.Log,
		NoValues: o.NoValues,
		Width:    o.Width,
		Height:   o.Height,
		Format:   o.Format,
		YLabel:   "Publications per year",
	}
	if !fetched.Partial.IsZero() {
		opts.PartialNote = "to " + fetched.Partial.UTC().Format("2 Jan")
	}
	if o.PerHundredK {
		opts.YLabel = "Publications per 100,000 PubMed records"
		opts.Decimals = 1
	}
	if opts.Title == "" {
		opts.Title = Title(ds, o.PerHundredK)
	}
	if opts.Subtitle == "" {
		opts.Subtitle = Subtitle(ds)
	}
	opts.Footer = Footer(ds, opts.PartialNote)
	return series, opts, nil
}

var numberWords = []string{"", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"}

// Title is a chart's automatic title: the topic for one, the topics for
// two or three, and a short count beyond, which the legend then names.
func Title(ds *dataset.Dataset, perHundredK bool) string {
	var labels []string
	for _, s := range ds.Series {
		labels = append(labels, s.Label)
	}
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
		list := strings.Join(labels[:n-1], ", ") + " and " + labels[n-1]
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

// dateRule is how years are counted, for subtitles and notes.
const dateRule = "counted by publication year ([dp])"

// Subtitle names the queries and the date rule.
func Subtitle(ds *dataset.Dataset) string {
	if len(ds.Series) == 1 {
		return fmt.Sprintf("PubMed query: %s · %s", ds.Series[0].Query, dateRule)
	}
	var qs []string
	for _, s := range ds.Series {
		if s.Query == s.Label {
			qs = append(qs, s.Query)
		} else {
			qs = append(qs, fmt.Sprintf("%s = %s", s.Label, s.Query))
		}
	}
	return "PubMed queries: " + strings.Join(qs, "; ") + " · " + dateRule
}

// Footer gives the source and retrieval date, and says what the reader
// must know: partial years, old counts, missing years.
func Footer(ds *dataset.Dataset, partialNote string) []string {
	f := ds.Fetched()
	lines := []string{fmt.Sprintf("Source: PubMed (NCBI E-utilities), retrieved %s · pubtrend", f.Newest.UTC().Format("2006-01-02"))}
	var notes []string
	partial := make(map[int]bool)
	for _, s := range ds.Series {
		for _, y := range ds.Years(s) {
			if y.Partial && y.Count != nil {
				partial[y.Year] = true
			}
		}
	}
	for y := ds.From; y <= ds.To; y++ {
		switch {
		case !partial[y]:
		case y == ds.Current():
			notes = append(notes, fmt.Sprintf("%d is incomplete (counts %s %d) and still growing.", y, partialNote, y))
		default:
			notes = append(notes, fmt.Sprintf("%d has not begun: its count is early records only.", y))
		}
	}
	if !f.Oldest.IsZero() && ds.Now.Sub(f.Oldest) > 30*24*time.Hour {
		notes = append(notes, fmt.Sprintf("Some counts were fetched on %s.", f.Oldest.UTC().Format("2006-01-02")))
	}
	if m := DescribeMissing(ds); m != "" {
		notes = append(notes, "No data for "+m+".")
	}
	if len(notes) > 0 {
		lines = append(lines, strings.Join(notes, " "))
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
