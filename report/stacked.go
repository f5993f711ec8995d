package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/dataset"
)

// ErrShareWithoutBy is --share asked of a chart that has no breakdown.
var ErrShareWithoutBy = errors.New("--share needs --by: it shows each year's parts as % of the year")

// BreakdownInput turns a dataset whose series carry a breakdown into a
// stacked chart's input: per topic and year the parts' counts (only the
// years one collection fetched together), the partial year with its
// projection, the years not yet indexed, and the caveats of types born
// late.
func BreakdownInput(ds *dataset.Dataset, o ChartOptions) (charts.Breakdown, charts.Options, error) {
	var b charts.Breakdown
	if len(ds.Series) == 0 || ds.Series[0].Split == nil {
		return b, charts.Options{}, errors.New("no breakdown in the dataset")
	}
	by := ds.Series[0].Split.By
	for _, p := range by.Parts {
		b.Parts = append(b.Parts, charts.Part{Key: p.Key, Label: p.Title()})
	}
	method := ""
	for _, s := range ds.Series {
		t := charts.Topic{Name: s.Label, Query: s.Query}
		proj := Project(s, ds.Current())
		for y := s.From; y <= s.To; y++ {
			parts, ok := s.Split.Years[y]
			if !ok {
				continue // missing or not fetched together: drawn as missing
			}
			st := charts.Stack{Year: y, Partial: y >= ds.Current()}
			for _, p := range parts {
				st.Counts = append(st.Counts, p.Count)
			}
			if ix, ok := s.Split.Indexing[y]; ok {
				st.Lagging, st.NotIndexed = ix.Lagging, ix.NotYetShare
			}
			if proj != nil && proj.Year == y {
				st.Projected, method = proj.Count, proj.Method
			}
			t.Years = append(t.Years, st)
		}
		b.Topics = append(b.Topics, t)
	}
	f := ds.Fetched()
	opts := charts.Options{
		Title: o.Title, Subtitle: o.Subtitle, Width: o.Width, Height: o.Height, Format: o.Format,
		NoValues: o.NoValues, NoProjection: o.NoProjection, Share: o.Share, Log: o.Log,
		From: ds.From, To: ds.To,
	}
	if method != "" {
		opts.ProjectionMethod = "Expected full year: " + method + "; a projection, not a count."
	}
	if !f.Partial.IsZero() {
		opts.PartialNote = "to " + f.Partial.UTC().Format("2 Jan")
	}
	if opts.Title == "" {
		opts.Title = capitalise(BreakdownTitle(ds))
		if o.Share {
			opts.Title += ", as a share of each year"
		}
	}
	if opts.Subtitle == "" {
		opts.Subtitle = dateRule
	}
	opts.Footer = Footer(ds)
	if caveats := by.Caveats(ds.From); len(caveats) > 0 {
		// One line: separate ones would cost the plot its height.
		opts.Footer = append([]string{strings.Join(caveats, " ")}, opts.Footer...)
	}
	return b, opts, nil
}

// BreakdownTitle is a stacked chart's automatic title.
func BreakdownTitle(ds *dataset.Dataset) string {
	by := ds.Series[0].Split.By
	what := "by " + strings.ToLower(by.Label)
	switch by.Name {
	case "evidence":
		what = "what kind of papers"
	case "species":
		what = "which species were studied"
	}
	if len(ds.Series) == 1 {
		return fmt.Sprintf("%s in PubMed: %s", titleLabels(ds)[0], what)
	}
	return fmt.Sprintf("%s in PubMed: %s", topicsPhrase(ds), what)
}

// topicsPhrase names the topics of a chart: "A, B and C", or beyond three
// "Six topics".
func topicsPhrase(ds *dataset.Dataset) string {
	labels := titleLabels(ds)
	n := len(labels)
	if n <= 3 {
		return strings.Join(labels[:n-1], ", ") + " and " + labels[n-1]
	}
	if n < len(numberWords) {
		return numberWords[n] + " topics"
	}
	return fmt.Sprint(n) + " topics"
}
