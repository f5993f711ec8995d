// Command bench measures pubtrend against the project's fake E-utilities
// server on loopback and writes docs/BENCHMARKS.md:
//
//	go run ./bench            # the default set, about 10 minutes
//	go run ./bench -full      # adds 20 topics × 30 years at 3 requests/s
//	go run ./bench -quick     # a tiny smoke run, for CI
//
// Each measurement runs in a child process of its own (this binary again,
// with -child), so that its peak memory is its own. Latency is simulated:
// the fake server delays each answer uniformly within -latency, and
// enforces NCBI's per-second limit with NCBI's 429 answer.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	var (
		child  = flag.String("child", "", "internal: run one measurement and print it as JSON")
		params = flag.String("params", "", "internal: the measurement's parameters, as JSON")
		out    = flag.String("out", "docs/BENCHMARKS.md", "where to write the report")
		runs   = flag.Int("runs", 3, "runs per measurement; the report gives medians and ranges")
		quick  = flag.Bool("quick", false, "a tiny configuration that only checks the benchmarks still run")
		full   = flag.Bool("full", false, "also 20 topics × 30 years at 3 requests/s (about 12 more minutes)")
		lat    = flag.String("latency", "200ms-600ms", "simulated latency range of the fake server")
		work   = flag.String("work", "bench/out", "folder for stores built by the benchmarks")
	)
	flag.Parse()
	if *child != "" {
		if err := runChild(*child, *params); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	lo, hi, err := parseLatency(*lat)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(64)
	}
	p := plan{runs: *runs, quick: *quick, full: *full, latMin: lo, latMax: hi, work: *work}
	if *quick {
		p.runs = 1
		p.latMin, p.latMax = 0, 20*time.Millisecond
	}
	if err := os.MkdirAll(p.work, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	report, err := p.run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "bench: wrote %s\n", *out)
}

func parseLatency(s string) (time.Duration, time.Duration, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	lo, err1 := time.ParseDuration(a)
	hi, err2 := time.ParseDuration(b)
	if err1 != nil || err2 != nil || hi < lo {
		return 0, 0, fmt.Errorf("-latency %q: want MIN-MAX, e.g. 200ms-600ms", s)
	}
	return lo, hi, nil
}

// measured is one child's result: its own figures plus its peak memory.
type measured struct {
	Values map[string]float64 `json:"values"`
	MaxRSS int64              `json:"-"` // bytes
}

// measure runs one measurement in a child process.
func measure(kind string, params any) (measured, error) {
	exe, err := os.Executable()
	if err != nil {
		return measured{}, err
	}
	pj, _ := json.Marshal(params)
	cmd := exec.Command(exe, "-child", kind, "-params", string(pj))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return measured{}, fmt.Errorf("%s %s: %v\n%s", kind, pj, err, stderr.String())
	}
	var m measured
	if err := json.Unmarshal(stdout.Bytes(), &m.Values); err != nil {
		return measured{}, fmt.Errorf("%s: %v", kind, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.MaxRSS = ru.Maxrss * 1024 // Linux reports kilobytes
	}
	return m, nil
}
