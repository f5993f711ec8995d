package main

import (
	"fmt"
	"strings"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/spf13/cobra"
)

func (a *app) historyCmd() *cobra.Command {
	var year int
	cmd := &cobra.Command{
		Use:               "history TOPIC",
		Short:             "Show how a topic's counts changed between collections",
		Args:              args(cobra.ExactArgs(1)),
		ValidArgsFunction: a.completeNames,
		RunE: func(cmd *cobra.Command, names []string) error {
			_, path, cat, err := a.setup()
			if err != nil {
				return err
			}
			t, err := cat.Lookup(names[0])
			if err != nil {
				return err
			}
			hs, _, err := dataset.ReadHistoryFile(path, []dataset.Topic{t}, year, true)
			if err != nil {
				return err
			}
			if len(hs[0].Observations) == 0 {
				what := "any year"
				if year != 0 {
					what = fmt.Sprint(year)
				}
				return &exitError{code: exitFailure, err: fmt.Errorf("topic %q has no stored count for %s", t.Name, what),
					hint: "run 'pubtrend collect " + quoteArg(t.Name) + "'"}
			}
			return report.WriteHistory(a.stdout, hs[0])
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "only this year")
	return cmd
}

// quoteArg quotes a name for a shell command line when it needs it.
func quoteArg(s string) string {
	for _, r := range s {
		if r == ' ' || r == '"' || r == '\'' || r == '[' || r == '*' || r == '(' || r == '$' {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
