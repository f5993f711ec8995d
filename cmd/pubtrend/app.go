package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// app is one invocation: its streams, environment and global flags.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	interactive    bool // stderr is a terminal: progress and summaries

	configPath string
	dbPath     string
	verbose    bool

	emailHint sync.Once
	// transport, when set, carries the ESearch requests instead of the
	// network: tests hand in the fake server's in-memory transport.
	transport http.RoundTripper
}

// run executes one command line. It is main without the process: tests
// call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a := &app{
		stdout: stdout,
		stderr: stderr,
		getenv: os.Getenv,
		now:    time.Now,
	}
	if f, ok := stderr.(*os.File); ok {
		a.interactive = term.IsTerminal(int(f.Fd()))
	}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return root.ExecuteContext(ctx)
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "pubtrend",
		Short: "Track how research topics grow in PubMed",
		Long: `pubtrend counts how many PubMed records match a topic per year, keeps every
count with its history in a local store, and draws charts and tables from
it. It works without a config file: 'pubtrend chart exosome -o x.png'.

Data: NCBI E-utilities. See https://www.ncbi.nlm.nih.gov/About/disclaimer.html
for NCBI's disclaimer and copyright notice.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				msg := fmt.Sprintf("unknown command %q", args[0])
				if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
					msg += fmt.Sprintf(" (did you mean %q?)", s[0])
				}
				return &exitError{code: exitUsage, err: errors.New(msg), hint: "run 'pubtrend help' for the list of commands"}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default $PUBTREND_CONFIG, else ./config.yaml if there is one)")
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "store file (default: the config's store, else ~/.local/share/pubtrend/pubtrend.db)")
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "log each request to stderr (the API key is redacted)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err, hint: fmt.Sprintf("run '%s --help' for usage", cmd.CommandPath())}
	})
	root.SuggestionsMinimumDistance = 2
	root.AddCommand(a.collectCmd(), a.chartCmd(), a.compareCmd(), a.topicsCmd(), a.exportCmd(), a.historyCmd(),
		a.importCmd(), a.initCmd(), a.scheduleCmd(), a.verifyCmd(), a.backupCmd(), a.serveCmd())
	return root
}

// args wraps a cobra argument check so that its failure exits 64.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &exitError{code: exitUsage, err: err, hint: fmt.Sprintf("run '%s --help' for usage", cmd.CommandPath())}
		}
		return nil
	}
}

// config reads the config named by --config, else $PUBTREND_CONFIG, else
// ./config.yaml; without any of them, the defaults. A named file that is
// missing, and a file that is broken, are errors: never silently ignored.
func (a *app) config() (*config.Config, error) {
	path, explicit := a.configPath, a.configPath != ""
	if path == "" {
		path = a.getenv(config.EnvConfig)
		explicit = path != ""
	}
	if path == "" {
		path = "config.yaml"
	}
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		cfg := config.Default(a.now())
		return cfg, cfg.ApplyEnv(a.getenv)
	case errors.Is(err, fs.ErrNotExist):
		return nil, &config.Error{File: path, Msg: "no such file: create one with 'pubtrend init " + path + "'"}
	case err != nil:
		return nil, &config.Error{File: path, Msg: err.Error()}
	}
	defer f.Close()
	cfg, err := config.Parse(f, path, a.now())
	if err != nil {
		return nil, err
	}
	return cfg, cfg.ApplyEnv(a.getenv)
}

// storePath resolves the store: --db, then the config.
func (a *app) storePath(cfg *config.Config) (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	return cfg.StorePath(a.getenv)
}

// setup is what most commands start with: the config, the store's path
// and every name known to the config and the store.
func (a *app) setup() (*config.Config, string, *dataset.Catalog, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, "", nil, err
	}
	path, err := a.storePath(cfg)
	if err != nil {
		return nil, "", nil, err
	}
	db, err := openIfExists(path)
	if err != nil {
		return nil, "", nil, err
	}
	if db != nil {
		defer db.Close()
	}
	cat, err := dataset.NewCatalog(cfg, db)
	if err != nil {
		return nil, "", nil, err
	}
	return cfg, path, cat, nil
}

// openIfExists opens the store read-only, or returns nil if it was never
// written: listing names before the first collection is fine.
func openIfExists(path string) (*store.DB, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrNotExist) {
		return nil, nil
	}
	return db, err
}

func (a *app) logger() *slog.Logger {
	if !a.verbose {
		return nil
	}
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// clientFor returns a constructor of the ESearch client the config
// describes, so that commands which may not need the network (a chart of
// stored counts) read the key and say the e-mail hint only when they send.
func (a *app) clientFor(cfg *config.Config) func() (*collector.Client, error) {
	return func() (*collector.Client, error) {
		key, err := config.APIKey(a.getenv)
		if err != nil {
			return nil, err
		}
		opts := cfg.ClientOptions(key)
		opts.Logger = a.logger()
		opts.Transport = a.transport
		c, err := collector.New(opts)
		if err != nil {
			key := "ncbi.rate"
			if strings.Contains(err.Error(), "base URL") {
				key = "ncbi.base_url"
			}
			return nil, &config.Error{File: cfg.Source(key), Msg: err.Error()}
		}
		// Said once, and off a terminal only without a config file: a
		// cron job with a config the user chose would mail it daily.
		if cfg.NCBI.Email == "" && (cfg.File == "" || a.interactive) {
			a.emailHint.Do(func() {
				fmt.Fprintf(a.stderr, "pubtrend: hint: NCBI asks for an e-mail address with every request: set %s or ncbi.email in the config\n", config.EnvEmail)
			})
		}
		return c, nil
	}
}
