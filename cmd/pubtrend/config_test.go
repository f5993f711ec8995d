package main

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestRootConfigParses(t *testing.T) {
	f, err := os.Open("../../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := ParseConfig(f, "config.yaml", testNow)
	if err != nil {
		t.Fatalf("the example config.yaml does not parse: %v", err)
	}
	ex, ok := cfg.Topic("exosome")
	if !ok {
		t.Fatal("the example config has no exosome topic")
	}
	if ex.Query != "exosome" || ex.From != 2019 || ex.To != 2026 || ex.Label != "Exosomes" {
		t.Errorf("exosome topic = %+v, want query exosome, 2019-2026, label Exosomes", ex)
	}
	if got := time.Duration(cfg.Refresh.Settled); got != 30*24*time.Hour {
		t.Errorf("refresh.settled = %v, want 720h", got)
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader("topics:\n  - {name: a, query: a}\n"), "c.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := Topic{Name: "a", Query: "a", Label: "a", From: 2016, To: 2026}
	got := cfg.Topics[0]
	got.node = nil
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(Topic{})); diff != "" {
		t.Errorf("topic defaults mismatch (-want +got):\n%s", diff)
	}
	if cfg.NCBI.BaseURL != "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/" || cfg.NCBI.Tool != "pubtrend" {
		t.Errorf("ncbi defaults = %+v", cfg.NCBI)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // file:line: message start
	}{
		{"unknown top key", "topics:\n  - {name: a, query: a}\nstores: x\n", `c.yaml:3: unknown key "stores"`},
		{"unknown topic key", "topics:\n  - name: a\n    querry: a\n", `c.yaml:3: unknown key "querry" (known here: name, query, label, from, to)`},
		{"wrong type", "years:\n  from: [1]\ntopics:\n  - {name: a, query: a}\n", `c.yaml:2: found a list, want a number`},
		{"syntax", "topics:\n  - name: a\n   query: a\n", `c.yaml:1: did not find expected '-' indicator`},
		{"no topics", "years: {from: 2000}\n", `c.yaml: no topics`},
		{"empty query", "topics:\n  - name: a\n    query: '  '\n", `c.yaml:3: topic "a" has no query`},
		{"year too late", "topics:\n  - {name: a, query: a, to: 2028}\n", `c.yaml:2: topic "a": to 2028 is out of range: PubMed years run from 1800 to 2027`},
		{"years reversed", "years:\n  from: 2020\n  to: 2010\ntopics:\n  - {name: a, query: a}\n", `c.yaml:2: years.from 2020 is after years.to 2010`},
		{"bad duration", "refresh:\n  recent: soon\ntopics:\n  - {name: a, query: a}\n", `c.yaml:2: "soon" is not a duration`},
		{"rate too high", "ncbi:\n  rate: 11\ntopics:\n  - {name: a, query: a}\n", `c.yaml:2: ncbi.rate 11`},
		{"spaces in email", "ncbi:\n  email: a b@example.org\ntopics:\n  - {name: a, query: a}\n", `c.yaml:2: ncbi.email and ncbi.tool must not contain spaces`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig(strings.NewReader(tt.yaml), "c.yaml", testNow)
			if err == nil {
				t.Fatalf("ParseConfig succeeded, want error %q", tt.want)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not a *ConfigError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseConfig error = %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestStorePathRelativeToConfig(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader("store: data/p.db\ntopics:\n  - {name: a, query: a}\n"), "/srv/trends/config.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": "/home/u"}
	got, _ := cfg.StorePath(func(k string) string { return env[k] })
	if got != "/srv/trends/data/p.db" {
		t.Errorf("StorePath = %q, want /srv/trends/data/p.db", got)
	}
	cfg.Store = ""
	got, _ = cfg.StorePath(func(k string) string { return env[k] })
	if got != "/home/u/.local/share/pubtrend/pubtrend.db" {
		t.Errorf("default StorePath = %q", got)
	}
	env["XDG_DATA_HOME"] = "/data"
	got, _ = cfg.StorePath(func(k string) string { return env[k] })
	if got != "/data/pubtrend/pubtrend.db" {
		t.Errorf("XDG StorePath = %q", got)
	}
}

func FuzzParseConfig(f *testing.F) {
	if b, err := os.ReadFile("../../config.yaml"); err == nil {
		f.Add(string(b))
	}
	f.Add("topics:\n  - {name: a, query: a, from: 2000, to: 2001}\n")
	f.Add("years: {from: 1800}\nrefresh: {recent: 1d}\ntopics: [{name: x, query: y}]\n")
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := ParseConfig(strings.NewReader(s), "f.yaml", testNow)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		// Whatever parses must be usable as validated.
		for _, tp := range cfg.Topics {
			if tp.Name == "" || strings.TrimSpace(tp.Query) == "" || tp.From > tp.To || tp.From < 1800 || tp.To > 2027 {
				t.Errorf("accepted an invalid topic %+v", tp)
			}
		}
	})
}
