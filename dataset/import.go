package dataset

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/timeline"
)

const importedPrefix = "pubmed web timeline, imported "

// ImportError is an import that cannot go ahead as asked.
type ImportError struct {
	Msg string
}

func (e *ImportError) Error() string { return e.Msg }

// Import stores a PubMed web timeline download under name. query is the
// query the file counts: the file's own, or the one given when the file
// has none. A name that is a config topic is refused.
func Import(c *Catalog, path, name, query, file string, tl timeline.Timeline, now time.Time) (Topic, error) {
	switch {
	case query == "" && tl.Query == "":
		return Topic{}, &ImportError{Msg: fmt.Sprintf("%s names no query (no \"Search query:\" line): give it with --query", file)}
	case query == "":
		query = tl.Query
	case tl.Query != "" && tl.Query != query:
		return Topic{}, &ImportError{Msg: fmt.Sprintf("--query %q differs from the file's own %q", query, tl.Query)}
	}
	if t, err := c.Lookup(name); err == nil && t.Origin == FromConfig {
		return Topic{}, &ImportError{Msg: fmt.Sprintf("%q is already a topic in %s (query %s): choose another --topic for the imported counts", name, c.cfg.File, t.Query)}
	}
	now = now.UTC()
	base := filepath.Base(file)
	// PubMed's download leaves the years with no record out: between its
	// first and last year, a year it does not list is a zero, not missing.
	counts := make(map[int]int64, len(tl.Rows))
	for _, r := range tl.Rows {
		counts[r.Year] = r.Count
	}
	if len(tl.Rows) > 0 {
		for y := tl.Rows[0].Year; y <= tl.Rows[len(tl.Rows)-1].Year; y++ {
			if _, ok := counts[y]; !ok {
				counts[y] = 0
			}
		}
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return Topic{}, err
	}
	defer db.Close()
	// The counts, the name and the label in one transaction.
	series, err := db.Import(store.Import{Name: name, Query: query, File: base, At: now, Counts: counts,
		Source: fmt.Sprintf("%s%s on %s", importedPrefix, base, now.Format("2006-01-02"))})
	if err != nil {
		return Topic{}, err
	}
	t := Topic{Name: name, Label: name, Query: query, Series: series, Origin: FromImport, File: base}
	if len(tl.Rows) > 0 {
		t.From, t.To = tl.Rows[0].Year, tl.Rows[len(tl.Rows)-1].Year
	}
	return t, nil
}

// sourceFile reads the file name back from an imported count's source.
func sourceFile(source string) string {
	rest, ok := strings.CutPrefix(source, importedPrefix)
	if !ok {
		return ""
	}
	file, _, _ := strings.Cut(rest, " on ")
	return file
}
