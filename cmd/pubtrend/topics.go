package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/cobra"
)

func (a *app) topicsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "topics",
		Short: "List the tracked topics: years covered, last fetch, warnings",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.topics()
		},
	}
}

// coverage summarises one series as stored.
type coverage struct {
	stored      int // years in range with a count
	missing     []int
	lastFetched time.Time
	warnings    []store.Warning
}

func cover(latest map[int]store.Observation, from, to int) coverage {
	var c coverage
	seen := make(map[store.Warning]bool)
	for y := from; y <= to; y++ {
		o, ok := latest[y]
		if !ok {
			c.missing = append(c.missing, y)
			continue
		}
		c.stored++
		if o.FetchedAt.After(c.lastFetched) {
			c.lastFetched = o.FetchedAt
		}
		for _, w := range o.Warnings {
			if collector.Alters(w) && !seen[w] {
				seen[w] = true
				c.warnings = append(c.warnings, w)
			}
		}
	}
	return c
}

func (a *app) topics() error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	dbPath, err := a.storePath(&cfg)
	if err != nil {
		return err
	}
	db, err := a.openStoreIfExists(dbPath)
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tYEARS\tSTORED\tLAST FETCHED\tQUERY\tWARNINGS")
	ws := wants(cfg.Topics)
	for _, w := range ws {
		var latest map[int]store.Observation
		if db != nil {
			if latest, err = db.Latest(w.Series(), store.FromESearch); err != nil {
				return err
			}
		}
		c := cover(latest, w.From, w.To)
		last := "never"
		if !c.lastFetched.IsZero() {
			last = c.lastFetched.UTC().Format("2006-01-02 15:04 UTC")
		}
		warn := "-"
		if len(c.warnings) > 0 {
			var parts []string
			for _, x := range c.warnings {
				parts = append(parts, strings.TrimSuffix(x.Kind, "s")+" "+x.Text)
			}
			warn = "query altered: " + strings.Join(parts, "; ")
		}
		fmt.Fprintf(tw, "%s\t%d-%d\t%d/%d\t%s\t%s\t%s\n", displayName(w.Name), w.From, w.To, c.stored, w.To-w.From+1, last, w.Query, warn)
	}
	return tw.Flush()
}

// openStoreIfExists opens the store read-only, or returns nil if it was
// never written: listing topics before the first collection is fine.
func (a *app) openStoreIfExists(path string) (*store.DB, error) {
	db, err := a.openStore(path)
	if errors.Is(err, store.ErrNotExist) {
		return nil, nil
	}
	return db, err
}
