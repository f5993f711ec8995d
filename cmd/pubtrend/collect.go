package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func (a *app) collectCmd() *cobra.Command {
	var full, dryRun bool
	cmd := &cobra.Command{
		Use:   "collect [TOPIC...]",
		Short: "Fetch missing and stale counts from PubMed into the store",
		Long: `collect asks PubMed (ESearch) for the count of every topic in every year of
its range, and for PubMed's total per year, and stores what it gets.

It is incremental: years never fetched are fetched; the current and previous
year are fetched again when older than refresh.recent, older years when older
than refresh.settled. Run it again right after a complete run and it sends
nothing. Off a terminal it prints nothing unless something is wrong, so it
suits cron.`,
		Args: args(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, names []string) error {
			return a.collect(cmd.Context(), names, full, dryRun)
		},
	}
	cmd.Flags().BoolVar(&full, "full", false, "fetch every count again, however fresh")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be fetched, and send nothing")
	return cmd
}

// wants turns topics into the collector's wants, plus PubMed's totals over
// the union of their years (charts normalise by them).
func wants(topics []Topic) []collector.Want {
	var ws []collector.Want
	from, to := 0, 0
	for _, t := range topics {
		if t.imported() {
			continue // nothing to fetch: its counts came from a file
		}
		ws = append(ws, collector.Want{Name: t.Name, Query: t.Query, From: t.From, To: t.To})
		if from == 0 || t.From < from {
			from = t.From
		}
		to = max(to, t.To)
	}
	if len(ws) > 0 {
		ws = append(ws, collector.Totals(from, to))
	}
	return ws
}

func (a *app) collect(ctx context.Context, names []string, full, dryRun bool) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	topics, err := topicsNamed(cfg, names)
	if err != nil {
		return err
	}
	dbPath, err := a.storePath(&cfg)
	if err != nil {
		return err
	}
	client, err := a.client(cfg)
	if err != nil {
		return err
	}
	if !dryRun {
		unlock, err := lockCollection(dbPath)
		if err != nil {
			return err
		}
		defer unlock()
	}
	refresh := collector.Refresh{Recent: time.Duration(cfg.Refresh.Recent), Settled: time.Duration(cfg.Refresh.Settled), Full: full}
	jobs, err := a.plan(dbPath, wants(topics), refresh)
	if err != nil {
		return err
	}
	if dryRun {
		return a.printPlan(jobs, client.Rate())
	}
	return a.fetch(ctx, client, dbPath, jobs)
}

// lockCollection takes the store's collection lock (store.LockCollection:
// it holds through symlinks and other spellings of the path).
func lockCollection(dbPath string) (unlock func(), err error) {
	unlockStore, err := store.LockCollection(dbPath)
	if errors.Is(err, store.ErrCollecting) {
		return nil, withHint(exitBusy, err, "this run did nothing; the running one will store what is due")
	}
	if err != nil {
		return nil, err
	}
	return func() { unlockStore() }, nil
}

// plan reads the store (if there is one yet) for what is due.
func (a *app) plan(dbPath string, ws []collector.Want, refresh collector.Refresh) ([]collector.Job, error) {
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrNotExist):
		return collector.Plan(nil, ws, refresh, a.now())
	case err != nil:
		if errors.Is(err, store.ErrCorrupt) {
			return nil, withHint(exitFailure, err, "run 'pubtrend verify'; nothing was fetched")
		}
		return nil, err
	}
	defer db.Close()
	return collector.Plan(db, ws, refresh, a.now())
}

func (a *app) printPlan(jobs []collector.Job, rate float64) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tREQUESTS")
	per := collector.Summary(jobs)
	for _, n := range collector.SortedNames(per) {
		fmt.Fprintf(tw, "%s\t%d\n", displayName(n), per[n])
	}
	secs := time.Duration(float64(len(jobs)) / rate * float64(time.Second)).Round(time.Second)
	fmt.Fprintf(tw, "total\t%d\t(about %s at %.2g requests/s; nothing was sent)\n", len(jobs), secs, rate)
	return tw.Flush()
}

func displayName(n string) string {
	if n == "" {
		return "(PubMed total)"
	}
	return n
}

// saver commits each batch in its own short write transaction, opening the
// store only for it: readers are never kept out for long.
func saver(dbPath string) collector.Saver {
	return func(obs []store.Observation) error { return store.AppendFile(dbPath, obs...) }
}

func (a *app) fetch(ctx context.Context, client *collector.Client, dbPath string, jobs []collector.Job) error {
	start := a.now()
	var progress func(done, total int)
	if a.interactive && len(jobs) > 0 {
		bar := progressbar.NewOptions(len(jobs),
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("collecting"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
		progress = func(done, total int) { bar.Set(done) }
		defer bar.Finish()
	}
	rep, err := client.Collect(ctx, jobs, saver(dbPath), progress)
	a.warnAltered(rep.Altered)
	a.listFailures(rep.Failed)
	stored := fmt.Sprintf("stored %d of %d counts", rep.Stored, rep.Planned)
	switch {
	case errors.Is(err, context.Canceled):
		return withHint(exitFailure, fmt.Errorf("interrupted: %s", stored), "run collect again to fetch the rest")
	case errors.Is(err, collector.ErrInvalidKey):
		return withHint(exitFailure, err, "check NCBI_API_KEY (it is not shown here); unset it to use 3 requests/s without a key")
	case errors.Is(err, collector.ErrUnreachable):
		return withHint(exitFailure, fmt.Errorf("%w; %s", err, stored), "check the network and the E-utilities URL (PUBTREND_EUTILS_URL or ncbi.base_url); nothing stored was changed")
	case err != nil:
		return fmt.Errorf("collect: %w; %s", err, stored)
	case len(rep.Failed) > 0:
		return withHint(exitPartial, fmt.Errorf("%d of %d counts failed after retries; %s", len(rep.Failed), rep.Planned, stored),
			"run collect again to retry them")
	}
	if a.interactive {
		fmt.Fprintf(a.stderr, "pubtrend: %s in %s\n", stored, a.now().Sub(start).Round(100*time.Millisecond))
	}
	return nil
}

// listFailures prints the failed counts, one line per distinct error with
// the years of each topic as ranges, so that a server that was down does
// not flood cron's mail.
func (a *app) listFailures(failed []collector.JobError) {
	var msgs []string
	years := make(map[string]map[string][]int) // error -> topic -> years
	var topicOrder []string
	seenTopic := make(map[string]bool)
	for _, f := range failed {
		msg, topic := f.Err.Error(), displayJob(f.Job)
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
				parts = append(parts, topic+" "+yearRanges(ys))
			}
		}
		fmt.Fprintf(a.stderr, "pubtrend: failed: %s: %s\n", strings.Join(parts, "; "), msg)
	}
}

// yearRanges writes years as "2015-2018, 2021".
func yearRanges(ys []int) string {
	sort.Ints(ys)
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ys[i], ys[j]))
		} else {
			parts = append(parts, fmt.Sprint(ys[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func displayJob(j collector.Job) string {
	var names []string
	for _, n := range j.Names {
		names = append(names, displayName(n))
	}
	return strings.Join(names, ", ")
}

// warnAltered names each topic whose query PubMed changed, once per phrase.
func (a *app) warnAltered(altered []collector.Altered) {
	seen := make(map[string]bool)
	var lines []string
	for _, al := range altered {
		for _, w := range al.Warnings {
			line := fmt.Sprintf("pubtrend: warning: topic %s: %s", displayJob(al.Job), describeWarning(w))
			if !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(a.stderr, l)
	}
}

func describeWarning(w store.Warning) string {
	switch w.Kind {
	case "fieldsnotfound":
		return fmt.Sprintf("PubMed does not know the field %q and searched without it; the count is for an altered query", w.Text)
	case "quotedphrasesnotfound":
		return fmt.Sprintf("PubMed did not find the quoted phrase %s and searched its words instead; the count is for an altered query", w.Text)
	case "phrasesnotfound":
		return fmt.Sprintf("PubMed found nothing for %q", w.Text)
	case "phrasesignored":
		return fmt.Sprintf("PubMed ignored %q", w.Text)
	}
	return w.Text
}
