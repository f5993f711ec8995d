package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

// ExportRow is one line of an export. The names are a stable interface
// (README, "Commands"): scripts depend on them.
type ExportRow struct {
	Topic       string          `json:"topic"`
	Query       string          `json:"query"`
	Year        int             `json:"year"`
	Count       int64           `json:"count"`
	FetchedAt   time.Time       `json:"fetched_at"`
	Total       *int64          `json:"total"`
	Translation string          `json:"query_translation"`
	Warnings    []store.Warning `json:"warnings"`
	Origin      string          `json:"origin"`
}

// ExportRows flattens histories into rows, with PubMed's total of each
// year beside its count where it was collected.
func ExportRows(hs []dataset.History, totals map[int]store.Observation) []ExportRow {
	rows := []ExportRow{}
	for _, h := range hs {
		for _, o := range h.Observations {
			r := ExportRow{Topic: h.Topic.Name, Query: h.Topic.Query, Year: o.Year, Count: o.Count, FetchedAt: o.FetchedAt.UTC(),
				Translation: o.Translation, Warnings: o.Warnings, Origin: string(h.Topic.Origin)}
			if tot, ok := totals[o.Year]; ok {
				r.Total = &tot.Count
			}
			if r.Warnings == nil {
				r.Warnings = []store.Warning{}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// WriteExport writes rows as CSV or JSON.
func WriteExport(w io.Writer, format Format, rows []ExportRow) error {
	if format == JSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"topic", "query", "year", "count", "fetched_at", "total", "query_translation", "warnings", "origin"})
	for _, r := range rows {
		total := ""
		if r.Total != nil {
			total = strconv.FormatInt(*r.Total, 10)
		}
		var ws []string
		for _, x := range r.Warnings {
			ws = append(ws, x.Kind+": "+x.Text)
		}
		cw.Write([]string{r.Topic, r.Query, strconv.Itoa(r.Year), strconv.FormatInt(r.Count, 10),
			r.FetchedAt.Format(time.RFC3339), total, r.Translation, strings.Join(ws, "; "), r.Origin})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
