package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// readFlags are the flags of every command that reads a selection.
type readFlags struct {
	from, to int
	offline  bool
	by       string
}

func (f *readFlags) register(fl *pflag.FlagSet) {
	fl.IntVar(&f.from, "from", 0, "first year (default: the topic's, else ten years ago)")
	fl.IntVar(&f.to, "to", 0, "last year (default: the topic's, else this year)")
	fl.BoolVar(&f.offline, "offline", false, "use only stored counts; send nothing")
	fl.StringVar(&f.by, "by", "", "break each topic down by kind of paper: evidence, species, or a breakdown of the config")
}

// completeBreakdowns completes --by with the breakdowns the config knows.
func (a *app) completeBreakdowns(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cfg, err := a.config()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, n := range cfg.BreakdownNames() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// gather runs the engine's read sequence for chart and compare: resolve
// the names, fetch what is missing, load.
func (a *app) gather(ctx context.Context, argv []string, f readFlags, totals, distinct bool) (*dataset.Dataset, error) {
	cfg, path, cat, err := a.setup()
	if err != nil {
		return nil, err
	}
	req := dataset.Request{Args: argv, Range: dataset.Range{From: f.from, To: f.to}, Offline: f.offline, Totals: totals,
		By: f.by, Distinct: distinct}
	ds, fill, err := dataset.Gather(ctx, cfg, path, cat, req, a.clientFor(cfg), a.now(), a.progress())
	if fill.Skipped > 0 {
		fmt.Fprintf(a.stderr, "pubtrend: note: a collection is running; %d missing counts were not fetched, only stored ones are used\n", fill.Skipped)
	}
	// Refused queries are the error itself; list the other failures.
	var failed []collector.JobError
	for _, f := range fill.Report.Failed {
		var qe *collector.QueryError
		if !errors.As(f.Err, &qe) {
			failed = append(failed, f)
		}
	}
	a.listFailures(failed)
	return ds, err
}
