package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Parse reads a config strictly: an unknown key, a wrong type or a value
// out of range is an error naming file and line. file names the source in
// messages; now fixes "the current year". The result is validated.
func Parse(r io.Reader, file string, now time.Time) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{File: file, Msg: err.Error()}
	}
	cfg := &Config{File: file}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	cfg.lines = make(map[string]int)
	recordLines(&root, "", cfg.lines)
	if err := cfg.Validate(now); err != nil {
		return nil, err
	}
	return cfg, nil
}

// recordLines walks the document and notes the line of every key and
// list item under its dotted path ("topics.0.name").
func recordLines(n *yaml.Node, path string, lines map[string]int) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			recordLines(c, path, lines)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := join(n.Content[i].Value)
			lines[k] = n.Content[i].Line
			recordLines(n.Content[i+1], k, lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			k := join(strconv.Itoa(i))
			lines[k] = c.Line
			recordLines(c, k, lines)
		}
	}
}

// lineError is a value that decodes but is not acceptable, at its line.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// Year is a whole year. YAML would truncate 2015.5 to 2015; a Year refuses it.
type Year int

// UnmarshalYAML accepts whole numbers only.
func (y *Year) UnmarshalYAML(n *yaml.Node) error {
	v, err := wholeNumber(n, math.MaxInt32)
	*y = Year(v)
	return err
}

// Count is a whole number of times, such as max_tries.
type Count uint

// UnmarshalYAML accepts whole, non-negative numbers only.
func (c *Count) UnmarshalYAML(n *yaml.Node) error {
	v, err := wholeNumber(n, math.MaxInt32)
	if err == nil && v < 0 {
		err = &lineError{line: n.Line, msg: fmt.Sprintf("%s is negative: want a whole number of at least 0", n.Value)}
	}
	*c = Count(v)
	return err
}

func wholeNumber(n *yaml.Node, limit int64) (int64, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		what := "a " + yamlKind(strings.TrimPrefix(n.ShortTag(), "!!"))
		if n.Kind == yaml.ScalarNode {
			what = fmt.Sprintf("%q", n.Value)
		}
		return 0, &lineError{line: n.Line, msg: fmt.Sprintf("%s is not a whole number", what)}
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil || v > limit || v < -limit {
		return 0, &lineError{line: n.Line, msg: fmt.Sprintf("%s is out of range", n.Value)}
	}
	return v, nil
}

// Duration is a time.Duration that YAML may also write in days ("30d").
type Duration time.Duration

// UnmarshalYAML accepts Go durations ("20h", "90m", "500ms") and whole
// days ("30d"); zero, negative and overflowing values are errors.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	bad := &lineError{line: n.Line, msg: fmt.Sprintf("%q is not a duration: write e.g. 20h or 30d", s)}
	if n.Kind != yaml.ScalarNode {
		return bad
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		v, err := strconv.ParseInt(days, 10, 64)
		switch {
		case err != nil:
			return bad
		case v <= 0 || v > int64(math.MaxInt64/(24*time.Hour)):
			return &lineError{line: n.Line, msg: fmt.Sprintf("%q is out of range: want a positive number of days up to a few years", s)}
		}
		*d = Duration(time.Duration(v) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return bad
	}
	if v <= 0 {
		return &lineError{line: n.Line, msg: fmt.Sprintf("%q must be longer than zero", s)}
	}
	*d = Duration(v)
	return nil
}

var (
	yamlLine       = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownKey = regexp.MustCompile(`^field (\S+) not found in type config\.(\w+)$`)
	yamlBadType    = regexp.MustCompile(`^cannot unmarshal !!(\w+)(?: ` + "`" + `(.*)` + "`" + `)? into (\S+)$`)
)

var knownKeys = map[string]string{
	"Config":    "topics, years, ncbi, store, refresh, breakdowns",
	"Breakdown": "name, label, parts",
	"Part":      "key, label, query",
	"Topic":     "name, query, label, from, to",
	"Years":     "from, to",
	"NCBI":      "email, tool, base_url, rate, timeout, max_tries, min_backoff, max_backoff",
	"Refresh":   "recent, settled",
}

// yamlError rewrites yaml's messages into "file:line: what to fix".
func yamlError(file string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	var le *lineError
	switch {
	case errors.As(err, &le):
		return &Error{File: file, Line: le.line, Msg: le.msg}
	case errors.As(err, &te):
		msgs = te.Errors
	default:
		msgs = []string{err.Error()}
	}
	var errs []error
	for _, m := range msgs {
		ce := &Error{File: file, Msg: m}
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
	case t == "int" || t == "float64" || t == "config.Year" || t == "config.Count":
		return "a number"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "a " + strings.ToLower(strings.TrimPrefix(t, "config."))
}
