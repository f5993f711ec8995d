package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/agnivade/levenshtein"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes, as documented in the README (sysexits.h where one fits).
const (
	exitOK      = 0
	exitFailure = 1
	exitPartial = 3  // some counts still failing after retries; the rest stored
	exitUsage   = 64 // EX_USAGE: bad flags or arguments
	exitBusy    = 75 // EX_TEMPFAIL: another collection is running
	exitConfig  = 78 // EX_CONFIG: bad config file
)

// exitError carries an exit code and an optional hint to report.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func withHint(code int, err error, hint string) error {
	return &exitError{code: code, err: err, hint: hint}
}

// report prints err the way the README promises (pubtrend: error: …,
// pubtrend: hint: …) and returns the exit code.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	code := exitFailure
	var ee *exitError
	var ce *ConfigError
	switch {
	case errors.As(err, &ee):
		code = ee.code
	case errors.As(err, &ce):
		code = exitConfig
	case errors.Is(err, store.ErrBusy):
		code = exitBusy
	}
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		fmt.Fprintf(stderr, "pubtrend: error: %s\n", line)
	}
	if ee != nil && ee.hint != "" {
		fmt.Fprintf(stderr, "pubtrend: hint: %s\n", ee.hint)
	}
	return code
}

// app is one invocation: its streams, environment and global flags.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	interactive    bool // stderr is a terminal: progress and summaries

	configPath string
	dbPath     string
	verbose    bool
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
		Long: `pubtrend collects how many PubMed records match each topic per year, keeps
every count with its history in a local store, and exports it.

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
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default $PUBTREND_CONFIG, else ./config.yaml)")
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "store file (default: the config's store, else ~/.local/share/pubtrend/pubtrend.db)")
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "log each request to stderr (the API key is redacted)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err, hint: fmt.Sprintf("run '%s --help' for usage", cmd.CommandPath())}
	})
	root.CompletionOptions.DisableDefaultCmd = true
	root.SuggestionsMinimumDistance = 2
	root.AddCommand(a.collectCmd(), a.topicsCmd(), a.exportCmd(), a.historyCmd(), a.verifyCmd(), a.backupCmd(), a.scheduleCmd(), a.chartCmd(), a.compareCmd(), a.importCmd())
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

func (a *app) config() (Config, error) {
	return loadConfig(a.configPath, a.getenv, a.now())
}

// storePath resolves the store: --db, then the config.
func (a *app) storePath(cfg *Config) (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	if cfg == nil {
		return defaultStorePath(a.getenv)
	}
	return cfg.StorePath(a.getenv)
}

// openForReading loads the config, picks the named topics (all of them
// for none) and opens the store read-only: how every reading command starts.
func (a *app) openForReading(names []string) (Config, []Topic, *store.DB, error) {
	cfg, err := a.config()
	if err != nil {
		return Config{}, nil, nil, err
	}
	topics, err := topicsNamed(cfg, names)
	if err != nil {
		return Config{}, nil, nil, err
	}
	path, err := a.storePath(&cfg)
	if err != nil {
		return Config{}, nil, nil, err
	}
	db, err := a.openStore(path)
	if err != nil {
		return Config{}, nil, nil, err
	}
	return cfg, topics, db, nil
}

// openStore opens the store read-only, for commands that only read.
func (a *app) openStore(path string) (*store.DB, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrNotExist) {
		return nil, withHint(exitFailure, fmt.Errorf("%s: %w", path, store.ErrNotExist), "run 'pubtrend collect' first, or point --db at an existing store")
	}
	if errors.Is(err, store.ErrCorrupt) {
		return nil, withHint(exitFailure, err, "run 'pubtrend verify' for details; restore a backup made with 'pubtrend backup'")
	}
	return db, err
}

func (a *app) logger() *slog.Logger {
	if !a.verbose {
		return nil
	}
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// apiKey reads NCBI_API_KEY, or the file named by NCBI_API_KEY_FILE, which
// must be readable by its owner only.
func (a *app) apiKey() (collector.APIKey, error) {
	if k := a.getenv("NCBI_API_KEY"); k != "" {
		key, err := collector.ParseAPIKey(k)
		if err != nil {
			return collector.APIKey{}, withHint(exitConfig, fmt.Errorf("NCBI_API_KEY: %w", err), "")
		}
		return key, nil
	}
	path := a.getenv("NCBI_API_KEY_FILE")
	if path == "" {
		return collector.APIKey{}, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return collector.APIKey{}, fmt.Errorf("NCBI_API_KEY_FILE: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return collector.APIKey{}, withHint(exitConfig, fmt.Errorf("NCBI_API_KEY_FILE %s is readable by others (mode %o)", path, fi.Mode().Perm()),
			"chmod 600 "+path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return collector.APIKey{}, fmt.Errorf("NCBI_API_KEY_FILE: %w", err)
	}
	key, err := collector.ParseAPIKey(string(b))
	if err != nil {
		return collector.APIKey{}, withHint(exitConfig, fmt.Errorf("NCBI_API_KEY_FILE %s: %w", path, err), "")
	}
	return key, nil
}

// client builds the ESearch client: PUBTREND_EUTILS_URL overrides the
// config's base_url.
func (a *app) client(cfg Config) (*collector.Client, error) {
	key, err := a.apiKey()
	if err != nil {
		return nil, err
	}
	base := cfg.NCBI.BaseURL
	source := cfg.path + ": ncbi.base_url"
	if u := a.getenv("PUBTREND_EUTILS_URL"); u != "" {
		base, source = u, "PUBTREND_EUTILS_URL"
	}
	c, err := collector.New(collector.Options{
		BaseURL:    base,
		Tool:       cfg.NCBI.Tool,
		Email:      cfg.NCBI.Email,
		Key:        key,
		Rate:       cfg.NCBI.Rate,
		Timeout:    time.Duration(cfg.NCBI.Timeout),
		MaxTries:   cfg.NCBI.MaxTries,
		MinBackoff: time.Duration(cfg.NCBI.MinBackoff),
		MaxBackoff: time.Duration(cfg.NCBI.MaxBackoff),
		Logger:     a.logger(),
		UserAgent:  "pubtrend (+" + cfg.NCBI.Tool + ")",
	})
	if err != nil {
		return nil, withHint(exitConfig, fmt.Errorf("%s: %w", source, err), "")
	}
	return c, nil
}

// topicsNamed picks topics by name, all of them for no names. An unknown
// name is a usage error that suggests the closest topic.
func topicsNamed(cfg Config, names []string) ([]Topic, error) {
	if len(names) == 0 {
		return cfg.Topics, nil
	}
	var out []Topic
	for _, n := range names {
		t, ok := cfg.Topic(n)
		if !ok {
			err := &exitError{code: exitUsage, err: fmt.Errorf("no topic named %q in %s", n, cfg.path)}
			if s := closestTopic(cfg, n); s != "" {
				err.hint = fmt.Sprintf("did you mean %q?", s)
			} else {
				err.hint = "'pubtrend topics' lists the topics"
			}
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// closestTopic returns the topic name nearest to s by edit distance, if
// it is near enough to be a typo.
func closestTopic(cfg Config, s string) string {
	best, bestD := "", 3
	for _, t := range cfg.Topics {
		if d := levenshtein.ComputeDistance(strings.ToLower(s), strings.ToLower(t.Name)); d < bestD {
			best, bestD = t.Name, d
		}
	}
	return best
}
