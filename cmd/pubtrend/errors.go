package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/pubtrend/pubtrend/store"
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

// exitError carries an exit code and an optional hint, for errors that
// only the CLI knows how to explain (flags, arguments).
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

// explain is the one place that maps an error to an exit code and a hint.
func explain(err error) (code int, hint string) {
	var (
		ee       *exitError
		ce       *config.Error
		unknown  *dataset.UnknownTopicError
		argErr   *dataset.ArgumentError
		noData   *dataset.NoDataError
		importE  *dataset.ImportError
		noTotals *report.NoTotalsError
		refused  *dataset.RefusedError
		backup   *store.BackupTargetError
		collect  *dataset.CollectError
	)
	switch {
	case errors.As(err, &ee):
		return ee.code, ee.hint
	case errors.As(err, &collect):
		return explainCollect(collect)
	case errors.Is(err, dataset.ErrNothingToCollect):
		return exitUsage, "name a query ('pubtrend collect exosome'), or write a config with 'pubtrend init'"
	case errors.As(err, &ce):
		return exitConfig, ""
	case errors.As(err, &backup):
		return exitUsage, "nothing was written; name a new file, or a regular file to replace"
	case errors.Is(err, store.ErrUnfinished):
		return exitFailure, report.Hint(err)
	case errors.Is(err, store.ErrCollecting):
		return exitBusy, "this run did nothing; the running one will store what is due"
	case errors.Is(err, store.ErrBusy):
		return exitBusy, report.Hint(err)
	case errors.As(err, &unknown):
		return exitUsage, orElse(report.Hint(err), "'pubtrend topics' lists the topics")
	case errors.As(err, &argErr), errors.As(err, &importE), errors.Is(err, charts.ErrLogBars):
		return exitUsage, ""
	case errors.Is(err, charts.ErrTooSmall), errors.Is(err, charts.ErrSize):
		return exitUsage, "give a larger --width/--height, or a shorter --title"
	case errors.Is(err, report.ErrShareWithoutBy):
		return exitUsage, "add --by evidence (or species, or a breakdown of the config)"
	case errors.Is(err, charts.ErrTooManyParts), errors.Is(err, charts.ErrTooManyPanels):
		return exitUsage, "draw fewer topics or parts at once"
	case errors.Is(err, charts.ErrTooManySeries):
		return exitUsage, "draw the topics over several charts, or compare them in a table with 'pubtrend compare'"
	case errors.Is(err, store.ErrNotExist):
		return exitFailure, "run 'pubtrend collect' first (chart and compare collect too), or point --db at an existing store"
	case errors.Is(err, store.ErrCorrupt):
		return exitFailure, "run 'pubtrend verify' for details; " + report.Hint(err)
	case errors.As(err, &noData):
		if noData.Offline && !noData.Topic.Imported() && !noData.Skipped {
			return exitFailure, "run it without --offline to collect them"
		}
		return exitFailure, orElse(report.Hint(err), "run 'pubtrend collect' to fetch them")
	case errors.As(err, &refused):
		return exitFailure, report.Hint(err)
	case errors.As(err, &noTotals):
		return exitFailure, "run it without --offline to collect the totals"
	case errors.Is(err, collector.ErrInvalidKey):
		return exitFailure, "check NCBI_API_KEY (it is not shown here); unset it to use 3 requests/s without a key"
	case errors.Is(err, collector.ErrUnreachable):
		return exitFailure, "check the network and the E-utilities URL (PUBTREND_EUTILS_URL or ncbi.base_url); nothing stored was changed"
	case errors.Is(err, context.Canceled):
		return exitFailure, "run the same command again to fetch the rest; what was stored stays"
	}
	return exitFailure, ""
}

func orElse(hint, otherwise string) string {
	if hint != "" {
		return hint
	}
	return otherwise
}

// explainCollect: a run cut short is explained by why it stopped; one
// that ran to the end is partial (exit 3) when it stored something, a
// failure (1) when it stored nothing. A query PubMed did not run as
// written fails again until it is fixed: the hint says how, not "retry".
func explainCollect(e *dataset.CollectError) (int, string) {
	if e.Err != nil {
		code, hint := explain(e.Err)
		if errors.Is(e.Err, context.Canceled) {
			hint = "run the same command again to fetch the rest; what was stored stays"
		}
		return code, hint
	}
	code, hint := exitPartial, "run collect again to retry them"
	if e.Stored == 0 {
		code = exitFailure
	}
	if len(e.Refused) > 0 {
		_, hint = explain(e.Refused[0])
	}
	return code, hint
}

// reportError prints err the way the README promises (pubtrend: error: …,
// pubtrend: hint: …), with control characters escaped, and returns the
// exit code.
func reportError(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	code, hint := explain(err)
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		fmt.Fprintf(stderr, "pubtrend: error: %s\n", printable(line))
	}
	if hint != "" {
		fmt.Fprintf(stderr, "pubtrend: hint: %s\n", printable(hint))
	}
	return code
}

// printable escapes control characters in what goes to the terminal.
var printable = report.Printable
