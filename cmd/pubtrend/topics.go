package main

import (
	"fmt"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/spf13/cobra"
)

func (a *app) topicsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "topics",
		Short: "List every topic: config topics, stored queries and imports, with years covered and last fetch",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, path, cat, err := a.setup()
			if err != nil {
				return err
			}
			db, err := openIfExists(path)
			if err != nil {
				return err
			}
			if db != nil {
				defer db.Close()
			} else {
				fmt.Fprintf(a.stderr, "pubtrend: note: no store at %s yet: nothing is collected\n", printable(path))
			}
			cs, err := dataset.Cover(db, cat.All())
			if err != nil {
				return err
			}
			return report.WriteTopics(a.stdout, cs)
		},
	}
}
