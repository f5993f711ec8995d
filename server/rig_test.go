package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

// testNow is a fixed "today" (2025 is the year in progress): no test
// depends on the real date.
var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

// testKey is the API key the rig's client sends: it must never be seen.
const testKey = "rig-secret-key-0123456789"

// rig is a store filled from the fake E-utilities server, and a Server
// reading it.
type rig struct {
	t    *testing.T
	cfg  *config.Config
	path string
	fake *eutilstest.Server
	srv  *Server
	logs *syncBuffer
}

// syncBuffer is a log that tests read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// seeded are the queries of the store every rig starts from, among them
// one that tries to inject markup wherever it is shown.
var seeded = []string{"exosome", "extracellular vesicles", "crispr", hostileQuery}

const hostileQuery = `"><script>alert('q')</script><img src=x onerror=alert(1)> & 'quotes'`

var seed struct {
	once sync.Once
	data []byte
	err  error
}

// seedStore collects the seeded queries for the default years,
// 2015-2025, once per test binary, and returns the store file's bytes.
func seedStore(t *testing.T) []byte {
	seed.once.Do(func() {
		dir, err := os.MkdirTemp("", "pubtrend-server-seed")
		if err != nil {
			seed.err = err
			return
		}
		defer os.RemoveAll(dir)
		fake := eutilstest.NewServer()
		defer fake.Close()
		fake.SetLimit(1000)
		r := &rig{t: t, cfg: testConfig(fake), path: filepath.Join(dir, "seed.db"), fake: fake}
		r.collect(seeded...)
		seed.data, seed.err = os.ReadFile(r.path)
	})
	if seed.err != nil {
		t.Fatal(seed.err)
	}
	return seed.data
}

func testConfig(fake *eutilstest.Server) *config.Config {
	cfg := config.Default(testNow)
	cfg.NCBI.BaseURL = fake.URL
	cfg.NCBI.MinBackoff = config.Duration(time.Millisecond)
	cfg.NCBI.MaxBackoff = config.Duration(5 * time.Millisecond)
	return cfg
}

// newRig starts a Server on a copy of the seeded store; change sets its
// options.
func newRig(t *testing.T, change func(*Options)) *rig {
	t.Helper()
	r := newEmptyRig(t, change)
	if err := os.WriteFile(r.path, seedStore(t), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

// newEmptyRig starts a Server where no store exists yet.
func newEmptyRig(t *testing.T, change func(*Options)) *rig {
	t.Helper()
	fake := eutilstest.NewServer()
	t.Cleanup(fake.Close)
	fake.SetLimit(1000)
	r := &rig{t: t, cfg: testConfig(fake), path: filepath.Join(t.TempDir(), "pubtrend.db"), fake: fake, logs: &syncBuffer{}}
	opts := Options{Config: r.cfg, Path: r.path, Now: func() time.Time { return testNow },
		Logger: slog.New(slog.NewTextHandler(r.logs, nil)), LogRequests: true}
	if change != nil {
		change(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	r.srv = srv
	srv.versionTTL = 0 // tests commit and read at once
	t.Cleanup(func() {
		if strings.Contains(r.logs.String(), "panic") {
			t.Errorf("the server panicked:\n%s", r.logs.String())
		}
		if strings.Contains(r.logs.String(), testKey) {
			t.Errorf("the API key is in the log:\n%s", r.logs.String())
		}
	})
	return r
}

func (r *rig) client() *collector.Client {
	r.t.Helper()
	key, err := collector.ParseAPIKey(testKey)
	if err != nil {
		r.t.Fatal(err)
	}
	c, err := collector.New(r.cfg.ClientOptions(key))
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

// collect stores the counts of queries, and PubMed's totals, as
// `pubtrend collect` would.
func (r *rig) collect(queries ...string) {
	r.t.Helper()
	cat, err := dataset.NewCatalog(r.cfg, nil)
	if err != nil {
		r.t.Fatal(err)
	}
	topics, err := cat.Resolve(queries, true)
	if err != nil {
		r.t.Fatal(err)
	}
	sel, err := dataset.Select(topics, dataset.Range{}, r.cfg.Years, testNow)
	if err != nil {
		r.t.Fatal(err)
	}
	rep, err := dataset.Collect(r.t.Context(), r.client(), r.path, dataset.Need{Sel: sel, Refresh: dataset.Missing, Totals: true}, testNow, nil)
	if err != nil || len(rep.Failed) > 0 {
		r.t.Fatalf("collect %q: %v %v", queries, err, rep.Failed)
	}
}

// commit stores one more count of query in year: a collection committing.
func (r *rig) commit(query string, year int, count int64) {
	r.t.Helper()
	o := store.Observation{Series: store.Series{Query: query, Field: collector.DateField}, Year: year, Count: count, FetchedAt: time.Now().UTC()}
	if err := store.AppendFile(r.path, o); err != nil {
		r.t.Fatal(err)
	}
}

// get asks the server for target, with headers as name, value pairs.
func (r *rig) get(target string, headers ...string) *httptest.ResponseRecorder {
	r.t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	r.srv.ServeHTTP(w, req)
	if strings.Contains(w.Body.String(), testKey) || strings.Contains(fmt.Sprint(w.Header()), testKey) {
		r.t.Errorf("GET %s: the API key is in the answer", target)
	}
	return w
}
