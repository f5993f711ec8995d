package main

import (
	"math"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/store"
)

func TestProjection(t *testing.T) {
	s := store.Series{Query: "q", Field: "dp"}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 3, 0, 0, 0, time.UTC) }
	obs := func(year int, count int64, when time.Time) store.Observation {
		return store.Observation{Series: s, Year: year, Count: count, FetchedAt: when}
	}
	d := loaded{
		Topic:  Topic{Name: "q", Query: "q", From: 2020, To: 2026},
		latest: map[int]store.Observation{2026: obs(2026, 900, at(2026, 7, 1)), 2025: obs(2025, 1000, at(2026, 7, 1))},
	}

	// Without last year's history: scaled by the elapsed fraction of 2026
	// (181 of 365 days by 1 July, 03:00).
	p := project(d, 2026)
	frac := (181 + 3.0/24) / 365
	if p == nil || p.Count != math.Round(900/frac) {
		t.Fatalf("project without history = %+v, want %v", p, math.Round(900/frac))
	}

	// Last year stood at 800 on 3 July 2025 and is 1000 now: ×1.25.
	d.prevYear = []store.Observation{obs(2025, 500, at(2025, 3, 1)), obs(2025, 800, at(2025, 7, 3)), obs(2025, 1000, at(2026, 7, 1))}
	p = project(d, 2026)
	if p == nil || p.Count != 1125 {
		t.Fatalf("project with history = %+v, want 1125", p)
	}
	if p.Method == "" {
		t.Error("projection without a method")
	}

	// No count for the current year: no projection.
	delete(d.latest, 2026)
	if p := project(d, 2026); p != nil {
		t.Errorf("project without a 2026 count = %+v, want nil", p)
	}
}
