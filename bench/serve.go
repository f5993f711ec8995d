package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/server"
	"github.com/pubtrend/pubtrend/store"
)

// serveParams describe the HTTP server measurement: a store of Topics ×
// Years, charts of two of them asked by Workers clients at once for
// Seconds per case, while a collection commits CommitsPerSec counts of
// other topics beside the server.
type serveParams struct {
	Dir           string
	Topics, Years int
	Workers       int
	Seconds       float64
	ColdRequests  int // cold cases: this many distinct charts
	CommitsPerSec int
}

// serveCase is one row of the table: a format, cached or cold, and what
// the collection beside the server commits.
type serveCase struct {
	key, format, label string
	cold               bool
	sameTopics         bool // the commits touch the charted topics: every commit redraws
}

var serveCases = []serveCase{
	{key: "svg_cached", format: "svg", label: "SVG, cached"},
	{key: "png_cached", format: "png", label: "PNG, cached"},
	{key: "svg_cold", format: "svg", label: "SVG, cold (a new chart each time, one client)", cold: true},
	{key: "png_cold", format: "png", label: "PNG, cold (a new chart each time, one client)", cold: true},
	{key: "svg_redrawn", format: "svg", label: "SVG, each commit changes the chart", sameTopics: true},
}

// serveSection measures the server and writes its section of the report.
func (p plan) serveSection(b *strings.Builder) error {
	sp := serveParams{Dir: p.work, Topics: 20, Years: 30, Workers: 8, Seconds: 5, ColdRequests: 60, CommitsPerSec: 10}
	if p.quick {
		sp = serveParams{Dir: p.work, Topics: 3, Years: 10, Workers: 2, Seconds: 0.3, ColdRequests: 4, CommitsPerSec: 10}
	}
	r, err := p.repeat(0, "serve", sp)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "\n## Serving charts\n\n`pubtrend serve` on loopback, its store %d topics × %d years; charts of two topics over %d years, at 1600×900. "+
		"%d clients ask at once, with keep-alive, for %.1f s per case (cold cases: %d distinct charts, one client), "+
		"while a collection beside the server commits up to %d counts a second, one commit each (%s commits in all; a commit took %s ms at the median, %s ms at p99, "+
		"waiting for the readers' shared lock). "+
		"*Cached*: the same chart each time (commits of other topics leave it cached). *Cold*: every request a chart not drawn before. "+
		"Goals: cached SVG at thousands of requests/s with p99 under 20 ms; a cold PNG under 100 ms.\n\n",
		sp.Topics, sp.Years, min(sp.Years, 30), sp.Workers, sp.Seconds, sp.ColdRequests, sp.CommitsPerSec, r["commits"].format(0),
		r["commit_p50_ms"].format(1), r["commit_p99_ms"].format(1))
	fmt.Fprintf(b, "| case | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n")
	for _, c := range serveCases {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", c.label, r[c.key+"_rps"].format(0), r[c.key+"_p50_ms"].format(1),
			r[c.key+"_p99_ms"].format(1), r[c.key+"_errors"].format(0))
	}
	return nil
}

func childServe(params string) (map[string]float64, error) {
	var p serveParams
	if err := json.Unmarshal([]byte(params), &p); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(p.Dir, "serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "serve.db")
	now := time.Date(lastYear, 6, 30, 12, 0, 0, 0, time.UTC)
	if err := serveStore(path, p, now); err != nil {
		return nil, err
	}
	cfg := config.Default(now)
	srv, err := server.New(server.Options{Config: cfg, Path: path, Now: func() time.Time { return now }})
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, l) }()
	defer func() {
		stop()
		<-served
	}()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: p.Workers}}
	base := "http://" + l.Addr().String()
	from := lastYear - min(p.Years, 30) + 1

	out := make(map[string]float64)
	var commits commitTimes
	for _, c := range serveCases {
		// The collection beside the server: other topics, or the charted
		// ones when the case says so.
		commitCtx, stopCommits := context.WithCancel(ctx)
		committed := make(chan error, 1)
		series := store.Series{Query: "collected beside the server", Field: collector.DateField}
		if c.sameTopics {
			series = storeSeries(0)
		}
		go func() { committed <- commitLoop(commitCtx, path, series, p.CommitsPerSec, &commits) }()

		chart := fmt.Sprintf("%s/chart.%s?q=topic+0&q=topic+1&from=%d", base, c.format, from)
		var urls func(i int) string
		n := 0
		if c.cold {
			// Distinct sizes: each request a chart not drawn before.
			urls = func(i int) string { return fmt.Sprintf("%s&width=%d", chart, 1200+i) }
			n = p.ColdRequests
		} else {
			urls = func(int) string { return chart }
			if _, err := get(client, chart); err != nil { // drawn once, then cached
				stopCommits()
				return nil, err
			}
		}
		// Cold requests one at a time: the time to draw a chart, not the
		// queue for the cap on renders at once (the CPUs).
		workers := p.Workers
		if c.cold {
			workers = 1
		}
		lat, errs, elapsed := load(client, urls, n, workers, time.Duration(p.Seconds*float64(time.Second)))
		stopCommits()
		if err := <-committed; err != nil {
			return nil, err
		}
		if len(lat) == 0 {
			return nil, fmt.Errorf("%s: no request succeeded (%d errors)", c.key, errs)
		}
		slices.Sort(lat)
		out[c.key+"_rps"] = float64(len(lat)) / elapsed.Seconds()
		out[c.key+"_p50_ms"] = ms(lat[len(lat)/2])
		out[c.key+"_p99_ms"] = ms(lat[min(len(lat)-1, len(lat)*99/100)])
		out[c.key+"_errors"] = float64(errs)
	}
	commits.mu.Lock()
	defer commits.mu.Unlock()
	slices.Sort(commits.took)
	if n := len(commits.took); n > 0 {
		out["commits"] = float64(n)
		out["commit_p50_ms"] = ms(commits.took[n/2])
		out["commit_p99_ms"] = ms(commits.took[min(n-1, n*99/100)])
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// load sends requests from workers at once: n of them when n > 0 (each
// url(i) once), else as many as fit in d. It returns each success's
// latency, the number of failures and the time taken.
func load(client *http.Client, url func(int) string, n, workers int, d time.Duration) ([]time.Duration, int, time.Duration) {
	var (
		mu   sync.Mutex
		lat  []time.Duration
		errs int
		next atomic.Int64
		wg   sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if (n > 0 && i >= n) || (n == 0 && time.Now().After(deadline)) {
					return
				}
				t0 := time.Now()
				_, err := get(client, url(i))
				took := time.Since(t0)
				mu.Lock()
				if err != nil {
					errs++
				} else {
					lat = append(lat, took)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return lat, errs, time.Since(start)
}

func get(client *http.Client, url string) (int64, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return n, err
}

// commitTimes are how long each commit beside the server took, from the
// store's open (which waits for readers) to its close.
type commitTimes struct {
	mu   sync.Mutex
	took []time.Duration
}

// commitLoop appends a count of s perSec times a second until ctx ends,
// as a collection does, each in its own commit.
func commitLoop(ctx context.Context, path string, s store.Series, perSec int, commits *commitTimes) error {
	tick := time.NewTicker(time.Second / time.Duration(perSec))
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		o := store.Observation{Series: s, Year: lastYear - i%10, Count: int64(1000 + i), FetchedAt: time.Now().UTC()}
		t0 := time.Now()
		if err := store.AppendFile(path, o); err != nil {
			return err
		}
		commits.mu.Lock()
		commits.took = append(commits.took, time.Since(t0))
		commits.mu.Unlock()
	}
}

// serveStore writes p.Topics topics and PubMed's totals over p.Years, one
// count per year each.
func serveStore(path string, p serveParams, now time.Time) error {
	var obs []store.Observation
	at := now.Add(-24 * time.Hour)
	add := func(s store.Series, base float64) {
		v := base
		for y := lastYear - p.Years + 1; y <= lastYear; y++ {
			obs = append(obs, store.Observation{Series: s, Year: y, Count: int64(v), FetchedAt: at})
			v *= 1.07
		}
	}
	for i := range p.Topics {
		add(storeSeries(i), float64(100+37*i))
	}
	add(collector.Totals(0, 0).Series(), 500_000)
	return store.AppendFile(path, obs...)
}
