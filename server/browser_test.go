package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromium finds the browser for the browser test. Without one the test
// is skipped, except in CI (CI is set, as .ci/run sets it), where it
// fails: .ci/run installs Debian's chromium.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium binary in CI: .ci/run should have installed Debian's chromium package")
	}
	t.Skip("no chromium binary: apt-get install chromium to run the browser test")
	return ""
}

// TestBrowser drives the real page in headless Chromium: load it, type a
// topic, see the chart, the table and the URL change without a reload,
// download the CSV, with no error in the console. With
// PUBTREND_SCREENSHOTS=DIR it also saves light, dark and phone-sized
// screenshots there, for a look.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	r := newRig(t, nil)
	base := "http://" + r.listen()

	alloc, cancel := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	// Everything the page writes to the console, from the start.
	var mu sync.Mutex
	var console []chromedp.ConsoleMessage
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()
	downloads := t.TempDir()
	events := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &events}); err != nil {
		t.Fatal(err)
	}
	// A bound for the whole test, set after the browser started (a
	// timeout on the first call's context would stop the browser).
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?q=exosome"),
		chromedp.WaitVisible(chromedp.CSS(`figure.chart img`)),
		waitLoaded(`figure.chart img`),
	)
	if err != nil {
		t.Fatal(err)
	}
	inputs := chromedp.CSSAll(`#inputs input[name=q]`)
	// A mark on this document: a reload would lose it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.pubtrendTest = 1`)); err != nil {
		t.Fatal(err)
	}
	// Type a second topic into the blank field, and press Enter.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#inputs label:nth-child(2) input`), "crispr"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`figure.chart img[src*="q=crispr"]`)),
		waitLoaded(`figure.chart img`),
		chromedp.WaitVisible(chromedp.CSS(`#inputs label:nth-child(3) input`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if loc != base+"/?q=exosome&q=crispr" {
		t.Errorf("the address after typing = %q, want %s/?q=exosome&q=crispr", loc, base)
	}
	head, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#result table thead`)))
	if !strings.Contains(head, "exosome") || !strings.Contains(head, "crispr") {
		t.Errorf("the table's header after typing = %q, want both topics", head)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Nodes(inputs)); len(n) != 3 {
		t.Errorf("%d topic fields, want 3 (one blank for another)", len(n))
	}
	if kept, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.pubtrendTest === 1`)); !kept {
		t.Error("the page was reloaded")
	}

	// Download the CSV.
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.downloads a[href^="/compare.csv"]`))); err != nil {
		t.Fatal(err)
	}
	var csv []byte
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			if csv, err = os.ReadFile(filepath.Join(downloads, ev.GUID)); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if !strings.HasPrefix(string(csv), "year,partial,exosome,crispr\n2015,false,") {
		t.Errorf("downloaded CSV:\n%s", csv)
	}

	if dir := os.Getenv("PUBTREND_SCREENSHOTS"); dir != "" {
		screenshots(t, ctx, dir)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		if m.Type == chromedp.ConsoleError || m.IsException() {
			t.Errorf("console: %s (%s:%d)", m, m.URL, m.Line)
		}
	}
}

// waitLoaded waits until the image sel has loaded, and fails if it
// could not be.
func waitLoaded(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			state, err := chromedp.Evaluate[string](`(() => { const i = document.querySelector(`+"`"+sel+"`"+
				`); return !i || !i.complete ? 'loading' : i.naturalWidth > 0 ? 'loaded' : 'broken'; })()`)(ctx, t)
			switch {
			case err != nil:
				return err
			case state == "broken":
				return &imageError{sel}
			case state == "loaded":
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
}

type imageError struct{ sel string }

func (e *imageError) Error() string { return e.sel + " did not load" }

// screenshots saves the page as it is, light, dark and phone-sized.
func screenshots(t *testing.T, ctx context.Context, dir string) {
	shot := func(name string) {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shot("light.png")
	dark := []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: dark}); err != nil {
		t.Fatal(err)
	}
	shot("dark.png")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`figure.chart img`)), waitLoaded(`figure.chart img`))
	if err != nil {
		t.Fatal(err)
	}
	shot("phone.png")
	if err := chromedp.Do(ctx, chromedp.Navigate(strings.SplitN(mustLocation(ctx), "?", 2)[0]), chromedp.WaitVisible(chromedp.CSS(`.topics-list`))); err != nil {
		t.Fatal(err)
	}
	shot("phone-topics.png")
}

func mustLocation(ctx context.Context) string {
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}
