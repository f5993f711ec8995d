package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/timeline"
	"github.com/spf13/cobra"
)

func (a *app) importCmd() *cobra.Command {
	var name, query string
	cmd := &cobra.Command{
		Use:   "import FILE --topic NAME",
		Short: "Store the counts of a PubMed web timeline CSV download",
		Long: `import reads the CSV that PubMed's web site offers under "Results by year"
(Download CSV) and stores its counts as a series named --topic. The counts
are kept apart from ESearch counts and marked with their source, so they
never mix silently; topics, export, history, compare and chart take the name
like a topic's.

The query comes from the file's "Search query:" line, or --query when the
file has none. A file that does not parse stores nothing.`,
		Example: `  pubtrend import PubMed_Timeline_Results_by_Year.csv --topic exosome-web
  pubtrend compare exosome exosome-web`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, files []string) error {
			if name == "" {
				return usageError("--topic NAME is required: the name to compare and chart the imported counts by")
			}
			return a.importTimeline(files[0], name, query)
		},
	}
	cmd.Flags().StringVar(&name, "topic", "", "name of the imported series")
	cmd.Flags().StringVar(&query, "query", "", "the query the file counts, when it does not say")
	return cmd
}

func (a *app) importTimeline(file, name, query string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	tl, err := timeline.Parse(f)
	f.Close()
	var le *timeline.Error
	if errors.As(err, &le) {
		return &exitError{code: exitFailure, err: fmt.Errorf("%s:%d: %s", file, le.Line, le.Msg), hint: "nothing was stored; is this PubMed's \"Results by year\" CSV?"}
	}
	if err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("%s: %w", file, err), hint: "nothing was stored"}
	}
	_, path, cat, err := a.setup()
	if err != nil {
		return err
	}
	t, err := dataset.Import(cat, path, name, query, file, tl, a.now())
	if err != nil {
		return err
	}
	if a.interactive {
		fmt.Fprintf(a.stderr, "pubtrend: imported %d years (%d-%d) of %q as %q\n", len(tl.Rows), t.From, t.To, printable(t.Query), printable(name))
	}
	return nil
}
