package main

import (
	"fmt"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/cobra"
)

func (a *app) historyCmd() *cobra.Command {
	var year int
	cmd := &cobra.Command{
		Use:   "history TOPIC",
		Short: "Show how a topic's counts changed between collections",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, names []string) error {
			return a.history(names[0], year)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "only this year")
	return cmd
}

func sortObservations(obs []store.Observation) {
	sort.SliceStable(obs, func(i, j int) bool {
		if obs[i].Year != obs[j].Year {
			return obs[i].Year < obs[j].Year
		}
		return obs[i].FetchedAt.Before(obs[j].FetchedAt)
	})
}

func (a *app) history(name string, year int) error {
	_, topics, db, err := a.openForReading([]string{name})
	if err != nil {
		return err
	}
	defer db.Close()
	t := topics[0]
	obs, err := db.History(t.Series(), year)
	if err != nil {
		return err
	}
	if len(obs) == 0 {
		what := "any year"
		if year != 0 {
			what = fmt.Sprint(year)
		}
		return withHint(exitFailure, fmt.Errorf("topic %q has no stored count for %s", t.Name, what), "run 'pubtrend collect "+quoteArg(t.Name)+"'")
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "YEAR\tFETCHED\tCOUNT\tCHANGE\tSOURCE\t")
	prev := map[int]int64{}
	for _, o := range obs {
		change := ""
		if p, ok := prev[o.Year]; ok {
			change = fmt.Sprintf("%+d", o.Count-p)
		}
		prev[o.Year] = o.Count
		src := o.Source
		if src == "" {
			src = "esearch"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t\n", o.Year, o.FetchedAt.UTC().Format(time.RFC3339), o.Count, change, src)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	last := obs[len(obs)-1]
	if last.Translation != "" {
		fmt.Fprintf(a.stdout, "\nPubMed searched (latest): %s\n", last.Translation)
	}
	return nil
}

func quoteArg(s string) string {
	for _, r := range s {
		if r == ' ' || r == '"' || r == '\'' || r == '[' || r == '*' {
			return fmt.Sprintf("%q", s)
		}
	}
	return s
}
