package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pubtrend/pubtrend/store"
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
never mix silently; compare and chart take the name like a topic's.

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
		return withHint(exitFailure, fmt.Errorf("%s:%d: %s", file, le.Line, le.Msg), "nothing was stored; is this PubMed's \"Results by year\" CSV?")
	}
	if err != nil {
		return withHint(exitFailure, fmt.Errorf("%s: %w", file, err), "nothing was stored")
	}
	switch {
	case query == "" && tl.Query == "":
		return usageError("%s names no query (no \"Search query:\" line): give it with --query", file)
	case query == "":
		query = tl.Query
	case tl.Query != "" && tl.Query != query:
		return usageError("--query %q differs from the file's own %q", query, tl.Query)
	}

	cfg, err := a.config()
	if err != nil {
		return err
	}
	if t, ok := cfg.Topic(name); ok {
		return usageError("%q is already a topic in %s (query %s): choose another --topic for the imported counts", name, cfg.path, t.Query)
	}
	dbPath, err := a.storePath(&cfg)
	if err != nil {
		return err
	}
	now := a.now().UTC()
	source := fmt.Sprintf("pubmed web timeline, imported %s on %s", filepath.Base(file), now.Format("2006-01-02"))
	counts := make(map[int]int64, len(tl.Rows))
	for _, r := range tl.Rows {
		counts[r.Year] = r.Count
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	im := store.Import{Name: name, Query: query, File: filepath.Base(file), Source: source, At: now, Counts: counts}
	if _, err := db.Import(im); err != nil {
		return err
	}
	if a.interactive {
		fmt.Fprintf(a.stderr, "pubtrend: imported %d years (%d-%d) of %q as %q\n",
			len(tl.Rows), tl.Rows[0].Year, tl.Rows[len(tl.Rows)-1].Year, query, name)
	}
	return nil
}
