package report

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

// Origin says in words what brought a topic in: config, query, imported
// FILE, totals.
func Origin(t dataset.Topic) string {
	if t.Origin == dataset.FromPart {
		return fmt.Sprintf("%s of %s", t.Breakdown, t.Parent)
	}
	if t.Imported() && t.File != "" {
		return "imported " + t.File
	}
	if t.Imported() {
		return "imported"
	}
	return string(t.Origin)
}

// WriteTopics lists topics with their years, how many are stored, the
// last fetch, origin and query, aligned for a terminal.
func WriteTopics(w io.Writer, cs []dataset.Coverage) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tYEARS\tSTORED\tLAST FETCHED\tORIGIN\tQUERY\tSTATUS")
	for _, c := range cs {
		last := "never"
		if !c.LastFetched.IsZero() {
			last = c.LastFetched.UTC().Format("2006-01-02 15:04 UTC")
		}
		years, stored := "-", "0"
		if c.Topic.From > 0 {
			years = fmt.Sprintf("%d-%d", c.Topic.From, c.Topic.To)
			stored = fmt.Sprintf("%d/%d", c.Stored, c.Topic.To-c.Topic.From+1)
		}
		status := "ok"
		switch {
		case c.Refused != nil:
			status = "failing: " + c.Refused.Message
		case c.Stored == 0:
			status = "not collected"
		case len(c.Missing) > 0:
			status = "missing " + YearRanges(c.Missing)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", Printable(c.Topic.Name), years, stored, last, Printable(Origin(c.Topic)), Printable(c.Topic.Query), Printable(status))
	}
	return tw.Flush()
}

// WriteHistory writes how a topic's counts changed between collections,
// and what PubMed last said it searched.
func WriteHistory(w io.Writer, h dataset.History) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	// Numbers align right; the source, after the last tab, is text.
	fmt.Fprintln(tw, "YEAR\tFETCHED\tCOUNT\tCHANGE\t  SOURCE")
	prev := map[int]int64{}
	for _, o := range h.Observations {
		change := ""
		if p, ok := prev[o.Year]; ok {
			change = fmt.Sprintf("%+d", o.Count-p)
		}
		prev[o.Year] = o.Count
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t  %s\n", o.Year, o.FetchedAt.UTC().Format(time.RFC3339), o.Count, change, Printable(sourceOf(o)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if n := len(h.Observations); n > 0 && h.Observations[n-1].Translation != "" {
		_, err := fmt.Fprintf(w, "\nPubMed searched (latest): %s\n", Printable(h.Observations[n-1].Translation))
		return err
	}
	return nil
}

func sourceOf(o store.Observation) string {
	if o.Source == "" {
		return "esearch"
	}
	return o.Source
}
