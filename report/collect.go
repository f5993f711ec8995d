package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pubtrend/pubtrend/collector"
)

// WritePlan writes what a collection would fetch: requests per topic
// (totalsName last), the total, and how long it takes at rate.
func WritePlan(w io.Writer, jobs []collector.Job, rate float64, totalsName string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tREQUESTS")
	per := collector.Summary(jobs)
	names := make([]string, 0, len(per))
	for n := range per {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == totalsName) != (names[j] == totalsName) {
			return names[j] == totalsName
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t%d\n", Printable(n), per[n])
	}
	secs := time.Duration(float64(len(jobs)) / rate * float64(time.Second)).Round(time.Second)
	fmt.Fprintf(tw, "total\t%d\t(about %s at %.2g requests/s; nothing was sent)\n", len(jobs), secs, rate)
	return tw.Flush()
}

// WriteFailures writes failed counts, one line per distinct error with
// the years of each topic as ranges, so that a server that was down for a
// whole run does not flood cron's mail:
//
//	pubtrend: failed: exosome 2015-2026; crispr 2020: NCBI: …
func WriteFailures(w io.Writer, prefix string, failed []collector.JobError) error {
	var msgs []string
	years := make(map[string]map[string][]int) // error -> topic -> years
	var topicOrder []string
	seenTopic := make(map[string]bool)
	for _, f := range failed {
		msg, topic := f.Err.Error(), strings.Join(f.Job.Names, ", ")
		if years[msg] == nil {
			msgs = append(msgs, msg)
			years[msg] = make(map[string][]int)
		}
		if !seenTopic[topic] {
			seenTopic[topic] = true
			topicOrder = append(topicOrder, topic)
		}
		years[msg][topic] = append(years[msg][topic], f.Job.Year)
	}
	for _, msg := range msgs {
		var parts []string
		for _, topic := range topicOrder {
			if ys := years[msg][topic]; len(ys) > 0 {
				parts = append(parts, topic+" "+YearRanges(ys))
			}
		}
		if _, err := fmt.Fprintf(w, "%s%s: %s\n", prefix, Printable(strings.Join(parts, "; ")), Printable(msg)); err != nil {
			return err
		}
	}
	return nil
}
