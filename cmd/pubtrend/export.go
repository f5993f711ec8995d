package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/cobra"
)

func (a *app) exportCmd() *cobra.Command {
	var format string
	var history bool
	cmd := &cobra.Command{
		Use:   "export [TOPIC...]",
		Short: "Write stored counts as CSV or JSON to stdout",
		Long: `export writes the newest stored count of every year of each topic (all topics
by default), with PubMed's total for that year where it was collected.
With --history it writes every observation ever stored instead.

Columns (CSV) and fields (JSON): topic, query, year, count, fetched_at (UTC,
RFC 3339), total (PubMed records that year; empty if not collected),
query_translation (what PubMed searched) and warnings (NCBI's diagnostics,
"kind: text" separated by "; " in CSV, a list in JSON).`,
		Args: args(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, names []string) error {
			switch format {
			case "csv", "json":
			default:
				return usageError("--format %q: want csv or json", format)
			}
			return a.export(names, format, history)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "csv", "csv or json")
	cmd.Flags().BoolVar(&history, "history", false, "every observation, not only the newest per year")
	return cmd
}

// exportRow is one line of an export. The JSON names are a stable
// interface: scripts depend on them.
type exportRow struct {
	Topic       string          `json:"topic"`
	Query       string          `json:"query"`
	Year        int             `json:"year"`
	Count       int64           `json:"count"`
	FetchedAt   time.Time       `json:"fetched_at"`
	Total       *int64          `json:"total"`
	Translation string          `json:"query_translation"`
	Warnings    []store.Warning `json:"warnings"`
}

func (a *app) export(names []string, format string, history bool) error {
	_, topics, db, err := a.openForReading(names)
	if err != nil {
		return err
	}
	defer db.Close()

	totals, err := db.Latest(collector.Totals(0, 0).Series(), store.FromESearch)
	if err != nil {
		return err
	}
	var rows []exportRow
	for _, t := range topics {
		s := t.Series()
		var obs []store.Observation
		if history {
			obs, err = db.History(s, 0)
		} else {
			var latest map[int]store.Observation
			latest, err = db.Latest(s, store.FromESearch)
			obs = sortedByYear(latest)
		}
		if err != nil {
			return err
		}
		for _, o := range obs {
			r := exportRow{Topic: t.Name, Query: t.Query, Year: o.Year, Count: o.Count, FetchedAt: o.FetchedAt.UTC(),
				Translation: o.Translation, Warnings: o.Warnings}
			if tot, ok := totals[o.Year]; ok {
				r.Total = &tot.Count
			}
			if r.Warnings == nil {
				r.Warnings = []store.Warning{}
			}
			rows = append(rows, r)
		}
	}
	if format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []exportRow{}
		}
		return enc.Encode(rows)
	}
	w := csv.NewWriter(a.stdout)
	w.Write([]string{"topic", "query", "year", "count", "fetched_at", "total", "query_translation", "warnings"})
	for _, r := range rows {
		total := ""
		if r.Total != nil {
			total = strconv.FormatInt(*r.Total, 10)
		}
		var ws []string
		for _, x := range r.Warnings {
			ws = append(ws, x.Kind+": "+x.Text)
		}
		w.Write([]string{r.Topic, r.Query, strconv.Itoa(r.Year), strconv.FormatInt(r.Count, 10),
			r.FetchedAt.Format(time.RFC3339), total, r.Translation, strings.Join(ws, "; ")})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func sortedByYear(m map[int]store.Observation) []store.Observation {
	out := make([]store.Observation, 0, len(m))
	for _, o := range m {
		out = append(out, o)
	}
	sortObservations(out)
	return out
}
