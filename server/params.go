package server

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/dataset"
)

// Bounds on what a URL may ask for. They keep one request's cost small
// (a chart of ten topics at most 3200×2400 pixels) and its answer
// readable.
const (
	MaxTopics     = 10   // q values that are not blank
	maxQValues    = 50   // q values, blank ones included (an empty form sends some)
	MaxQueryBytes = 1000 // one q, in bytes
	MinWidth      = 400
	MaxWidth      = 3200
	MinHeight     = 300
	MaxHeight     = 2400
	defaultWidth  = 1600
	defaultHeight = 900
)

// params are a request's query parameters, validated and normalised: two
// URLs that ask for the same thing have the same params, and so the same
// cache key.
type params struct {
	Q           []string // blank values dropped, the rest trimmed, in order
	From, To    int      // 0: the topics' own years
	Style       charts.Style
	PerHundredK bool
	Log         bool
	// By asks for a breakdown (evidence, species or the config's); Share
	// draws its parts as % of each year and needs By.
	By    string
	Share bool
	// Width and Height are the chart's size in pixels (chart routes only).
	Width, Height int
}

// The parameters each kind of route takes.
var (
	pageParams    = []string{"q", "from", "to", "style", "per100k", "log", "by", "share"}
	chartParams   = []string{"q", "from", "to", "style", "per100k", "log", "by", "share", "width", "height"}
	compareParams = []string{"q", "from", "to", "per100k", "by"}
	noParams      = []string{}
	switches      = []string{"per100k", "log", "share"}
)

// paramError is a parameter that cannot be used as given: a 400.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

func badParam(format string, args ...any) error {
	return &paramError{msg: fmt.Sprintf(format, args...)}
}

var (
	yearRE  = regexp.MustCompile(`^[0-9]{1,4}$`)
	sizeRE  = regexp.MustCompile(`^[0-9]{1,5}$`)
	breakRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
)

// parseParams reads a raw query string, accepting only the names in
// allowed. Every problem is a *paramError naming the parameter.
func parseParams(raw string, allowed []string, now time.Time) (params, error) {
	p := params{Width: defaultWidth, Height: defaultHeight}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return p, badParam("the query string is malformed: %v", err)
	}
	var unknown []string
	for name := range vals {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		if len(unknown) > 5 {
			unknown = append(unknown[:5], "…")
		}
		quoted := make([]string, len(unknown))
		for i, n := range unknown {
			quoted[i] = strconv.Quote(n)
		}
		if len(allowed) == 0 {
			return p, badParam("unknown parameter %s: this address takes none", strings.Join(quoted, ", "))
		}
		return p, badParam("unknown parameter %s: this address takes %s", strings.Join(quoted, ", "), strings.Join(allowed, ", "))
	}
	for name, vs := range vals {
		if name != "q" && len(vs) > 1 {
			return p, badParam("%s is given %d times: give it once", name, len(vs))
		}
	}
	if err := p.parseQ(vals["q"]); err != nil {
		return p, err
	}
	// A blank value is no value (a form's empty field), except for the
	// switches, where a bare name means on.
	one := func(name string) (string, bool) {
		vs, ok := vals[name]
		if !ok || (vs[0] == "" && !slices.Contains(switches, name)) {
			return "", false
		}
		return vs[0], true
	}
	if v, ok := one("from"); ok {
		if p.From, err = parseInt("from", v, yearRE); err != nil {
			return p, err
		}
	}
	if v, ok := one("to"); ok {
		if p.To, err = parseInt("to", v, yearRE); err != nil {
			return p, err
		}
	}
	if err := dataset.CheckRange(dataset.Range{From: p.From, To: p.To}, now); err != nil {
		return p, &paramError{msg: err.Error()}
	}
	if v, ok := one("style"); ok {
		if p.Style, err = charts.ParseStyle(v); err != nil {
			return p, &paramError{msg: err.Error()}
		}
	}
	for name, dst := range map[string]*bool{"per100k": &p.PerHundredK, "log": &p.Log, "share": &p.Share} {
		if v, ok := one(name); ok {
			if *dst, err = parseBool(name, v); err != nil {
				return p, err
			}
		}
	}
	if v, ok := one("by"); ok && !breakRE.MatchString(v) {
		return p, badParam("by %q: want the name of a breakdown, such as evidence or species", v)
	} else if ok {
		p.By = v
	}
	if p.Share && p.By == "" {
		return p, badParam("share needs by: it shows a breakdown's parts as shares of each year")
	}
	if v, ok := one("width"); ok {
		if p.Width, err = parseInt("width", v, sizeRE); err != nil {
			return p, err
		}
	}
	if v, ok := one("height"); ok {
		if p.Height, err = parseInt("height", v, sizeRE); err != nil {
			return p, err
		}
	}
	if p.Width < MinWidth || p.Width > MaxWidth || p.Height < MinHeight || p.Height > MaxHeight {
		return p, badParam("size %d×%d: width runs from %d to %d pixels, height from %d to %d",
			p.Width, p.Height, MinWidth, MaxWidth, MinHeight, MaxHeight)
	}
	return p, nil
}

func (p *params) parseQ(vs []string) error {
	if len(vs) > maxQValues {
		return badParam("q is given %d times: at most %d topics", len(vs), MaxTopics)
	}
	for _, v := range vs {
		if !utf8.ValidString(v) {
			return badParam("q is not valid UTF-8")
		}
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if len(v) > MaxQueryBytes {
			return badParam("q %q… is %d bytes long: at most %d", truncate(v, 40), len(v), MaxQueryBytes)
		}
		p.Q = append(p.Q, v)
	}
	if len(p.Q) > MaxTopics {
		return badParam("q is given %d times: at most %d topics", len(p.Q), MaxTopics)
	}
	return nil
}

func parseInt(name, v string, re *regexp.Regexp) (int, error) {
	if !re.MatchString(v) {
		return 0, badParam("%s %q: want a whole number", name, truncate(v, 20))
	}
	n, _ := strconv.Atoi(v)
	return n, nil
}

func parseBool(name, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "1", "true", "on", "yes":
		return true, nil
	case "0", "false", "off", "no":
		return false, nil
	}
	return false, badParam("%s %q: want 1 or 0", name, truncate(v, 20))
}

// truncate cuts s to at most n runes, for messages that quote input.
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// styleName is the canonical name of a style, for URLs.
func styleName(s charts.Style) string {
	switch s {
	case charts.Bars:
		return "bar"
	case charts.Grouped:
		return "grouped"
	case charts.Lines:
		return "line"
	}
	return "auto"
}

// values writes p back as URL parameters, defaults left out, limited to
// the names a route takes: the canonical form of a request, for cache
// keys and for the links a page offers.
func (p params) values(allowed []string) url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if slices.Contains(allowed, name) {
			v.Set(name, value)
		}
	}
	if slices.Contains(allowed, "q") {
		v["q"] = slices.Clone(p.Q)
	}
	if p.From != 0 {
		set("from", strconv.Itoa(p.From))
	}
	if p.To != 0 {
		set("to", strconv.Itoa(p.To))
	}
	if p.Style != charts.Auto {
		set("style", styleName(p.Style))
	}
	if p.PerHundredK {
		set("per100k", "1")
	}
	if p.Log {
		set("log", "1")
	}
	if p.By != "" {
		set("by", p.By)
	}
	if p.Share {
		set("share", "1")
	}
	if p.Width != defaultWidth {
		set("width", strconv.Itoa(p.Width))
	}
	if p.Height != defaultHeight {
		set("height", strconv.Itoa(p.Height))
	}
	return v
}
