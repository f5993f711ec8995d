package main

import (
	"github.com/pubtrend/pubtrend/report"
	"github.com/spf13/cobra"
)

func (a *app) compareCmd() *cobra.Command {
	var (
		f           readFlags
		perHundredK bool
		format      string
	)
	cmd := &cobra.Command{
		Use:   "compare TOPIC|QUERY...",
		Short: "Compare topics per year, with growth figures, as a table, CSV, JSON or Markdown",
		Long: `compare shows one row per year and one column per topic, then for each topic
over its complete years: total, fold change from first to last year, CAGR,
doubling time, the last complete year's change, and its share of PubMed
(per 100,000 records). Topics are ranked by CAGR, and the year one overtook
another is named. The current year is marked partial, with a projection of
its full count that is labelled as such and never enters the growth figures.

Arguments are topic names (config, imports, stored queries) or PubMed
queries; counts missing from the store are collected first (--offline: only
what is stored). Missing years are shown as missing, never as zero.

Each topic's distinct records over its complete years are counted with one
query and shown beside the sum of its yearly counts, which is larger (a
record counts in each year it was published in, print and electronic).

--by evidence (or species, or a breakdown of the config) adds each topic's
parts per year: disjoint, adding up to the topic, with their growth, and
the share of recent years PubMed has not yet indexed.`,
		Example: `  pubtrend compare exosome "extracellular vesicles" peptides --from 2019
  pubtrend compare exosome '"snail mucin"' --format markdown > table.md
  pubtrend compare exosome --per-100k --format csv
  pubtrend compare exosome peptides --by evidence --format markdown`,
		Args:              args(cobra.MinimumNArgs(1)),
		ValidArgsFunction: a.completeNames,
		RunE: func(cmd *cobra.Command, argv []string) error {
			fm, err := report.ParseFormat(format, report.Table, report.CSV, report.JSON, report.Markdown)
			if err != nil {
				return usageError("%v", err)
			}
			ds, err := a.gather(cmd.Context(), argv, f, true, true)
			if err != nil {
				return err
			}
			return report.Compare(ds).Write(a.stdout, fm, perHundredK)
		},
	}
	fl := cmd.Flags()
	f.register(fl)
	cmd.RegisterFlagCompletionFunc("by", a.completeBreakdowns)
	fl.BoolVar(&perHundredK, "per-100k", false, "add publications per 100,000 PubMed records of each year")
	fl.StringVarP(&format, "format", "f", "table", "table, csv, json or markdown")
	return cmd
}
