package dataset

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/store"
)

// Origin says what brought a series into pubtrend.
type Origin string

// The origins of a series.
const (
	FromConfig Origin = "config" // a topic of the config file
	FromQuery  Origin = "query"  // a PubMed query given on the command line
	FromImport Origin = "import" // a PubMed web timeline CSV, imported under a name
	FromTotals Origin = "totals" // PubMed's yearly totals, for normalising
)

// TotalsName is the name of PubMed's yearly totals series.
const TotalsName = "PubMed total"

// Topic is what a name on the command line means: a stored (or to be
// stored) series, what it is called, and the years it covers.
type Topic struct {
	// Name is the handle: a config topic's name, an import's --topic, or,
	// for a query given on the command line, the query text itself.
	Name   string
	Label  string // for charts and tables
	Query  string // the PubMed query; for imports, the file's query
	Series store.Series
	Origin Origin
	File   string // imports: the file the counts came from
	From   int
	To     int
	// Parent, Breakdown and Part place a part of a topic (FromPart): the
	// topic's name, the breakdown's ("indexing" and "distinct" for the
	// counts that qualify a topic) and the part's key.
	Parent, Breakdown, Part string
}

// Imported reports whether the topic's counts came from a file, not from
// ESearch: they are never fetched, and all of them are kept.
func (t Topic) Imported() bool { return t.Origin == FromImport }

// keep is the store filter for the topic's observations: an ESearch series
// keeps ESearch counts only.
func (t Topic) keep() func(string) bool {
	if t.Imported() {
		return nil
	}
	return store.FromESearch
}

// esearchSeries is where ESearch counts of query are stored.
func esearchSeries(query string) store.Series {
	return store.Series{Query: query, Field: collector.DateField}
}

// ErrUnknownTopic is matched (errors.Is) by an *UnknownTopicError.
var ErrUnknownTopic = errors.New("unknown topic")

// UnknownTopicError is a name that is neither a config topic nor a stored
// series. Closest is the nearest known name, when one is near enough to be
// a typo.
type UnknownTopicError struct {
	Name    string
	Closest string
}

func (e *UnknownTopicError) Error() string {
	return fmt.Sprintf("no topic named %q", e.Name)
}

// Is lets errors.Is(err, ErrUnknownTopic) match.
func (e *UnknownTopicError) Is(target error) bool { return target == ErrUnknownTopic }

// Catalog is every name pubtrend knows: the config's topics, and every
// series in the store, whatever brought it in.
type Catalog struct {
	cfg     *config.Config
	topics  []Topic // config topics first, in config order, then stored series by name
	byName  map[string]int
	byQuery map[string]int // ESearch query text -> topic
}

// NewCatalog lists the config's topics and the store's series. db may be
// nil when there is no store yet.
func NewCatalog(cfg *config.Config, db *store.DB) (*Catalog, error) {
	c := &Catalog{cfg: cfg, byName: make(map[string]int), byQuery: make(map[string]int)}
	for _, t := range cfg.Topics {
		c.add(Topic{Name: t.Name, Label: t.Label, Query: t.Query, Series: esearchSeries(t.Query),
			Origin: FromConfig, From: int(t.From), To: int(t.To)})
	}
	if db == nil {
		return c, nil
	}
	names, err := db.Names()
	if err != nil {
		return nil, err
	}
	labels, err := db.Labels()
	if err != nil {
		return nil, err
	}
	// Imports by name, in name order, so listings are stable.
	imported := make(map[store.Series]bool)
	for _, n := range slices.Sorted(maps.Keys(names)) {
		s := names[n]
		imported[s] = true
		if _, clash := c.lookup(n); clash {
			continue // a config topic of the same name wins
		}
		t := Topic{Name: n, Label: n, Query: s.Query, Series: s, Origin: FromImport, File: labels[s].File}
		// An import covers the years its file had.
		latest, err := db.Latest(s, nil)
		if err != nil {
			return nil, err
		}
		for y, o := range latest {
			if t.From == 0 || y < t.From {
				t.From = y
			}
			t.To = max(t.To, y)
			if t.File == "" {
				t.File = sourceFile(o.Source)
			}
		}
		c.add(t)
	}
	list, err := db.SeriesList()
	if err != nil {
		return nil, err
	}
	var parts []Topic
	for _, s := range list {
		if _, ok := labels[s]; ok && labels[s].Origin == store.OriginPart {
			// A distinct-records series has a date field of its own.
		} else if imported[s] || s.Field != collector.DateField {
			continue
		}
		if _, ok := c.byQuery[s.Query]; ok {
			continue // a config topic's series
		}
		l := labels[s]
		switch {
		case s.Query == collector.TotalsQuery:
			c.add(Topic{Name: TotalsName, Label: TotalsName, Query: s.Query, Series: s, Origin: FromTotals})
			continue
		case l.Origin == store.OriginPart:
			parts = append(parts, Topic{Name: l.Name, Label: l.Name, Query: s.Query, Series: s, Origin: FromPart,
				Parent: l.Topic, Breakdown: l.Breakdown, Part: l.Part})
			continue
		}
		// A series keeps the name it was collected under (a config topic
		// since removed from the config, say) unless that name is taken.
		name := s.Query
		if _, taken := c.lookup(l.Name); l.Name != "" && !taken {
			name = l.Name
		}
		c.add(Topic{Name: name, Label: name, Query: s.Query, Series: s, Origin: FromQuery})
	}
	c.addParts(parts)
	return c, nil
}

// addParts lists the parts of topics right after their topic, in the
// order of their names.
func (c *Catalog) addParts(parts []Topic) {
	if len(parts) == 0 {
		return
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].Name < parts[j].Name })
	byParent := make(map[string][]Topic)
	for _, p := range parts {
		byParent[strings.ToLower(p.Parent)] = append(byParent[strings.ToLower(p.Parent)], p)
	}
	topics := c.topics
	c.topics, c.byName, c.byQuery = nil, make(map[string]int), make(map[string]int)
	for _, t := range topics {
		c.add(t)
		for _, p := range byParent[strings.ToLower(t.Name)] {
			c.add(p)
		}
		delete(byParent, strings.ToLower(t.Name))
	}
	for _, p := range parts { // parts whose topic is gone
		if _, left := byParent[strings.ToLower(p.Parent)]; left {
			c.add(p)
		}
	}
}

func (c *Catalog) add(t Topic) {
	c.topics = append(c.topics, t)
	i := len(c.topics) - 1
	if _, ok := c.byName[strings.ToLower(t.Name)]; !ok {
		c.byName[strings.ToLower(t.Name)] = i
	}
	if !t.Imported() {
		if _, ok := c.byQuery[t.Query]; !ok {
			c.byQuery[t.Query] = i
		}
	}
}

func (c *Catalog) lookup(name string) (Topic, bool) {
	if i, ok := c.byName[strings.ToLower(name)]; ok {
		return c.topics[i], true
	}
	return Topic{}, false
}

// All returns every known topic: the config's in config order, then the
// store's by name, PubMed's totals included.
func (c *Catalog) All() []Topic { return append([]Topic(nil), c.topics...) }

// Configured returns the config's topics.
func (c *Catalog) Configured() []Topic {
	var out []Topic
	for _, t := range c.topics {
		if t.Origin == FromConfig {
			out = append(out, t)
		}
	}
	return out
}

// Stored returns the topics that are not the config's: ad-hoc queries,
// imports and PubMed's totals.
func (c *Catalog) Stored() []Topic {
	var out []Topic
	for _, t := range c.topics {
		if t.Origin != FromConfig {
			out = append(out, t)
		}
	}
	return out
}

// Lookup finds a topic by name (any case), or by the exact text of a stored
// query. An unknown name is an *UnknownTopicError.
func (c *Catalog) Lookup(name string) (Topic, error) {
	if t, ok := c.lookup(name); ok {
		return t, nil
	}
	if i, ok := c.byQuery[name]; ok {
		return c.topics[i], nil
	}
	return Topic{}, &UnknownTopicError{Name: name, Closest: c.Closest(name)}
}

// Resolve reads command-line arguments as topics: a known name, else a
// PubMed query to count (when queries is true). Duplicates are dropped.
func (c *Catalog) Resolve(args []string, queries bool) ([]Topic, error) {
	var out []Topic
	seen := make(map[store.Series]bool)
	for _, arg := range args {
		arg = strings.TrimSpace(arg)
		if arg == "" {
			return nil, &ArgumentError{Msg: "an empty argument is neither a topic nor a query"}
		}
		t, err := c.Lookup(arg)
		if err != nil {
			if !queries {
				return nil, err
			}
			if hasControl(arg) {
				return nil, &ArgumentError{Msg: fmt.Sprintf("query %q contains control characters", arg)}
			}
			t = Topic{Name: arg, Label: arg, Query: arg, Series: esearchSeries(arg), Origin: FromQuery}
		}
		if seen[t.Series] {
			continue
		}
		seen[t.Series] = true
		out = append(out, t)
	}
	return out, nil
}

// Closest returns the known name nearest to s by edit distance, if near
// enough to be a typo, else "".
func (c *Catalog) Closest(s string) string {
	best, bestD := "", 3
	folded := strings.ToLower(s)
	for _, t := range c.topics {
		if t.Origin == FromTotals {
			continue
		}
		if d := levenshtein.ComputeDistance(folded, strings.ToLower(t.Name)); d < bestD && d > 0 {
			best, bestD = t.Name, d
		}
	}
	return best
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// ArgumentError is a command-line argument that cannot be used as given.
// Front ends report it as a usage error.
type ArgumentError struct {
	Msg string
}

func (e *ArgumentError) Error() string { return e.Msg }
