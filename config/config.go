package config

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/collector"
)

// Config is config.yaml. Only the front ends see all of it; the packages
// below them take plain values.
type Config struct {
	Topics  []Topic `yaml:"topics"`
	Years   Years   `yaml:"years"`
	NCBI    NCBI    `yaml:"ncbi"`
	Store   string  `yaml:"store"`
	Refresh Refresh `yaml:"refresh"`
	// Breakdowns are the user's own ways of dividing a topic into parts,
	// beside the built-in evidence and species.
	Breakdowns []Breakdown `yaml:"breakdowns"`

	// File is the file the config came from; relative store paths are
	// relative to its folder. Empty for the defaults of a run without a
	// config file.
	File string `yaml:"-"`

	// lines maps a key's path ("years.from", "topics.2.query") to its
	// line in File, so that Validate can point at the line to fix
	// without holding on to the YAML tree.
	lines map[string]int
	// sources names where a value came from when it was not the file,
	// e.g. "ncbi.base_url" -> "PUBTREND_EUTILS_URL".
	sources map[string]string
}

// Topic is one tracked query.
type Topic struct {
	Name  string `yaml:"name"`
	Query string `yaml:"query"`
	Label string `yaml:"label"`
	From  Year   `yaml:"from"`
	To    Year   `yaml:"to"`
}

// Breakdown divides a topic into ordered parts: a record belongs to the
// first part whose query it matches; the last part may have no query and
// is then the rest of the topic.
type Breakdown struct {
	Name  string `yaml:"name"`
	Label string `yaml:"label"`
	Parts []Part `yaml:"parts"`
}

// Part is one part of a Breakdown.
type Part struct {
	Key   string `yaml:"key"`
	Label string `yaml:"label"`
	Query string `yaml:"query"`
}

// Years is the default range of every topic.
type Years struct {
	From Year `yaml:"from"`
	To   Year `yaml:"to"`
}

// NCBI holds what NCBI asks of a client. The API key is never in the
// file: it comes from the environment (see APIKey).
type NCBI struct {
	Email   string  `yaml:"email"`
	Tool    string  `yaml:"tool"`
	BaseURL string  `yaml:"base_url"`
	Rate    float64 `yaml:"rate"`
	// Timeout bounds one request; MaxTries, MinBackoff and MaxBackoff
	// shape the retries of transient failures.
	Timeout    Duration `yaml:"timeout"`
	MaxTries   Count    `yaml:"max_tries"`
	MinBackoff Duration `yaml:"min_backoff"`
	MaxBackoff Duration `yaml:"max_backoff"`
}

// Refresh says how old a stored count may get before it is fetched again.
type Refresh struct {
	Recent  Duration `yaml:"recent"`
	Settled Duration `yaml:"settled"`
}

// Default is the configuration of a run without a config file: the last
// ten complete years and the current one, NCBI's defaults, no topics.
func Default(now time.Time) *Config {
	return &Config{
		Years: Years{From: Year(now.Year() - 10), To: Year(now.Year())},
		NCBI: NCBI{
			Tool:       "pubtrend",
			BaseURL:    collector.NCBIBaseURL,
			Timeout:    Duration(30 * time.Second),
			MaxTries:   5,
			MinBackoff: Duration(time.Second),
			MaxBackoff: Duration(30 * time.Second),
		},
		Refresh: Refresh{Recent: Duration(collector.DefaultRefresh.Recent), Settled: Duration(collector.DefaultRefresh.Settled)},
	}
}

// Bounds on values that parse but cannot work: a rate of 1e-300 would
// wait for ever between requests, a timeout of 300 years overflows.
const (
	MinRate       = 0.05 // one request every 20 seconds
	MinYear       = 1800
	maxTimeout    = 10 * time.Minute
	maxBackoff    = time.Hour
	maxRefresh    = 10 * 365 * 24 * time.Hour
	maxTries      = 20
	minTimeout    = 100 * time.Millisecond
	minMinBackoff = time.Millisecond
)

// Validate checks what YAML cannot: required values, ranges, duplicates,
// values that parse but cannot work. It fills in the defaults that depend
// on other values (a topic's label and years). Errors name the file and
// line of the value to fix.
func (c *Config) Validate(now time.Time) error {
	var errs []error
	bad := func(key string, format string, args ...any) {
		errs = append(errs, c.errorAt(key, fmt.Sprintf(format, args...)))
	}
	c.applyDefaults(now)
	maxYear := now.Year() + 1
	checkYear := func(key, what string, y Year) {
		if y != 0 && (int(y) < MinYear || int(y) > maxYear) {
			bad(key, "%s %d is out of range: PubMed years run from %d to %d", what, y, MinYear, maxYear)
		}
	}
	checkYear("years.from", "years.from", c.Years.From)
	checkYear("years.to", "years.to", c.Years.To)
	if c.Years.From > c.Years.To {
		bad("years.from", "years.from %d is after years.to %d", c.Years.From, c.Years.To)
	}
	seen := make(map[string]string)
	for i := range c.Topics {
		t := &c.Topics[i]
		at := func(key string) string { return fmt.Sprintf("topics.%d.%s", i, key) }
		where := fmt.Sprintf("topic %d", i+1)
		if t.Name != "" {
			where = fmt.Sprintf("topic %q", t.Name)
		}
		switch folded := strings.ToLower(t.Name); {
		case strings.TrimSpace(t.Name) == "":
			bad(fmt.Sprintf("topics.%d", i), "%s has no name: add name: (the handle used on the command line)", where)
		case t.Name != strings.TrimSpace(t.Name):
			bad(at("name"), "%s: name has leading or trailing spaces", where)
		case hasControl(t.Name):
			bad(at("name"), "%s: name contains control characters", where)
		case seen[folded] != "":
			bad(at("name"), "%s: the name is already used by the topic at line %d; names must be unique", where, c.lines[seen[folded]])
		default:
			seen[folded] = at("name")
		}
		if strings.TrimSpace(t.Query) == "" {
			bad(at("query"), "%s has no query: add query: with a PubMed search, e.g. query: exosome", where)
		}
		if hasControl(t.Query) {
			bad(at("query"), "%s: query contains control characters", where)
		}
		t.Query = strings.TrimSpace(t.Query)
		checkYear(at("from"), where+": from", t.From)
		checkYear(at("to"), where+": to", t.To)
		if t.From == 0 {
			t.From = c.Years.From
		}
		if t.To == 0 {
			t.To = c.Years.To
		}
		if t.From > t.To {
			bad(at("from"), "%s: from %d is after to %d", where, t.From, t.To)
		}
		if t.Label == "" {
			t.Label = t.Name
		}
	}
	n := &c.NCBI
	switch {
	case math.IsNaN(n.Rate) || math.IsInf(n.Rate, 0):
		bad("ncbi.rate", "ncbi.rate %g is not a number of requests per second", n.Rate)
	case n.Rate != 0 && (n.Rate < MinRate || n.Rate > collector.LimitWithKey):
		bad("ncbi.rate", "ncbi.rate %g: want between %g and NCBI's limit of 3 requests/s (10 with an API key); leave it out for the default", n.Rate, MinRate)
	}
	if n.Timeout != 0 && (time.Duration(n.Timeout) < minTimeout || time.Duration(n.Timeout) > maxTimeout) {
		bad("ncbi.timeout", "ncbi.timeout %v: want between %v and %v", time.Duration(n.Timeout), minTimeout, maxTimeout)
	}
	if n.MaxTries > maxTries {
		bad("ncbi.max_tries", "ncbi.max_tries %d: want at most %d", n.MaxTries, maxTries)
	}
	for _, b := range []struct {
		key string
		d   Duration
	}{{"ncbi.min_backoff", n.MinBackoff}, {"ncbi.max_backoff", n.MaxBackoff}} {
		if b.d != 0 && (time.Duration(b.d) < minMinBackoff || time.Duration(b.d) > maxBackoff) {
			bad(b.key, "%s %v: want between %v and %v", b.key, time.Duration(b.d), minMinBackoff, maxBackoff)
		}
	}
	if n.MinBackoff != 0 && n.MaxBackoff != 0 && n.MinBackoff > n.MaxBackoff {
		bad("ncbi.min_backoff", "ncbi.min_backoff %v is longer than ncbi.max_backoff %v", time.Duration(n.MinBackoff), time.Duration(n.MaxBackoff))
	}
	if strings.ContainsAny(n.Email, " \t") || hasControl(n.Email) {
		bad("ncbi.email", "ncbi.email must not contain spaces (NCBI's rule)")
	}
	if strings.ContainsAny(n.Tool, " \t") || hasControl(n.Tool) {
		bad("ncbi.tool", "ncbi.tool must not contain spaces (NCBI's rule)")
	}
	for _, r := range []struct {
		key string
		d   Duration
	}{{"refresh.recent", c.Refresh.Recent}, {"refresh.settled", c.Refresh.Settled}} {
		if time.Duration(r.d) > maxRefresh {
			bad(r.key, "%s %v: want at most ten years", r.key, time.Duration(r.d))
		}
	}
	if hasControl(c.Store) {
		bad("store", "store path contains control characters")
	}
	errs = append(errs, c.validateBreakdowns()...)
	return errors.Join(errs...)
}

// validateBreakdowns checks the user's breakdowns as the breakdown package
// checks the built-in ones, and points each error at its line.
func (c *Config) validateBreakdowns() []error {
	var errs []error
	seen := make(map[string]string)
	for i, b := range c.Breakdowns {
		at := fmt.Sprintf("breakdowns.%d", i)
		name := strings.ToLower(b.Name)
		if _, builtin := breakdown.Lookup(name); builtin {
			errs = append(errs, c.errorAt(at+".name", fmt.Sprintf("breakdown %q is built in: choose another name", b.Name)))
			continue
		}
		if prev, dup := seen[name]; dup && name != "" {
			errs = append(errs, c.errorAt(at+".name", fmt.Sprintf("breakdown %q is already defined at line %d", b.Name, c.lines[prev])))
			continue
		}
		seen[name] = at + ".name"
		err := c.breakdown(b).Validate()
		var fes breakdown.FieldErrors
		if errors.As(err, &fes) {
			for _, fe := range fes {
				errs = append(errs, c.errorAt(at+"."+fe.Path, fmt.Sprintf("breakdown %q: %s", b.Name, fe.Msg)))
			}
		} else if err != nil {
			errs = append(errs, c.errorAt(at, fmt.Sprintf("breakdown %q: %v", b.Name, err)))
		}
	}
	return errs
}

// breakdown converts the file's breakdown. One whose parts all have a
// query gets the rest of the topic as a last part, so that its parts add
// up to the topic like every breakdown's.
func (c *Config) breakdown(b Breakdown) breakdown.Breakdown {
	out := breakdown.Breakdown{Name: b.Name, Label: b.Label}
	keys := make(map[string]bool)
	for _, p := range b.Parts {
		out.Parts = append(out.Parts, breakdown.Part{Key: p.Key, Label: p.Label, Query: strings.TrimSpace(p.Query)})
		keys[p.Key] = true
	}
	if _, ok := out.Remainder(); !ok && len(out.Parts) > 0 {
		key := "rest"
		for i := 2; keys[key]; i++ {
			key = fmt.Sprintf("rest-%d", i)
		}
		out.Parts = append(out.Parts, breakdown.Part{Key: key, Label: "Everything else"})
	}
	if out.Label == "" {
		out.Label = out.Name
	}
	return out
}

// Breakdown finds a breakdown by name: one of the config's, else a built-in
// one (evidence, species).
func (c *Config) Breakdown(name string) (breakdown.Breakdown, bool) {
	for _, b := range c.Breakdowns {
		if strings.EqualFold(b.Name, name) {
			return c.breakdown(b), true
		}
	}
	return breakdown.Lookup(strings.ToLower(name))
}

// BreakdownNames lists the breakdowns --by accepts: built-in, then the
// config's.
func (c *Config) BreakdownNames() []string {
	var out []string
	for _, b := range breakdown.BuiltIn() {
		out = append(out, b.Name)
	}
	for _, b := range c.Breakdowns {
		out = append(out, b.Name)
	}
	return out
}

// applyDefaults fills in every value the file left out. It runs after
// decoding rather than before: a key present but empty ("ncbi:" with all
// its lines commented out) decodes as zero values.
func (c *Config) applyDefaults(now time.Time) {
	d := Default(now)
	if c.Years.From == 0 && c.Years.To != 0 {
		c.Years.From = c.Years.To - 10
	}
	setDefault(&c.Years.From, d.Years.From)
	setDefault(&c.Years.To, d.Years.To)
	setDefault(&c.NCBI.Tool, d.NCBI.Tool)
	setDefault(&c.NCBI.BaseURL, d.NCBI.BaseURL)
	setDefault(&c.NCBI.Timeout, d.NCBI.Timeout)
	setDefault(&c.NCBI.MaxTries, d.NCBI.MaxTries)
	setDefault(&c.NCBI.MinBackoff, d.NCBI.MinBackoff)
	setDefault(&c.NCBI.MaxBackoff, d.NCBI.MaxBackoff)
	setDefault(&c.Refresh.Recent, d.Refresh.Recent)
	setDefault(&c.Refresh.Settled, d.Refresh.Settled)
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// Topic finds a topic by name, ignoring case.
func (c *Config) Topic(name string) (Topic, bool) {
	for _, t := range c.Topics {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Topic{}, false
}

// StorePath is where the store lives: the config's store (relative to the
// config file's folder), else the XDG data folder.
func (c *Config) StorePath(getenv func(string) string) (string, error) {
	if c.Store != "" {
		p := c.Store
		if rest, ok := strings.CutPrefix(p, "~/"); ok && getenv("HOME") != "" {
			p = filepath.Join(getenv("HOME"), rest)
		}
		if !filepath.IsAbs(p) && c.File != "" {
			p = filepath.Join(filepath.Dir(c.File), p)
		}
		return p, nil
	}
	return DefaultStorePath(getenv)
}

// DefaultStorePath is $XDG_DATA_HOME/pubtrend/pubtrend.db, else
// ~/.local/share/pubtrend/pubtrend.db.
func DefaultStorePath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "pubtrend", "pubtrend.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", &Error{File: "environment", Msg: "neither XDG_DATA_HOME nor HOME is set: give the store path with --db or store: in the config"}
	}
	return filepath.Join(home, ".local", "share", "pubtrend", "pubtrend.db"), nil
}

// Source says where a value came from, for messages: the file and line,
// or the environment variable that set it.
func (c *Config) Source(key string) string {
	if s := c.sources[key]; s != "" {
		return s
	}
	if c.File == "" {
		return "default " + key
	}
	if l := c.lines[key]; l > 0 {
		return fmt.Sprintf("%s:%d: %s", c.File, l, key)
	}
	return c.File + ": " + key
}

// errorAt builds an Error at the line of key, or of the nearest enclosing
// key that has one.
func (c *Config) errorAt(key, msg string) *Error {
	file := c.File
	if file == "" {
		file = "config"
	}
	for k := key; k != ""; {
		if l := c.lines[k]; l > 0 {
			return &Error{File: file, Line: l, Msg: msg}
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return &Error{File: file, Msg: msg}
}

// Error is a problem in the configuration, at a line when known.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}
