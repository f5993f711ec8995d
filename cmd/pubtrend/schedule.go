package main

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"
)

func (a *app) scheduleCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schedule SPEC",
		Short: "Run collect on a cron schedule until stopped, for machines without cron",
		Long: `schedule runs 'pubtrend collect' at every time SPEC names, until it is
interrupted. SPEC is a standard five-field cron line ("17 3 * * *": daily at
03:17 local time) or a descriptor such as "@daily" or "@every 6h".

The config is read again before every run, so edits take effect without a
restart. A failed run is reported on stderr and the schedule goes on; a run
still going when the next is due is not doubled (the next one waits).`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, spec []string) error {
			sched, err := cron.ParseStandard(spec[0])
			if err != nil {
				return usageError("schedule %q: %v (want e.g. \"17 3 * * *\" or \"@every 6h\")", spec[0], err)
			}
			return a.schedule(cmd.Context(), sched)
		},
	}
}

func (a *app) schedule(ctx context.Context, sched cron.Schedule) error {
	for {
		next := sched.Next(a.now())
		if a.interactive {
			fmt.Fprintf(a.stderr, "pubtrend: next collection at %s\n", next.Format("2006-01-02 15:04:05 MST"))
		}
		timer := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		if err := a.collect(ctx, nil, false, false); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			code := report(err, a.stderr)
			fmt.Fprintf(a.stderr, "pubtrend: collection at %s ended with exit code %d; the schedule goes on\n",
				next.Format(time.RFC3339), code)
		}
	}
}
