package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
)

func TestParseSchedule(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		spec, wantErr string
	}{
		{"17 3 * * *", ""},
		{"@daily", ""},
		{"@every 6h", ""},
		{"@every 1m", ""},
		{"@every 59s", "at least 1m0s"},
		{"@every -5s", "at least 1m0s"},
		{"0 0 30 2 *", "never fires"},
		{"every day", "want e.g."},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := parseSchedule(tt.spec, now)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("parseSchedule(%q) = %v", tt.spec, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("parseSchedule(%q) = %v, want an error containing %q", tt.spec, err, tt.wantErr)
			}
		})
	}
}

// TestScheduleRunsOnTime runs the scheduler on fake time: a collection at
// each hour, a failed one reported without stopping the schedule, and a
// clean stop when the context ends.
func TestScheduleRunsOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		// synctest's clock starts on 1 January 2000: the years are before it.
		cfg := "store: " + filepath.Join(dir, "p.db") + "\nyears: {from: 1998, to: 1999}\ntopics:\n  - {name: exosome, query: exosome}\n"
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		srv := eutilstest.NewMemoryServer()
		defer srv.Close()
		srv.SetLimit(1000)
		// The test changes the environment while the schedule reads it.
		var envMu sync.Mutex
		env := map[string]string{"PUBTREND_EUTILS_URL": "http://127.0.0.1/entrez/eutils/", "NCBI_API_KEY": "k", "HOME": dir}
		setenv := func(k, v string) { envMu.Lock(); env[k] = v; envMu.Unlock() }
		getenv := func(k string) string { envMu.Lock(); defer envMu.Unlock(); return env[k] }
		var stderr lockedBuilder
		a := &app{stdout: io.Discard, stderr: &stderr, getenv: getenv, now: time.Now,
			configPath: filepath.Join(dir, "config.yaml"), transport: srv.Transport()}
		sched, err := parseSchedule("@every 1h", a.now())
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- a.schedule(ctx, sched) }()

		// Nothing before the first hour; then a full collection: 2 years
		// of the topic and 2 of PubMed's totals.
		time.Sleep(59 * time.Minute)
		synctest.Wait()
		if n := len(srv.Requests()); n != 0 {
			t.Fatalf("%d requests before the first run", n)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if n := len(srv.Requests()); n != 4 {
			t.Fatalf("after the first run: %d requests, want 4; stderr: %s", n, stderr.String())
		}
		// A run that fails (here: a key it refuses to send) is reported,
		// and the schedule goes on.
		setenv("NCBI_API_KEY", "bad key with spaces")
		time.Sleep(time.Hour)
		synctest.Wait()
		if !strings.Contains(stderr.String(), "ended with exit code 78; the schedule goes on") {
			t.Errorf("a failed run was not reported: %q", stderr.String())
		}
		setenv("NCBI_API_KEY", "k")
		time.Sleep(time.Hour)
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("schedule ended with %v, want nil on cancel", err)
		}
		db, err := store.Open(filepath.Join(dir, "p.db"), store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		latest, err := db.Latest(store.Series{Query: "exosome", Field: "dp"}, nil)
		if err != nil || len(latest) != 2 {
			t.Errorf("stored %d years of exosome (%v), want 2", len(latest), err)
		}
	})
}

// lockedBuilder is a strings.Builder the test reads while the schedule
// writes to it.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
