package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"pubtrend": main})
}

// TestScripts runs the CLI scripts in testdata/script, each against its
// own fake E-utilities server, with the real binary as a subprocess.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			srv := eutilstest.NewServer()
			srv.SetLimit(1000)
			env.Defer(srv.Close)
			env.Values["srv"] = srv
			env.Setenv("PUBTREND_EUTILS_URL", srv.URL)
			env.Setenv("HOME", env.WorkDir+"/home")
			env.Setenv("XDG_DATA_HOME", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"fake":       fakeCmd,
			"exits":      exitsCmd,
			"waitlock":   waitlockCmd,
			"waitfile":   waitfileCmd,
			"waitstored": waitstoredCmd,
			"corrupt":    corruptCmd,
		},
	})
}

// exitsCmd runs a program and checks its exact exit code:
//
//	exits 75 pubtrend collect
func exitsCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// waitlockCmd waits until another process holds the lock file.
func waitlockCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: waitlock FILE")
	}
	l := flock.New(ts.MkAbs(args[0]))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := l.TryLock()
		if err == nil && !ok {
			return
		}
		if ok {
			l.Unlock()
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("nobody took %s within 20s", args[0])
}

// waitfileCmd waits until a file exists: a store exists once a
// collection has committed to it.
func waitfileCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: waitfile FILE")
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("%s did not appear within 20s", args[0])
}

// waitstoredCmd waits until a store holds at least N observations.
func waitstoredCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: waitstored FILE N")
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if n, err := countStored(ts.MkAbs(args[0])); err == nil && n >= want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("%s did not reach %d observations within 20s", args[0], want)
}

func countStored(path string) (int, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	list, err := db.SeriesList()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range list {
		h, err := db.History(s, 0)
		if err != nil {
			return 0, err
		}
		n += len(h)
	}
	return n, nil
}

// corruptCmd damages a file the way disks and crashes do:
//
//	corrupt FILE truncate   keep the first third
//	corrupt FILE garble     overwrite part of every data page with noise
//	corrupt FILE unfinished 4 KiB of zeros: a store whose creation was cut short
func corruptCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: corrupt FILE truncate|garble|unfinished")
	}
	path := ts.MkAbs(args[0])
	b, err := os.ReadFile(path)
	if args[1] == "unfinished" {
		b, err = make([]byte, 4096), nil
	}
	ts.Check(err)
	switch args[1] {
	case "unfinished":
	case "truncate":
		b = b[:len(b)/3]
	case "garble":
		// Noise in every page after the two headers, so that live data
		// is hit whatever the layout (a single stretch may land in free
		// pages, which is harmless).
		for page := 2 * 4096; page+4096 <= len(b); page += 4096 {
			for i := page + 100; i < page+164; i++ {
				b[i] = byte(i*7 + 13)
			}
		}
	default:
		ts.Fatalf("corrupt: unknown damage %q", args[1])
	}
	ts.Check(os.WriteFile(path, b, 0o600))
}

// fakeCmd steers the script's fake server:
//
//	fake fail FAULT...         queue faults for the next requests
//	fake failrate P            fail a fraction P of requests at random
//	fake count QUERY YEAR N    fix a count
//	fake warn QUERY KIND TEXT  add an errorlist/warninglist entry
//	fake error QUERY MSG       answer QUERY with a top-level ERROR
//	fake key KEY               accept only registered keys
//	fake latency MAX           delay answers up to MAX
//	fake limit N               requests per second before 429
//	fake requests N            assert the number of requests so far
//	fake reset                 forget the requests so far
//	fake burst N               N requests from another client on this IP, now
//	fake corpus                answer from the synthetic PubMed (set sizes)
func fakeCmd(ts *testscript.TestScript, neg bool, args []string) {
	srv := ts.Value("srv").(*eutilstest.Server)
	if len(args) == 0 {
		ts.Fatalf("usage: fake VERB ARGS")
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		ts.Check(err)
		return n
	}
	switch verb, rest := args[0], args[1:]; verb {
	case "fail":
		for _, f := range rest {
			srv.Fail(eutilstest.Fault(f))
		}
	case "failrate":
		p, err := strconv.ParseFloat(rest[0], 64)
		ts.Check(err)
		srv.SetFailRate(p)
	case "count":
		srv.SetCount(rest[0], atoi(rest[1]), int64(atoi(rest[2])))
	case "warn":
		srv.AddWarning(rest[0], rest[1], rest[2])
	case "error":
		srv.SetError(rest[0], rest[1])
	case "key":
		srv.AddKey(rest[0])
	case "latency":
		d, err := time.ParseDuration(rest[0])
		ts.Check(err)
		srv.SetLatency(0, d)
	case "limit":
		srv.SetLimit(atoi(rest[0]))
	case "requests":
		got := len(srv.Requests())
		if want := atoi(rest[0]); (got == want) == neg {
			ts.Fatalf("fake server saw %d requests, want %s%d", got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	case "reset":
		srv.ResetRequests()
	case "burst":
		ts.Check(srv.ForeignBurst(atoi(rest[0])))
	case "corpus":
		srv.UseCorpus(eutilstest.NewCorpus(eutilstest.CorpusOptions{}))
	default:
		ts.Fatalf("fake: unknown verb %q", verb)
	}
}
