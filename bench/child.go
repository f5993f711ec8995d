package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/trend"
)

// collectParams describe one collection measurement.
type collectParams struct {
	Topics, Years  int
	Limit          int    // NCBI's limit simulated: 3 (no key) or 10 (key)
	Mode           string // "pubtrend" or "sequential"
	LatMin, LatMax time.Duration
	Dir            string
	// Burst is how many requests another program on the same IP sends
	// just before the collection starts (issue 9 §2).
	Burst int
}

type renderParams struct {
	Topics int
	Format charts.Format
}

type storeParams struct {
	Path                   string
	Topics, Years, PerYear int
	CompareTopics          int
}

func runChild(kind, params string) error {
	var v map[string]float64
	var err error
	switch kind {
	case "collect":
		var p collectParams
		if err = json.Unmarshal([]byte(params), &p); err == nil {
			v, err = childCollect(p)
		}
	case "rerun":
		var p collectParams
		if err = json.Unmarshal([]byte(params), &p); err == nil {
			v, err = childRerun(p)
		}
	case "render":
		var p renderParams
		if err = json.Unmarshal([]byte(params), &p); err == nil {
			v, err = childRender(p)
		}
	case "store-build", "store-compare", "store-export":
		var p storeParams
		if err = json.Unmarshal([]byte(params), &p); err == nil {
			v, err = childStore(kind, p)
		}
	case "serve":
		v, err = childServe(params)
	default:
		err = fmt.Errorf("unknown measurement %q", kind)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(v)
}

// lastYear fixes the years measured, so runs compare.
const lastYear = 2026

func fakeServer(p collectParams) *eutilstest.Server {
	srv := eutilstest.NewServer()
	srv.SetLimit(0) // NCBI's own: 3 per second without a key, 10 with
	srv.SetLatency(p.LatMin, p.LatMax)
	return srv
}

func benchWants(topics, years int) []collector.Want {
	var ws []collector.Want
	for i := range topics {
		ws = append(ws, collector.Want{Name: fmt.Sprint("t", i), Query: fmt.Sprintf("topic %d", i), From: lastYear - years + 1, To: lastYear})
	}
	return ws
}

func newClient(srv *eutilstest.Server, limit int) (*collector.Client, error) {
	opts := collector.Options{BaseURL: srv.URL, Tool: "pubtrend-bench", Email: "bench@example.org"}
	if limit == collector.LimitWithKey {
		key, err := collector.ParseAPIKey("bench-key")
		if err != nil {
			return nil, err
		}
		opts.Key = key
	}
	return collector.New(opts)
}

func saver(path string) collector.Saver {
	return func(obs []store.Observation) error { return store.AppendFile(path, obs...) }
}

// refusals counts the client's requests and 429s, not the foreign burst's.
func refusals(srv *eutilstest.Server) (requests, refused int) {
	for _, r := range srv.Requests() {
		if r.Tool == "foreign" {
			continue
		}
		requests++
		if r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	return requests, refused
}

func childCollect(p collectParams) (map[string]float64, error) {
	srv := fakeServer(p)
	defer srv.Close()
	jobs, err := collector.Plan(nil, benchWants(p.Topics, p.Years), collector.DefaultRefresh, time.Now())
	if err != nil {
		return nil, err
	}
	if p.Burst > 0 {
		if err := srv.ForeignBurst(p.Burst); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	stored, failed, rate := 0, 0, float64(p.Limit)
	switch p.Mode {
	case "pubtrend":
		client, err := newClient(srv, p.Limit)
		if err != nil {
			return nil, err
		}
		rep, err := client.Collect(context.Background(), jobs, saver(filepath.Join(p.Dir, "collect.db")), nil)
		if err != nil {
			return nil, err
		}
		stored, failed, rate = rep.Stored, len(rep.Failed), client.Rate()
	case "sequential":
		stored, err = sequential(srv.URL, jobs, p.Limit)
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("mode %q", p.Mode)
	}
	wall := time.Since(start).Seconds()
	requests, refused := refusals(srv)
	return map[string]float64{
		"wall_s":      wall,
		"jobs":        float64(len(jobs)),
		"stored":      float64(stored),
		"requests":    float64(requests),
		"refused_429": float64(refused),
		"rps":         float64(stored) / wall,
		"of_limit":    float64(stored) / wall / float64(p.Limit),
		"failed":      float64(failed),
		"of_ideal":    wall / (float64(len(jobs)) / rate),
	}, nil
}

// sequential is the loop people write with rentrez or Biopython: one
// request, wait for the answer, sleep (0.34 s without a key, 0.1 s with),
// next request. No retries.
func sequential(base string, jobs []collector.Job, limit int) (int, error) {
	pause := 340 * time.Millisecond
	if limit == collector.LimitWithKey {
		pause = 100 * time.Millisecond
	}
	client := &http.Client{Timeout: 30 * time.Second}
	stored := 0
	for _, j := range jobs {
		q := url.Values{"db": {"pubmed"}, "term": {collector.Term(j.Series.Query, j.Year)}, "retmode": {"json"}, "retmax": {"0"},
			"tool": {"loop-bench"}, "email": {"bench@example.org"}}
		if limit == collector.LimitWithKey {
			q.Set("api_key", "bench-key")
		}
		resp, err := client.Get(base + "esearch.fcgi?" + q.Encode())
		if err != nil {
			return stored, err
		}
		var body struct {
			Result struct {
				Count string `json:"count"`
			} `json:"esearchresult"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err == nil && resp.StatusCode == http.StatusOK && body.Result.Count != "" {
			stored++
		}
		time.Sleep(pause)
	}
	return stored, nil
}

func childRerun(p collectParams) (map[string]float64, error) {
	srv := fakeServer(p)
	defer srv.Close()
	client, err := newClient(srv, p.Limit)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(p.Dir, "rerun.db")
	os.Remove(path)
	ws := benchWants(p.Topics, p.Years)
	phase := func(now time.Time) (int, error) {
		before, _ := refusals(srv)
		var db *store.DB
		if _, err := os.Stat(path); err == nil {
			if db, err = store.Open(path, store.Options{ReadOnly: true}); err != nil {
				return 0, err
			}
		}
		jobs, err := collector.Plan(db, ws, collector.DefaultRefresh, now)
		if db != nil {
			db.Close()
		}
		if err != nil {
			return 0, err
		}
		if _, err := client.Collect(context.Background(), jobs, saver(path), nil); err != nil {
			return 0, err
		}
		after, _ := refusals(srv)
		return after - before, nil
	}
	now := time.Now()
	first, err := phase(now)
	if err != nil {
		return nil, err
	}
	again, err := phase(now.Add(time.Minute))
	if err != nil {
		return nil, err
	}
	later, err := phase(now.Add(collector.DefaultRefresh.Recent + time.Hour))
	if err != nil {
		return nil, err
	}
	return map[string]float64{"first": float64(first), "rerun": float64(again), "after_refresh": float64(later),
		"recent_years": float64(2 * p.Topics)}, nil
}

func childRender(p renderParams) (map[string]float64, error) {
	var series []charts.Series
	for i := range p.Topics {
		s := charts.Series{Name: fmt.Sprint("Topic ", i+1)}
		v := 100.0 * float64(i+1)
		for y := lastYear - 29; y <= lastYear; y++ {
			s.Points = append(s.Points, charts.Point{Year: y, Value: v, Partial: y == lastYear})
			v *= 1.08
		}
		series = append(series, s)
	}
	opts := charts.Options{Title: "Benchmark", Subtitle: "30 years", Footer: []string{"Source: benchmark"}, Format: p.Format}
	var renderErr error
	r := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := charts.Render(io.Discard, series, opts); err != nil {
				renderErr = err
			}
		}
	})
	if renderErr != nil {
		return nil, renderErr
	}
	return map[string]float64{"ms": float64(r.NsPerOp()) / 1e6, "allocs": float64(r.AllocsPerOp()), "kib": float64(r.AllocedBytesPerOp()) / 1024}, nil
}

func storeSeries(i int) store.Series {
	return store.Series{Query: fmt.Sprintf("topic %d", i), Field: collector.DateField}
}

func childStore(kind string, p storeParams) (map[string]float64, error) {
	start := time.Now()
	switch kind {
	case "store-build":
		os.Remove(p.Path)
		db, err := store.Open(p.Path, store.Options{})
		if err != nil {
			return nil, err
		}
		base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		addSeries := func(s store.Series) error {
			batch := make([]store.Observation, 0, p.Years*p.PerYear)
			for y := lastYear - p.Years + 1; y <= lastYear; y++ {
				for k := range p.PerYear {
					batch = append(batch, store.Observation{Series: s, Year: y, Count: int64(1000 + y + k),
						FetchedAt: base.Add(time.Duration(k) * 24 * time.Hour), Translation: fmt.Sprintf("(%s) AND %d/01/01:%d/12/31[Date - Publication]", s.Query, y, y)})
				}
			}
			return db.Append(batch...)
		}
		for i := range p.Topics {
			if err := addSeries(storeSeries(i)); err != nil {
				db.Close()
				return nil, err
			}
		}
		if err := addSeries(collector.Totals(0, 0).Series()); err != nil {
			db.Close()
			return nil, err
		}
		if err := db.Close(); err != nil {
			return nil, err
		}
		fi, err := os.Stat(p.Path)
		if err != nil {
			return nil, err
		}
		return map[string]float64{"build_s": time.Since(start).Seconds(), "file_mib": float64(fi.Size()) / (1 << 20),
			"observations": float64((p.Topics + 1) * p.Years * p.PerYear)}, nil
	case "store-compare":
		db, err := store.Open(p.Path, store.Options{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer db.Close()
		totals, err := db.Latest(collector.Totals(0, 0).Series(), store.FromESearch)
		if err != nil {
			return nil, err
		}
		for i := range p.CompareTopics {
			latest, err := db.Latest(storeSeries(i*97%p.Topics), store.FromESearch)
			if err != nil {
				return nil, err
			}
			values := make(map[int]float64)
			for y, o := range latest {
				if share, ok := trend.PerHundredK(o.Count, totals[y].Count); ok {
					values[y] = share
				}
			}
			if _, ok := trend.Summarise(values); !ok {
				return nil, fmt.Errorf("topic %d has no counts", i)
			}
		}
		return map[string]float64{"ms": float64(time.Since(start).Microseconds()) / 1000}, nil
	case "store-export":
		db, err := store.Open(p.Path, store.Options{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer db.Close()
		list, err := db.SeriesList()
		if err != nil {
			return nil, err
		}
		w := csv.NewWriter(io.Discard)
		rows := 0
		for _, s := range list {
			latest, err := db.Latest(s, store.FromESearch)
			if err != nil {
				return nil, err
			}
			for y, o := range latest {
				w.Write([]string{s.Query, strconv.Itoa(y), strconv.FormatInt(o.Count, 10), o.FetchedAt.Format(time.RFC3339), o.Translation})
				rows++
			}
		}
		w.Flush()
		return map[string]float64{"ms": float64(time.Since(start).Microseconds()) / 1000, "rows": float64(rows)}, nil
	}
	return nil, fmt.Errorf("unknown store measurement %q", kind)
}
