// Command pubtrend tracks how research topics grow in PubMed: it collects
// per-year publication counts into a local store and turns them into
// tables and charts.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(reportError(err, os.Stderr))
}
