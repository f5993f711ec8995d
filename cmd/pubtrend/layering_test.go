package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the imports pointing one way, as the README draws
// them: front ends (cmd/pubtrend) → config, dataset, report → collector,
// store, charts, trend, timeline; charts, trend, timeline and store import
// nothing of ours; nothing imports a command; report does no I/O beyond
// the writer it is given.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "github.com/pubtrend/pubtrend/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/pubtrend/pubtrend/"
	allowed := map[string][]string{
		"store":                {},
		"charts":               {},
		"trend":                {},
		"breakdown":            {},
		"timeline":             {},
		"collector":            {"store"},
		"collector/eutilstest": {},
		"cmd/fake-eutils":      {"collector/eutilstest"},
		"config":               {"collector", "breakdown"},
		"dataset":              {"config", "breakdown", "collector", "store", "trend", "timeline"},
		"report":               {"dataset", "collector", "store", "charts", "trend"},
		"server":               {"config", "dataset", "report", "collector", "store", "charts"},
		"cmd/pubtrend":         {"config", "dataset", "report", "collector", "store", "charts", "timeline", "server"},
		"bench":                {"charts", "collector", "collector/eutilstest", "store", "trend", "config", "server"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the layering table: add it, with what it may import", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			dep, ours := strings.CutPrefix(imp, mod)
			if !ours {
				continue
			}
			found := false
			for _, a := range ok {
				found = found || a == dep
			}
			if !found {
				t.Errorf("%s imports %s; allowed: %v", pkg, dep, ok)
			}
		}
	}
}

// TestReportDoesNoIO keeps report pure: it formats what it is given into
// the writer it is given, and opens, reads or fetches nothing itself.
func TestReportDoesNoIO(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, "github.com/pubtrend/pubtrend/report").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		switch imp {
		case "os", "net", "net/http", "io/ioutil", "os/exec", "syscall", "go.etcd.io/bbolt":
			t.Errorf("report imports %s: it must do no I/O beyond its io.Writer", imp)
		}
	}
}
