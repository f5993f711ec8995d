package main

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
)

// buildBinary compiles pubtrend once for tests that need a real process
// to kill.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pubtrend")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

const crashConfig = `ncbi:
  min_backoff: 1ms
  max_backoff: 5ms
store: pubtrend.db
years: {from: 1990, to: 2026}
topics:
  - name: exosome
    query: exosome
  - name: ev
    query: '"extracellular vesicles"[tiab]'
`

type crashRig struct {
	t   *testing.T
	bin string
	dir string
	srv *eutilstest.Server
}

func newCrashRig(t *testing.T) *crashRig {
	if testing.Short() {
		t.Skip("builds the binary and kills it repeatedly")
	}
	r := &crashRig{t: t, bin: buildBinary(t), dir: t.TempDir(), srv: eutilstest.NewServer()}
	t.Cleanup(r.srv.Close)
	r.srv.SetLimit(1000)
	r.srv.SetLatency(0, 80*time.Millisecond)
	if err := os.WriteFile(filepath.Join(r.dir, "config.yaml"), []byte(crashConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *crashRig) command(args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(r.bin, args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "PUBTREND_EUTILS_URL="+r.srv.URL, "NCBI_API_KEY=test-key", "HOME="+r.dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return cmd, &stderr
}

// stored opens the store as the next run would, checks it, and counts
// its observations.
func (r *crashRig) stored() int {
	r.t.Helper()
	path := filepath.Join(r.dir, "pubtrend.db")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return 0
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		r.t.Fatalf("store does not open after a kill: %v", err)
	}
	defer db.Close()
	if err := db.Verify(); err != nil {
		r.t.Fatalf("store fails verification after a kill: %v", err)
	}
	n, err := countStored(path)
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

// TestKillNineAnywhere kills collect at random moments, many times: the
// store always opens and verifies, never loses a committed observation,
// and the next run completes it with exact counts.
func TestKillNineAnywhere(t *testing.T) {
	r := newCrashRig(t)
	rng := rand.New(rand.NewPCG(7, 11))
	prev := 0
	for i := range 10 {
		cmd, _ := r.command("collect")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(700)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		n := r.stored()
		if n < prev {
			t.Fatalf("kill %d: %d observations stored, fewer than the %d before it", i, n, prev)
		}
		prev = n
	}
	cmd, stderr := r.command("collect")
	if err := cmd.Run(); err != nil {
		t.Fatalf("collect after the kills: %v\n%s", err, stderr)
	}
	db, err := store.Open(filepath.Join(r.dir, "pubtrend.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"exosome", `"extracellular vesicles"[tiab]`, "all[sb]"} {
		latest, err := db.Latest(store.Series{Query: q, Field: "dp"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for y := 1990; y <= 2026; y++ {
			if got, want := latest[y].Count, r.srv.Count(q, y); got != want {
				t.Errorf("after kills and a re-run, Count(%q, %d) = %d, want %d", q, y, got, want)
			}
		}
	}
}

// TestSIGTERMStopsAndKeeps sends SIGTERM mid-run, as systemd does when
// stopping a service: collect stops, keeps what it committed, exits 1
// with a summary.
func TestSIGTERMStopsAndKeeps(t *testing.T) {
	r := newCrashRig(t)
	r.srv.SetLatency(200*time.Millisecond, 400*time.Millisecond)
	cmd, stderr := r.command("collect")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for r.stored() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	// A generous bound that only catches a hang, not a slow stop.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		cmd.Process.Kill()
		t.Fatal("collect did not stop after SIGTERM")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailure {
		t.Errorf("collect after SIGTERM: %v, want exit code %d", err, exitFailure)
	}
	if !strings.Contains(stderr.String(), "interrupted: stored") {
		t.Errorf("stderr after SIGTERM = %q, want a summary", stderr)
	}
	if r.stored() == 0 {
		t.Error("nothing stored after SIGTERM")
	}
}
