package main

import (
	"context"
	"fmt"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func (a *app) collectCmd() *cobra.Command {
	var full, dryRun bool
	var f readFlags
	cmd := &cobra.Command{
		Use:   "collect [TOPIC|QUERY...]",
		Short: "Fetch missing and stale counts from PubMed into the store",
		Long: `collect asks PubMed (ESearch) for the count of every topic in every year of
its range, and for PubMed's total per year, and stores what it gets.

Without arguments it collects the config's topics or, without a config, every
query stored before. Arguments are topic names or PubMed queries.

It is incremental: years never fetched are fetched; the current and previous
year are fetched again when older than refresh.recent, older years when older
than refresh.settled. Run it again right after a complete run and it sends
nothing. Off a terminal it prints nothing unless something is wrong, so it
suits cron.`,
		Args:              args(cobra.ArbitraryArgs),
		ValidArgsFunction: a.completeNames,
		RunE: func(cmd *cobra.Command, argv []string) error {
			if f.offline {
				return usageError("collect --offline would do nothing")
			}
			return a.collect(cmd.Context(), argv, dataset.Range{From: f.from, To: f.to}, full, dryRun)
		},
	}
	cmd.Flags().BoolVar(&full, "full", false, "fetch every count again, however fresh")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be fetched, and send nothing")
	cmd.Flags().IntVar(&f.from, "from", 0, "first year (default: the topic's, else ten years ago)")
	cmd.Flags().IntVar(&f.to, "to", 0, "last year (default: the topic's, else this year)")
	return cmd
}

func (a *app) collect(ctx context.Context, argv []string, r dataset.Range, full, dryRun bool) error {
	cfg, path, cat, err := a.setup()
	if err != nil {
		return err
	}
	topics, err := dataset.ToCollect(cat, argv)
	if err != nil {
		return err
	}
	sel, err := dataset.Select(topics, r, cfg.Years, a.now())
	if err != nil {
		return err
	}
	client, err := a.clientFor(cfg)()
	if err != nil {
		return err
	}
	// Breakdowns already stored for a topic are kept fresh with it.
	need := dataset.Need{Sel: sel, Refresh: cfg.RefreshPolicy(full), Totals: true, Stored: dataset.Breakdowns(cfg)}
	if dryRun {
		jobs, err := dataset.Plan(path, need, a.now())
		if err != nil {
			return err
		}
		return report.WritePlan(a.stdout, jobs, client.Rate(), dataset.TotalsName)
	}
	start := a.now()
	rep, err := dataset.Collect(ctx, client, path, need, a.now(), a.progress())
	a.listFailures(rep.Failed)
	if err := dataset.Outcome(cat, sel.Topics, rep, err); err != nil {
		return err
	}
	if a.interactive {
		fmt.Fprintf(a.stderr, "pubtrend: stored %d of %d counts in %s\n", rep.Stored, rep.Planned, a.now().Sub(start).Round(100*time.Millisecond))
	}
	return nil
}

// progress is a progress bar on a terminal, nothing otherwise.
func (a *app) progress() dataset.Progress {
	if !a.interactive {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(a.stderr),
				progressbar.OptionSetDescription("collecting"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionThrottle(100*time.Millisecond),
			)
		}
		bar.Set(done)
		if done == total {
			bar.Finish()
		}
	}
}

func (a *app) listFailures(failed []collector.JobError) {
	report.WriteFailures(a.stderr, "pubtrend: failed: ", failed)
}
