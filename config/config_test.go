package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// testNow is a fixed "today": no test depends on the real date.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestRootConfigParses(t *testing.T) {
	f, err := os.Open("../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := Parse(f, "config.yaml", testNow)
	if err != nil {
		t.Fatalf("the example config.yaml does not parse: %v", err)
	}
	ex, ok := cfg.Topic("exosome")
	if !ok {
		t.Fatal("the example config has no exosome topic")
	}
	want := Topic{Name: "exosome", Query: "exosome", Label: "Exosomes", From: 2019, To: 2026}
	if diff := cmp.Diff(want, ex); diff != "" {
		t.Errorf("exosome topic (-want +got):\n%s", diff)
	}
	if got := time.Duration(cfg.Refresh.Settled); got != 30*24*time.Hour {
		t.Errorf("refresh.settled = %v, want 720h", got)
	}
}

func TestStarterParses(t *testing.T) {
	cfg, err := Parse(strings.NewReader(Starter), "config.yaml", testNow)
	if err != nil {
		t.Fatalf("the starter config does not parse: %v", err)
	}
	if len(cfg.Topics) != 2 {
		t.Errorf("starter has %d topics, want 2", len(cfg.Topics))
	}
	// Commented-out defaults must be the real defaults.
	def := Default(testNow)
	if diff := cmp.Diff(def.NCBI, cfg.NCBI); diff != "" {
		t.Errorf("starter ncbi differs from the defaults (-default +starter):\n%s", diff)
	}
	if cfg.Years != def.Years || cfg.Refresh != def.Refresh {
		t.Errorf("starter years/refresh = %+v %+v, want %+v %+v", cfg.Years, cfg.Refresh, def.Years, def.Refresh)
	}
	// Every key of the config appears in the starter, commented or not.
	for _, keys := range knownKeys {
		for _, k := range strings.Split(keys, ", ") {
			if !strings.Contains(Starter, k+":") {
				t.Errorf("the starter config does not mention %q", k)
			}
		}
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := Parse(strings.NewReader("topics:\n  - {name: a, query: a}\n"), "c.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := Topic{Name: "a", Query: "a", Label: "a", From: 2016, To: 2026}
	if diff := cmp.Diff(want, cfg.Topics[0]); diff != "" {
		t.Errorf("topic defaults (-want +got):\n%s", diff)
	}
	if cfg.NCBI.BaseURL != "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/" || cfg.NCBI.Tool != "pubtrend" {
		t.Errorf("ncbi defaults = %+v", cfg.NCBI)
	}
	// An empty file and an empty mapping are the defaults, with no topics.
	for _, doc := range []string{"", "ncbi:\nyears:\nrefresh:\n"} {
		cfg, err := Parse(strings.NewReader(doc), "c.yaml", testNow)
		if err != nil {
			t.Fatalf("Parse(%q): %v", doc, err)
		}
		got := *cfg
		want := *Default(testNow)
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Config{}), cmpopts.IgnoreFields(Config{}, "File")); diff != "" {
			t.Errorf("Parse(%q) (-default +got):\n%s", doc, diff)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // file:line: message start
	}{
		{"unknown top key", "topics:\n  - {name: a, query: a}\nstores: x\n", `c.yaml:3: unknown key "stores"`},
		{"unknown topic key", "topics:\n  - name: a\n    querry: a\n", `c.yaml:3: unknown key "querry" (known here: name, query, label, from, to)`},
		{"wrong type", "years:\n  from: [1]\ntopics:\n  - {name: a, query: a}\n", `c.yaml:2: a list is not a whole number`},
		{"syntax", "topics:\n  - name: a\n   query: a\n", `c.yaml:1: did not find expected '-' indicator`},
		{"empty query", "topics:\n  - name: a\n    query: '  '\n", `c.yaml:3: topic "a" has no query`},
		{"no name", "topics:\n  - query: a\n", `c.yaml:2: topic 1 has no name`},
		{"duplicate name", "topics:\n  - {name: a, query: a}\n  - {name: A, query: b}\n", `c.yaml:3: topic "A": the name is already used by the topic at line 2`},
		{"year too late", "topics:\n  - {name: a, query: a, to: 2028}\n", `c.yaml:2: topic "a": to 2028 is out of range: PubMed years run from 1800 to 2027`},
		{"fractional year", "years:\n  from: 2015.5\n", `c.yaml:2: "2015.5" is not a whole number`},
		{"years reversed", "years:\n  from: 2020\n  to: 2010\n", `c.yaml:2: years.from 2020 is after years.to 2010`},
		{"bad duration", "refresh:\n  recent: soon\n", `c.yaml:2: "soon" is not a duration`},
		{"negative duration", "refresh:\n  recent: -5h\n", `c.yaml:2: "-5h" must be longer than zero`},
		{"overflowing days", "ncbi:\n  timeout: 106752d\n", `c.yaml:2: "106752d" is out of range`},
		{"overflowing duration", "ncbi:\n  timeout: 9999999999h\n", `c.yaml:2: "9999999999h" is not a duration`},
		{"timeout too long", "ncbi:\n  timeout: 400d\n", `c.yaml:2: ncbi.timeout 9600h0m0s: want between 100ms and 10m0s`},
		{"refresh too long", "refresh:\n  settled: 5000d\n", `c.yaml:2: refresh.settled 120000h0m0s: want at most ten years`},
		{"rate too high", "ncbi:\n  rate: 11\n", `c.yaml:2: ncbi.rate 11: want between 0.05 and NCBI's limit`},
		{"rate NaN", "ncbi:\n  rate: .nan\n", `c.yaml:2: ncbi.rate NaN is not a number`},
		{"rate infinite", "ncbi:\n  rate: .inf\n", `c.yaml:2: ncbi.rate +Inf is not a number`},
		{"rate negative", "ncbi:\n  rate: -1\n", `c.yaml:2: ncbi.rate -1: want between`},
		{"rate tiny", "ncbi:\n  rate: 1e-300\n", `c.yaml:2: ncbi.rate 1e-300: want between 0.05`},
		{"tries fractional", "ncbi:\n  max_tries: 2.5\n", `c.yaml:2: "2.5" is not a whole number`},
		{"tries negative", "ncbi:\n  max_tries: -1\n", `c.yaml:2: -1 is negative`},
		{"tries absurd", "ncbi:\n  max_tries: 1000\n", `c.yaml:2: ncbi.max_tries 1000: want at most 20`},
		{"backoffs reversed", "ncbi:\n  min_backoff: 1m\n  max_backoff: 1s\n", `c.yaml:2: ncbi.min_backoff 1m0s is longer than ncbi.max_backoff 1s`},
		{"spaces in email", "ncbi:\n  email: a b@example.org\n", `c.yaml:2: ncbi.email must not contain spaces`},
		{"breakdown built-in name", "breakdowns:\n  - name: evidence\n    parts: [{key: a, query: a}, {key: b}]\n", `c.yaml:2: breakdown "evidence" is built in`},
		{"breakdown duplicate key", "breakdowns:\n  - name: d\n    parts:\n      - {key: a, query: 'x[pt]'}\n      - {key: a}\n", `c.yaml:5: breakdown "d": "a" is already the key of part 1`},
		{"breakdown remainder not last", "breakdowns:\n  - name: d\n    parts:\n      - key: a\n      - {key: b, query: 'x[pt]'}\n", `c.yaml:4: breakdown "d": part "a" has no query`},
		{"breakdown date in a part", "breakdowns:\n  - name: d\n    parts:\n      - key: a\n        query: 2020[dp]\n      - {key: b}\n", `c.yaml:5: breakdown "d":`},
		{"breakdown unknown key", "breakdowns:\n  - name: d\n    parts:\n      - {key: a, qurey: x}\n", `c.yaml:4: unknown key "qurey" (known here: key, label, query)`},
		{"breakdown defined twice", "breakdowns:\n  - name: d\n    parts: [{key: a, query: 'x[pt]'}, {key: b}]\n  - name: d\n    parts: [{key: a, query: 'x[pt]'}, {key: b}]\n", `c.yaml:4: breakdown "d" is already defined at line 2`},
		{"control in query", "topics:\n  - {name: a, query: \"a\\x1b[31m\"}\n", `c.yaml:2: topic "a": query contains control characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml), "c.yaml", testNow)
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tt.want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not a *config.Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Parse error = %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestBreakdowns(t *testing.T) {
	cfg, err := Parse(strings.NewReader(`
breakdowns:
  - name: design
    label: Study design
    parts:
      - {key: trials, label: Trials, query: '"clinical trial"[pt]'}
      - {key: rest, label: Everything else}
`), "c.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := cfg.Breakdown("Design")
	if !ok || b.Label != "Study design" || len(b.Parts) != 2 || !b.Parts[1].IsRemainder() {
		t.Errorf("Breakdown(design) = %+v, %v", b, ok)
	}
	// Parts that all have a query get the rest of the topic as a last part.
	cfg2, err := Parse(strings.NewReader("breakdowns:\n  - name: t\n    parts: [{key: a, query: 'a[pt]'}, {key: rest, query: 'b[pt]'}]\n"), "c.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := cfg2.Breakdown("t"); len(b.Parts) != 3 || b.Parts[2].Key != "rest-2" || !b.Parts[2].IsRemainder() {
		t.Errorf("breakdown without a remainder = %+v, want one added as rest-2", b.Parts)
	}
	if _, ok := cfg.Breakdown("evidence"); !ok {
		t.Error("the built-in evidence breakdown is not found")
	}
	if diff := cmp.Diff([]string{"evidence", "species", "design"}, cfg.BreakdownNames()); diff != "" {
		t.Errorf("BreakdownNames (-want +got):\n%s", diff)
	}
}

func TestStorePath(t *testing.T) {
	cfg, err := Parse(strings.NewReader("store: data/p.db\n"), "/srv/trends/config.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": "/home/u"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name, store, xdg, want string
	}{
		{"relative to the config", "data/p.db", "", "/srv/trends/data/p.db"},
		{"home", "~/p.db", "", "/home/u/p.db"},
		{"default", "", "", "/home/u/.local/share/pubtrend/pubtrend.db"},
		{"XDG", "", "/data", "/data/pubtrend/pubtrend.db"},
		{"relative XDG is ignored", "", "rel", "/home/u/.local/share/pubtrend/pubtrend.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg.Store, env["XDG_DATA_HOME"] = tt.store, tt.xdg
			got, err := cfg.StorePath(getenv)
			if err != nil || got != tt.want {
				t.Errorf("StorePath = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := DefaultStorePath(func(string) string { return "" }); err == nil {
		t.Error("DefaultStorePath without HOME succeeded")
	}
}

func TestApplyEnv(t *testing.T) {
	cfg, err := Parse(strings.NewReader("ncbi:\n  email: file@example.org\n"), "c.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{EnvEutilsURL: "http://127.0.0.1:1/", EnvEmail: "env@example.org"}
	if err := cfg.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if cfg.NCBI.BaseURL != "http://127.0.0.1:1/" || cfg.NCBI.Email != "env@example.org" {
		t.Errorf("after ApplyEnv: %+v", cfg.NCBI)
	}
	if got := cfg.Source("ncbi.base_url"); got != EnvEutilsURL {
		t.Errorf("Source(base_url) = %q, want %s", got, EnvEutilsURL)
	}
	if got := cfg.Source("ncbi.email"); got != EnvEmail {
		t.Errorf("Source(email) = %q, want %s", got, EnvEmail)
	}
	env[EnvEmail] = "a b@example.org"
	if err := cfg.ApplyEnv(func(k string) string { return env[k] }); err == nil {
		t.Error("ApplyEnv accepted an e-mail address with a space")
	}
}

func TestAPIKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const secret = "0123456789abcdef0123456789abcdef0123"
	tests := []struct {
		name    string
		env     map[string]string
		wantSet bool
		wantErr string
	}{
		{"none", nil, false, ""},
		{"variable", map[string]string{EnvAPIKey: " " + secret + "\n"}, true, ""},
		{"file", map[string]string{EnvAPIKeyFile: write("k", secret+"\n", 0o600)}, true, ""},
		{"file with a second line", map[string]string{EnvAPIKeyFile: write("k2", secret+"\nsecond\n", 0o600)}, false, "line break inside"},
		{"variable with a space", map[string]string{EnvAPIKey: "abc def"}, false, "white space inside"},
		{"file readable by others", map[string]string{EnvAPIKeyFile: write("k3", secret, 0o644)}, false, "readable by others (mode 644): chmod 600"},
		{"file missing", map[string]string{EnvAPIKeyFile: filepath.Join(dir, "nope")}, false, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := APIKey(func(name string) string { return tt.env[name] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("APIKey error = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "abc") {
					t.Errorf("the error shows the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.IsSet() != tt.wantSet {
				t.Errorf("key set = %v, want %v", k.IsSet(), tt.wantSet)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../config.yaml"); err == nil {
		f.Add(string(b))
	}
	f.Add(Starter)
	f.Add("topics:\n  - {name: a, query: a, from: 2000, to: 2001}\n")
	f.Add("years: {from: 1800}\nrefresh: {recent: 1d}\ntopics: [{name: x, query: y}]\n")
	f.Add("ncbi: {rate: .nan, timeout: 106752d, max_tries: 2.5}\n")
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := Parse(strings.NewReader(s), "f.yaml", testNow)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		// Whatever parses must be usable as validated.
		for _, tp := range cfg.Topics {
			if tp.Name == "" || strings.TrimSpace(tp.Query) == "" || tp.From > tp.To || tp.From < MinYear || tp.To > 2027 {
				t.Errorf("accepted an invalid topic %+v", tp)
			}
		}
		n := cfg.NCBI
		if n.Rate != 0 && !(n.Rate >= MinRate && n.Rate <= 10) {
			t.Errorf("accepted ncbi.rate %v", n.Rate)
		}
		if n.Timeout <= 0 || n.MinBackoff <= 0 || n.MaxBackoff < n.MinBackoff || cfg.Refresh.Recent <= 0 || cfg.Refresh.Settled <= 0 {
			t.Errorf("accepted durations that cannot work: %+v %+v", n, cfg.Refresh)
		}
	})
}
