package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"go.yaml.in/yaml/v3"
)

// Config is config.yaml. Only this package sees all of it; the other
// packages take plain values.
type Config struct {
	Topics  []Topic `yaml:"topics"`
	Years   Years   `yaml:"years"`
	NCBI    NCBI    `yaml:"ncbi"`
	Store   string  `yaml:"store"`
	Refresh Refresh `yaml:"refresh"`

	// path is the file the config came from; relative store paths are
	// relative to its folder.
	path string
}

// Topic is one tracked query.
type Topic struct {
	Name  string `yaml:"name"`
	Query string `yaml:"query"`
	Label string `yaml:"label"`
	From  int    `yaml:"from"`
	To    int    `yaml:"to"`

	node *yaml.Node // where the topic is in the file, for messages
	// field is the series' date field when it is not ESearch's: set for
	// series imported from PubMed's web timeline.
	field string
}

// Series is where the topic's counts are stored.
func (t Topic) Series() store.Series {
	if t.field != "" {
		return store.Series{Query: t.Query, Field: t.field}
	}
	return store.Series{Query: t.Query, Field: collector.DateField}
}

// imported reports whether the topic's counts came from a file, not ESearch.
func (t Topic) imported() bool { return t.field != "" && t.field != collector.DateField }

// line is where the topic's key starts in the file, or the topic itself
// when the key is absent.
func (t Topic) line(key string) int {
	if t.node == nil {
		return 0
	}
	if n := lookup(t.node, key); n != nil {
		return n.Line
	}
	return t.node.Line
}

// Years is the default range of every topic.
type Years struct {
	From int `yaml:"from"`
	To   int `yaml:"to"`
}

// NCBI holds what NCBI asks of a client. The API key is never in the file:
// it comes from NCBI_API_KEY.
type NCBI struct {
	Email   string  `yaml:"email"`
	Tool    string  `yaml:"tool"`
	BaseURL string  `yaml:"base_url"`
	Rate    float64 `yaml:"rate"`
	// Timeout bounds one request; MaxTries, MinBackoff and MaxBackoff
	// shape the retries of transient failures.
	Timeout    Duration `yaml:"timeout"`
	MaxTries   uint     `yaml:"max_tries"`
	MinBackoff Duration `yaml:"min_backoff"`
	MaxBackoff Duration `yaml:"max_backoff"`
}

// Refresh says how old a stored count may get before it is fetched again.
type Refresh struct {
	Recent  Duration `yaml:"recent"`
	Settled Duration `yaml:"settled"`
}

// Duration is a time.Duration that YAML may also write in days ("30d").
type Duration time.Duration

// UnmarshalYAML accepts Go durations ("20h", "90m", "500ms") and whole
// days ("30d").
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if v, err := strconv.Atoi(days); err == nil && v > 0 {
			*d = Duration(time.Duration(v) * 24 * time.Hour)
			return nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return &lineError{line: n.Line, msg: fmt.Sprintf("%q is not a duration: write e.g. 20h or 30d", s)}
	}
	*d = Duration(v)
	return nil
}

// DefaultConfig is what an empty file means.
func DefaultConfig(now time.Time) Config {
	return Config{
		Years:   Years{From: now.Year() - 10, To: now.Year()},
		NCBI:    NCBI{Tool: "pubtrend", BaseURL: collector.NCBIBaseURL},
		Refresh: Refresh{Recent: Duration(collector.DefaultRefresh.Recent), Settled: Duration(collector.DefaultRefresh.Settled)},
	}
}

// ConfigError is a problem in the config file, at a line when known.
type ConfigError struct {
	File string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// ParseConfig reads a config strictly: an unknown key, a wrong type or a
// value out of range is an error naming the line. file names the source in
// messages; now fixes "the current year".
func ParseConfig(r io.Reader, file string, now time.Time) (Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Config{}, &ConfigError{File: file, Msg: err.Error()}
	}
	cfg := DefaultConfig(now)
	cfg.Years.To = 0 // "to" defaults to the current year after parsing
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, yamlError(file, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Config{}, yamlError(file, err)
	}
	if topics := lookup(&root, "topics"); topics != nil && topics.Kind == yaml.SequenceNode {
		for i, n := range topics.Content {
			if i < len(cfg.Topics) {
				cfg.Topics[i].node = n
			}
		}
	}
	if cfg.Years.To == 0 {
		cfg.Years.To = now.Year()
	}
	cfg.path = file
	if err := cfg.validate(&root, now); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// lookup finds a key's value in the top-level mapping of a document.
func lookup(doc *yaml.Node, path ...string) *yaml.Node {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

func lineOf(doc *yaml.Node, path ...string) int {
	if n := lookup(doc, path...); n != nil {
		return n.Line
	}
	return 0
}

var (
	yamlLine       = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownKey = regexp.MustCompile(`^field (\S+) not found in type main\.(\w+)$`)
	yamlBadType    = regexp.MustCompile(`^cannot unmarshal !!(\w+)(?: ` + "`" + `(.*)` + "`" + `)? into (\S+)$`)
)

var knownKeys = map[string]string{
	"Config":  "topics, years, ncbi, store, refresh",
	"Topic":   "name, query, label, from, to",
	"Years":   "from, to",
	"NCBI":    "email, tool, base_url, rate, timeout, max_tries, min_backoff, max_backoff",
	"Refresh": "recent, settled",
}

// yamlError rewrites yaml's messages into "file:line: what to fix".
func yamlError(file string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	var le *lineError
	switch {
	case errors.As(err, &le):
		return &ConfigError{File: file, Line: le.line, Msg: le.msg}
	case errors.As(err, &te):
		msgs = te.Errors
	default:
		msgs = []string{err.Error()}
	}
	var errs []error
	for _, m := range msgs {
		ce := &ConfigError{File: file, Msg: m}
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			ce.Line, _ = strconv.Atoi(sub[1])
			ce.Msg = sub[2]
		}
		if sub := yamlUnknownKey.FindStringSubmatch(ce.Msg); sub != nil {
			ce.Msg = fmt.Sprintf("unknown key %q (known here: %s)", sub[1], knownKeys[sub[2]])
		} else if sub := yamlBadType.FindStringSubmatch(ce.Msg); sub != nil {
			if sub[2] != "" {
				ce.Msg = fmt.Sprintf("%q is a %s, want %s", sub[2], yamlKind(sub[1]), goKind(sub[3]))
			} else {
				ce.Msg = fmt.Sprintf("found a %s, want %s", yamlKind(sub[1]), goKind(sub[3]))
			}
		}
		errs = append(errs, ce)
	}
	return errors.Join(errs...)
}

func yamlKind(tag string) string {
	switch tag {
	case "str":
		return "string"
	case "seq":
		return "list"
	case "map":
		return "mapping"
	case "int", "float":
		return "number"
	}
	return tag
}

func goKind(t string) string {
	switch {
	case t == "int" || t == "float64":
		return "a number"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "a " + strings.ToLower(strings.TrimPrefix(t, "main."))
}

// validate checks what yaml cannot: required values, ranges, duplicates.
func (c *Config) validate(doc *yaml.Node, now time.Time) error {
	var errs []error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, &ConfigError{File: c.path, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	maxYear := now.Year() + 1
	checkYear := func(line int, what string, y int) {
		if y != 0 && (y < 1800 || y > maxYear) {
			bad(line, "%s %d is out of range: PubMed years run from 1800 to %d", what, y, maxYear)
		}
	}
	checkYear(lineOf(doc, "years", "from"), "years.from", c.Years.From)
	checkYear(lineOf(doc, "years", "to"), "years.to", c.Years.To)
	if c.Years.From > c.Years.To {
		bad(lineOf(doc, "years"), "years.from %d is after years.to %d", c.Years.From, c.Years.To)
	}
	if len(c.Topics) == 0 {
		bad(lineOf(doc, "topics"), "no topics: add a list such as\n  topics:\n    - name: exosome\n      query: exosome")
	}
	seen := make(map[string]int)
	for i := range c.Topics {
		t := &c.Topics[i]
		where := fmt.Sprintf("topic %d", i+1)
		if t.Name != "" {
			where = fmt.Sprintf("topic %q", t.Name)
		}
		switch {
		case strings.TrimSpace(t.Name) == "":
			bad(t.line(""), "%s has no name: add name: (the handle used on the command line)", where)
		case t.Name != strings.TrimSpace(t.Name):
			bad(t.line("name"), "%s: name has leading or trailing spaces", where)
		case seen[strings.ToLower(t.Name)] != 0:
			bad(t.line("name"), "%s: the name is already used by the topic at line %d; names must be unique", where, seen[strings.ToLower(t.Name)])
		default:
			seen[strings.ToLower(t.Name)] = t.line("name")
		}
		if strings.TrimSpace(t.Query) == "" {
			bad(t.line("query"), "%s has no query: add query: with a PubMed search, e.g. query: exosome", where)
		}
		if strings.ContainsRune(t.Query, 0) {
			bad(t.line("query"), "%s: query contains a NUL byte", where)
		}
		t.Query = strings.TrimSpace(t.Query)
		checkYear(t.line("from"), where+": from", t.From)
		checkYear(t.line("to"), where+": to", t.To)
		if t.From == 0 {
			t.From = c.Years.From
		}
		if t.To == 0 {
			t.To = c.Years.To
		}
		if t.From > t.To {
			bad(t.line("from"), "%s: from %d is after to %d", where, t.From, t.To)
		}
		if t.Label == "" {
			t.Label = t.Name
		}
	}
	if c.NCBI.Rate < 0 || c.NCBI.Rate > collector.LimitWithKey {
		bad(lineOf(doc, "ncbi", "rate"), "ncbi.rate %g: NCBI allows at most 3 requests/s, 10 with an API key", c.NCBI.Rate)
	}
	if strings.ContainsAny(c.NCBI.Email, " \t") || strings.ContainsAny(c.NCBI.Tool, " \t") {
		bad(lineOf(doc, "ncbi"), "ncbi.email and ncbi.tool must not contain spaces (NCBI's rule)")
	}
	return errors.Join(errs...)
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
// config file), or the XDG data folder.
func (c *Config) StorePath(getenv func(string) string) (string, error) {
	if c.Store != "" {
		p := expandHome(c.Store, getenv)
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(c.path), p)
		}
		return p, nil
	}
	return defaultStorePath(getenv)
}

func defaultStorePath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "pubtrend", "pubtrend.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("neither XDG_DATA_HOME nor HOME is set: give the store path with --db or store: in the config")
	}
	return filepath.Join(home, ".local", "share", "pubtrend", "pubtrend.db"), nil
}

func expandHome(p string, getenv func(string) string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok && getenv("HOME") != "" {
		return filepath.Join(getenv("HOME"), rest)
	}
	return p
}

// loadConfig reads the config named by --config, PUBTREND_CONFIG or
// ./config.yaml, in that order.
func loadConfig(flagPath string, getenv func(string) string, now time.Time) (Config, error) {
	path, explicit := flagPath, flagPath != ""
	if path == "" {
		path, explicit = getenv("PUBTREND_CONFIG"), getenv("PUBTREND_CONFIG") != ""
	}
	if path == "" {
		path = "config.yaml"
	}
	f, err := os.Open(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return Config{}, &ConfigError{File: path, Msg: "no config file here: create one (see config.yaml in pubtrend's repository) or pass --config FILE"}
		}
		return Config{}, &ConfigError{File: path, Msg: err.Error()}
	}
	defer f.Close()
	return ParseConfig(f, path, now)
}
