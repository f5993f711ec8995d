// Command fake-eutils serves the project's fake NCBI E-utilities on a
// loopback port, for trying pubtrend without the network:
//
//	go run ./cmd/fake-eutils &
//	PUBTREND_EUTILS_URL=http://127.0.0.1:8089/entrez/eutils/ pubtrend collect
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "loopback address to listen on")
	failRate := flag.Float64("fail-rate", 0, "fraction of requests answered with a random fault (5xx, garbage, backend ERROR, 429, reset)")
	latency := flag.Duration("latency", 0, "upper bound of a uniform random delay per answer")
	limit := flag.Int("limit", 0, "requests per second per caller before 429 (0: NCBI's 3, or 10 with a key)")
	flag.Parse()

	srv, err := eutilstest.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake-eutils:", err)
		os.Exit(1)
	}
	srv.SetFailRate(*failRate)
	srv.SetLatency(0, *latency)
	srv.SetLimit(*limit)
	fmt.Fprintf(os.Stderr, "fake-eutils: serving on %s\n", srv.URL)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	stop()
	srv.Close()
}
