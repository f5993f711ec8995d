package main

import (
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/spf13/cobra"
)

func (a *app) exportCmd() *cobra.Command {
	var (
		format     string
		history    bool
		configOnly bool
	)
	cmd := &cobra.Command{
		Use:   "export [TOPIC...]",
		Short: "Write stored counts as CSV or JSON to stdout",
		Long: `export writes the newest stored count of every year of each topic (every
stored series by default: config topics, queries, imports), with PubMed's
total for that year where it was collected. With --history it writes every
observation ever stored instead.

Columns (CSV) and fields (JSON): topic, query, year, count, fetched_at (UTC,
RFC 3339), total (PubMed records that year; empty if not collected),
query_translation (what PubMed searched), warnings (NCBI's diagnostics,
"kind: text" separated by "; " in CSV, a list in JSON) and origin (config,
query, import, totals).`,
		Args:              args(cobra.ArbitraryArgs),
		ValidArgsFunction: a.completeNames,
		RunE: func(cmd *cobra.Command, names []string) error {
			fm, err := report.ParseFormat(format, report.CSV, report.JSON)
			if err != nil {
				return usageError("%v", err)
			}
			_, path, cat, err := a.setup()
			if err != nil {
				return err
			}
			topics, err := dataset.ToExport(cat, names, configOnly)
			if err != nil {
				return err
			}
			hs, totals, err := dataset.ReadHistoryFile(path, topics, 0, history)
			if err != nil {
				return err
			}
			return report.WriteExport(a.stdout, fm, report.ExportRows(hs, totals))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "csv", "csv or json")
	cmd.Flags().BoolVar(&history, "history", false, "every observation, not only the newest per year")
	cmd.Flags().BoolVar(&configOnly, "config-only", false, "only the config's topics")
	return cmd
}
