package main

import (
	"fmt"
	"log/slog"
	"net"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/server"
	"github.com/spf13/cobra"
)

func (a *app) serveCmd() *cobra.Command {
	var (
		addr  string
		fetch bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the explorer page, and charts to embed that stay current",
		Long: `serve answers HTTP: an explorer page at / (type topics, see the chart, the
table and downloads), charts at /chart.svg, /chart.png and /chart.pdf, the
comparison at /compare.json, /compare.csv and /compare.md, and /healthz. All
take the topics as ?q=… (repeatable) and the options of chart and compare.

It reads the store read-only, briefly per request, so a cron collection runs
beside it, and answers change as soon as it commits. By default it listens on
loopback only and collects nothing: a count the store lacks is named as
missing. --fetch collects missing counts in the background, within NCBI's
rate limit. SIGINT or SIGTERM stops it gracefully.`,
		Example: `  pubtrend serve
  pubtrend serve --addr 0.0.0.0:8080 --fetch
  <img src="http://127.0.0.1:8080/chart.svg?q=exosome&from=2019" alt="…">`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			path, err := a.storePath(cfg)
			if err != nil {
				return err
			}
			var client *collector.Client
			if fetch {
				if client, err = a.clientFor(cfg)(); err != nil {
					return err
				}
			}
			level := slog.LevelWarn
			if a.verbose {
				level = slog.LevelInfo
			}
			srv, err := server.New(server.Options{Config: cfg, Path: path, Client: client, Now: a.now, LogRequests: a.verbose,
				Logger: slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))})
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError("--addr %s: %v", addr, err)
			}
			fmt.Fprintf(a.stderr, "pubtrend: serving http://%s/ (store %s%s)\n", l.Addr(), path, map[bool]string{true: "; collecting what is missing"}[fetch])
			return srv.Serve(cmd.Context(), l)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (host:port); loopback unless you choose otherwise")
	cmd.Flags().BoolVar(&fetch, "fetch", false, "collect missing counts from PubMed in the background (within NCBI's rate limit)")
	return cmd
}
