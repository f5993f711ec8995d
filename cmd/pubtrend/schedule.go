package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"
)

// minInterval is the shortest schedule accepted: collecting more often
// than this only re-sends requests NCBI has just answered.
const minInterval = time.Minute

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
			sched, err := parseSchedule(spec[0], a.now())
			if err != nil {
				return err
			}
			return a.schedule(cmd.Context(), sched)
		},
	}
}

// parseSchedule reads a cron spec and refuses one that cannot work: an
// interval under a minute (robfig/cron would quietly run a negative one
// every second) or a date that never comes ("0 0 30 2 *").
func parseSchedule(spec string, now time.Time) (cron.Schedule, error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, usageError("schedule %q: %v (want e.g. \"17 3 * * *\" or \"@every 6h\")", spec, err)
	}
	if every, ok := strings.CutPrefix(strings.TrimSpace(spec), "@every "); ok {
		if d, err := time.ParseDuration(strings.TrimSpace(every)); err != nil || d < minInterval {
			return nil, usageError("schedule %q: the interval must be at least %v", spec, minInterval)
		}
	}
	if sched.Next(now).IsZero() {
		return nil, usageError("schedule %q never fires: no such date in the next five years", spec)
	}
	return sched, nil
}

func (a *app) schedule(ctx context.Context, sched cron.Schedule) error {
	for {
		next := sched.Next(a.now())
		if next.IsZero() {
			return fmt.Errorf("the schedule has no next time")
		}
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
		if err := a.collect(ctx, nil, dataset.Range{}, false, false); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			code := reportError(err, a.stderr)
			fmt.Fprintf(a.stderr, "pubtrend: collection at %s ended with exit code %d; the schedule goes on\n",
				next.Format(time.RFC3339), code)
		}
	}
}
