// Command fake-eutils serves the project's fake NCBI E-utilities on a
// loopback port, for trying pubtrend without the network:
//
//	go run ./cmd/fake-eutils &
//	PUBTREND_EUTILS_URL=http://127.0.0.1:8089/entrez/eutils/ pubtrend collect
//
// By default it answers from a synthetic PubMed (eutilstest.Corpus) whose
// present is today: every count is the size of a set of records, so a
// topic's breakdown adds up, a range count is below the sum of its years,
// the current year is partial and partly unindexed, and a typo is
// reported as PubMed reports it. -mode hash brings back the older answers,
// a number derived from each query alone.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "loopback address to listen on")
	failRate := flag.Float64("fail-rate", 0, "fraction of requests answered with a random fault (5xx, garbage, backend ERROR, 429, reset)")
	latency := flag.Duration("latency", 0, "upper bound of a uniform random delay per answer")
	limit := flag.Int("limit", 0, "requests per second per caller before 429 (0: NCBI's 3, or 10 with a key)")
	mode := flag.String("mode", "corpus", "corpus: counts from a synthetic PubMed; hash: a number derived from each query")
	seed := flag.Uint64("seed", eutilstest.DefaultCorpusSeed, "corpus mode: which synthetic PubMed")
	perYear := flag.Int("per-year", eutilstest.DefaultCorpusPerYear, "corpus mode: records published last year (earlier years have fewer)")
	unknown := flag.String("unknown", "", "corpus mode: comma-separated words PubMed should not know, like typos")
	flag.Parse()

	srv, err := eutilstest.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake-eutils:", err)
		os.Exit(1)
	}
	srv.SetFailRate(*failRate)
	srv.SetLatency(0, *latency)
	srv.SetLimit(*limit)
	switch *mode {
	case "corpus":
		c := eutilstest.NewCorpus(eutilstest.CorpusOptions{Seed: *seed, Today: time.Now(), PerYear: *perYear})
		if *unknown != "" {
			c.Unknown(strings.Split(*unknown, ",")...)
		}
		srv.UseCorpus(c)
		first, last := c.Years()
		fmt.Fprintf(os.Stderr, "fake-eutils: a synthetic PubMed of %d records, %d–%d, seed %d\n", c.Len(), first, last, *seed)
	case "hash":
	default:
		srv.Close()
		fmt.Fprintf(os.Stderr, "fake-eutils: -mode %q: want corpus or hash\n", *mode)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "fake-eutils: serving on %s\n", srv.URL)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	stop()
	srv.Close()
}
