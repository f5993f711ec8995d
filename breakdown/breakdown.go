package breakdown

import (
	"fmt"
	"regexp"
	"strings"
)

// Breakdown splits a topic's records into ordered, disjoint parts.
type Breakdown struct {
	// Name selects the breakdown (--by NAME); the syntax of a part key.
	Name string
	// Label names it in titles, e.g. "Type of evidence".
	Label string
	// Parts in order of precedence: a record belongs to the first part
	// whose query it matches. The last part may be the remainder.
	Parts []Part
}

// Part is one slice of a topic.
type Part struct {
	// Key identifies the part in series names, JSON and the config:
	// lower case letters, digits and hyphens, starting with a letter.
	Key string
	// Label names the part in legends and tables; the key when empty.
	Label string
	// Query is a PubMed query fragment for the part's records before
	// precedence, e.g. `"case reports"[pt]`. Empty for the remainder.
	Query string
	// Why says in one line what the part holds and why its query is so.
	Why string
	// Births are the publication types in Query that PubMed introduced
	// late: before them, the part is undercounted (see Caveats).
	Births []Birth
}

// Title is the part's label, or its key when it has none.
func (p Part) Title() string {
	if p.Label != "" {
		return p.Label
	}
	return p.Key
}

// IsRemainder reports whether p is the remainder: the topic's records in
// no other part, counted as the topic minus the other parts.
func (p Part) IsRemainder() bool { return strings.TrimSpace(p.Query) == "" }

// Remainder returns the remainder part, if b has one.
func (b Breakdown) Remainder() (Part, bool) {
	if n := len(b.Parts); n > 0 && b.Parts[n-1].IsRemainder() {
		return b.Parts[n-1], true
	}
	return Part{}, false
}

// Query is the PubMed query for part i of b within topic:
//
//	(TOPIC) AND (P_i) NOT (P_1 OR … OR P_{i−1})
//
// PubMed evaluates AND, OR and NOT left to right, so this is the topic's
// records that match P_i and no earlier part. The collector adds the year
// (" AND YYYY:YYYY[dp]") around it. The remainder's query is "": its count
// is the topic's minus the others', which costs no request.
func (b Breakdown) Query(topic string, i int) string {
	p := b.Parts[i]
	if p.IsRemainder() {
		return ""
	}
	q := "(" + topic + ") AND (" + p.Query + ")"
	if i == 0 {
		return q
	}
	earlier := make([]string, i)
	for j, e := range b.Parts[:i] {
		earlier[j] = group(e.Query)
	}
	return q + " NOT (" + strings.Join(earlier, " OR ") + ")"
}

// Queries are the queries of every part of b within topic, in order; ""
// for the remainder.
func (b Breakdown) Queries(topic string) []string {
	out := make([]string, len(b.Parts))
	for i := range b.Parts {
		out[i] = b.Query(topic, i)
	}
	return out
}

// group parenthesises q unless it is a single term, so that an OR list of
// fragments keeps each fragment's own logic.
func group(q string) string {
	q = strings.TrimSpace(q)
	inQuote, inTag := false, false
	for _, r := range q {
		switch {
		case r == '"' && !inTag:
			inQuote = !inQuote
		case r == '[' && !inQuote:
			inTag = true
		case r == ']' && !inQuote:
			inTag = false
		case !inQuote && !inTag && (r == ' ' || r == '\t' || r == '(' || r == ')'):
			return "(" + q + ")"
		}
	}
	return q
}

// FieldError is one problem of a user-defined breakdown, at a path
// relative to the breakdown as config.yaml spells it: "name", "parts",
// "parts.2.key", "parts.2.query".
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Msg }

// FieldErrors are all the problems Validate found, in order.
type FieldErrors []*FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)

// dateTagRE finds the date tags a part must not carry: the collector
// adds the year, and a part with dates of its own would not add up.
var dateTagRE = regexp.MustCompile(`(?i)\[\s*(dp|pdat|ppdat|epdat|edat|crdt|mhda|date\s*-[^\]]*)\s*\]`)

// Validate reports every problem of b, as FieldErrors, or nil. A usable
// breakdown has a name and at least two parts; keys are unique; every
// part but the last has a query; queries are balanced, free of control
// characters and of date tags.
func (b Breakdown) Validate() error {
	var errs FieldErrors
	bad := func(path, format string, args ...any) {
		errs = append(errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	if !keyRE.MatchString(b.Name) {
		bad("name", "%q: a breakdown's name is lower-case letters, digits and hyphens, starting with a letter, at most 40", b.Name)
	}
	switch queried := 0; {
	case len(b.Parts) < 2:
		bad("parts", "a breakdown needs at least two parts (the last may be the remainder, without a query)")
	default:
		for _, p := range b.Parts {
			if !p.IsRemainder() {
				queried++
			}
		}
		if queried == 0 {
			bad("parts", "no part has a query")
		}
	}
	seen := make(map[string]int)
	for i, p := range b.Parts {
		at := func(field string) string { return fmt.Sprintf("parts.%d.%s", i, field) }
		switch j, dup := seen[p.Key]; {
		case !keyRE.MatchString(p.Key):
			bad(at("key"), "%q: a part's key is lower-case letters, digits and hyphens, starting with a letter, at most 40", p.Key)
		case dup:
			bad(at("key"), "%q is already the key of part %d; keys must be unique", p.Key, j+1)
		default:
			seen[p.Key] = i
		}
		if hasControl(p.Label) {
			bad(at("label"), "the label contains control characters")
		}
		if p.IsRemainder() {
			if i != len(b.Parts)-1 {
				bad(at("query"), "part %q has no query: only the last part may be the remainder", p.Key)
			}
			continue
		}
		if msg := checkQuery(p.Query); msg != "" {
			bad(at("query"), "%s", msg)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkQuery finds what would make PubMed search a fragment other than
// as written, or break the breakdown's arithmetic.
func checkQuery(q string) string {
	if hasControl(q) {
		return "the query contains control characters"
	}
	if strings.Count(q, `"`)%2 != 0 {
		return "the query has an unbalanced quote"
	}
	depth := 0
	inQuote := false
	for _, r := range q {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '(':
			depth++
		case r == ')':
			depth--
		}
		if depth < 0 {
			break
		}
	}
	if depth != 0 {
		return "the query has unbalanced parentheses"
	}
	if m := dateTagRE.FindString(q); m != "" {
		return fmt.Sprintf("the query has a date (%s): the year is added to every part, and parts with dates of their own would not add up", m)
	}
	return ""
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
