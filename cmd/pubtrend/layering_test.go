package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the imports pointing one way, as the README draws
// them: cmd/pubtrend → collector → store; charts, trend and timeline
// import nothing of ours; nothing imports a command.
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
		"timeline":             {},
		"collector":            {"store"},
		"collector/eutilstest": {},
		"cmd/fake-eutils":      {"collector/eutilstest"},
		"cmd/pubtrend":         {"collector", "store", "charts", "trend", "timeline"},
		"bench":                {"charts", "collector", "collector/eutilstest", "store", "trend"},
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
